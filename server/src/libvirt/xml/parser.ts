// A small, fault-tolerant, lossless XML scanner for libvirt documents.
//
// Why not a general XML library: libvirt files are edited by hand and pasted from slides, so the
// parser must (1) keep exact offsets of every name, value and delimiter for minimal edits,
// (2) report ONE well-formedness error at the real cause and keep going, (3) understand typographic
// quotes used as attribute delimiters instead of cascading, (4) never expand or fetch an entity,
// and (5) stay linear: a 2.4 MB domain must analyse in well under half a second (the chevrotain-based
// @xml-tools/parser needs ~1.5 s for that file on its own). Everything here is one pass, no recursion.
import type { Span } from '../../service/text';

export const SMART_QUOTES = new Set(['‘', '’', '‚', '‛', '“', '”', '„', '‟', '′', '″']);

export interface XmlAttribute {
  /** Qualified name as written ("state", "xmlns:qemu"). */
  readonly name: string;
  readonly nameSpan: Span;
  /** Value including its delimiters; undefined when the attribute has no `=value`. */
  readonly valueSpan?: Span;
  /** Value without delimiters. */
  readonly innerSpan?: Span;
  /** The value as written (entities not expanded). */
  readonly raw: string;
  /** The value with the predefined entities and character references decoded (nothing else). */
  readonly value: string;
  /** The straight quote that delimits the value (for smart-quoted values: the one a fix writes). */
  readonly quote?: '"' | "'";
  /** Offsets of typographic quote characters used as delimiters, and a missing closing one. */
  readonly smartQuotes: readonly number[];
  /** Set when a smart-quoted value has no closing delimiter: a fix inserts one here. */
  readonly missingCloseAt?: number;
}

export interface XmlElement {
  /** Qualified name as written ("hostdev", "qemu:commandline"). */
  readonly name: string;
  readonly nameSpan: Span;
  /** Offset of '<'. */
  readonly start: number;
  /** Offset just after the start tag's '>' or '/>'. */
  readonly startTagEnd: number;
  /** Offset of the end tag's '<' (= startTagEnd for a self-closing element). */
  readonly contentEnd: number;
  /** Offset just after the element (after the end tag). */
  readonly end: number;
  readonly selfClosing: boolean;
  readonly attributes: readonly XmlAttribute[];
  readonly children: readonly XmlElement[];
  readonly parent?: XmlElement;
  readonly depth: number;
}

export interface XmlError {
  span: Span;
  message: string;
}

export interface XmlComment {
  span: Span;
}

export interface XmlDocument {
  text: string;
  root?: XmlElement;
  /** Every element in document order. */
  elements: XmlElement[];
  /** Elements by qualified name, in document order. */
  byName: Map<string, XmlElement[]>;
  /** Well-formedness errors in the order they were detected; the first one is the real cause. */
  errors: XmlError[];
  comments: XmlComment[];
  hasDoctype: boolean;
  /** Attributes delimited by typographic quotes, in document order (usually none). */
  smartQuoted: XmlAttribute[];
}

const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function isNameStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c === 58 || (c >= 0xc0 && !isSmartQuoteCode(c) && c !== 0xfeff);
}
function isNameChar(c: number): boolean {
  return isNameStart(c) || (c >= 48 && c <= 57) || c === 45 || c === 46 || c === 0xb7;
}
function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 13 || c === 9;
}
/**
 * Typographic quotes pasted as attribute delimiters: ‘ ’ “ ” and the low / reversed ones ‚ ‛ „ ‟, and the
 * primes ′ ″ that blog software writes for quotes (domain=’0x000′).
 */
function isSmartQuoteCode(c: number): boolean {
  return (c >= 0x2018 && c <= 0x201f) || c === 0x2032 || c === 0x2033;
}
/** The four that are never content where they stand in a value (a prime or „ may be: 12″, „x“). */
function isCurlyQuoteCode(c: number): boolean {
  return c === 0x2018 || c === 0x2019 || c === 0x201c || c === 0x201d;
}
/** Characters XML 1.0 forbids anywhere (C0 controls other than tab/LF/CR, U+FFFE, U+FFFF). */
function isIllegalChar(c: number): boolean {
  return (c < 32 && c !== 9 && c !== 10 && c !== 13) || c === 0xfffe || c === 0xffff;
}

/** Decodes the five predefined entities and character references; anything else stays as written. */
export function decodeXmlText(raw: string): string {
  if (raw.indexOf('&') < 0) return raw;
  return raw.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[A-Za-z]+);/g, (all, ref: string) => {
    if (ref[0] === '#') {
      const code = ref[1] === 'x' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : all;
    }
    return PREDEFINED[ref] ?? all;
  });
}

/**
 * The offset just after the `>` that closes the DOCTYPE (or other `<!` declaration) at `at`, or -1.
 * Quoted literals may hold `>` and `]`; the internal subset `[ … ]` may hold markup declarations,
 * comments and processing instructions (`<!ENTITY e "<foo>">`), all skipped. One forward pass.
 */
export function doctypeEnd(text: string, at: number): number {
  const n = text.length;
  let inSubset = false;
  let i = at + 2;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 34 || c === 39) {
      const close = text.indexOf(text[i], i + 1);
      if (close < 0) return -1;
      i = close + 1;
    } else if (inSubset && c === 60 && text.startsWith('<!--', i)) {
      const close = text.indexOf('-->', i + 4);
      if (close < 0) return -1;
      i = close + 3;
    } else if (inSubset && c === 60 && text.startsWith('<?', i)) {
      const close = text.indexOf('?>', i + 2);
      if (close < 0) return -1;
      i = close + 2;
    } else if (c === 91 /* [ */ && !inSubset) {
      inSubset = true;
      i++;
    } else if (c === 93 /* ] */ && inSubset) {
      inSubset = false;
      i++;
    } else if (c === 62 /* > */ && !inSubset) {
      return i + 1;
    } else i++;
  }
  return -1;
}

// The node classes below hold offsets and build spans and strings only when asked (the pattern of
// the VMX parser): a domain of 8 MB has ~150,000 elements and ~300,000 attributes, most never read,
// and every object kept per node costs allocation and garbage-collection time that grows faster than
// the input. Their public shape is the interfaces above.

/** Shared by every node without attributes, children or smart quotes: no array per node. */
const NONE: readonly never[] = Object.freeze([]);

// Attribute value shape, as bits of AttributeNode.flags.
const HAS_VALUE = 1;
/** The value has an opening delimiter (straight or typographic quote) before innerStart. */
const OPENED = 2;
/** The value has a closing delimiter after innerEnd. */
const CLOSED = 4;
/** A smart-quoted value without a closing delimiter: a fix inserts one at innerEnd. */
const MISSING_CLOSE = 8;
const QUOTE_DOUBLE = 16;
const QUOTE_SINGLE = 32;

class AttributeNode implements XmlAttribute {
  innerStart = 0;
  innerEnd = 0;
  flags = 0;
  smartQuotes: readonly number[] = NONE;
  constructor(
    private readonly source: string,
    readonly name: string,
    private readonly nameStart: number,
  ) {}

  get nameSpan(): Span {
    return { start: this.nameStart, end: this.nameStart + this.name.length };
  }

  get valueSpan(): Span | undefined {
    const f = this.flags;
    if (!(f & HAS_VALUE)) return undefined;
    return { start: f & OPENED ? this.innerStart - 1 : this.innerStart, end: f & CLOSED ? this.innerEnd + 1 : this.innerEnd };
  }

  get innerSpan(): Span | undefined {
    return this.flags & HAS_VALUE ? { start: this.innerStart, end: this.innerEnd } : undefined;
  }

  get raw(): string {
    return this.flags & HAS_VALUE ? this.source.slice(this.innerStart, this.innerEnd) : '';
  }

  get value(): string {
    return decodeXmlText(this.raw);
  }

  get quote(): '"' | "'" | undefined {
    const f = this.flags;
    return f & QUOTE_DOUBLE ? '"' : f & QUOTE_SINGLE ? "'" : undefined;
  }

  set quote(q: '"' | "'" | undefined) {
    this.flags = (this.flags & ~(QUOTE_DOUBLE | QUOTE_SINGLE)) | (q === '"' ? QUOTE_DOUBLE : q === "'" ? QUOTE_SINGLE : 0);
  }

  get missingCloseAt(): number | undefined {
    return this.flags & MISSING_CLOSE ? this.innerEnd : undefined;
  }

  addSmartQuote(at: number): void {
    this.smartQuotes = this.smartQuotes.length ? [...this.smartQuotes, at] : [at];
  }
}

class ElementNode implements XmlElement {
  startTagEnd: number;
  contentEnd: number;
  end: number;
  selfClosing = false;
  attributes: readonly XmlAttribute[] = NONE;
  children: readonly XmlElement[] = NONE;
  constructor(
    readonly name: string,
    readonly start: number,
    readonly parent: XmlElement | undefined,
    readonly depth: number,
  ) {
    this.startTagEnd = this.contentEnd = this.end = start + 1 + name.length;
  }

  get nameSpan(): Span {
    return { start: this.start + 1, end: this.start + 1 + this.name.length };
  }
}

export function parseXml(text: string): XmlDocument {
  return new Scanner(text).run();
}

class Scanner {
  private pos = 0;
  private readonly n: number;
  private readonly stack: ElementNode[] = [];
  /** Children of the open elements, innermost last; stack[k]'s start at childStart[k]. Each element
   *  gets one exact-size array when it closes, instead of a growing array per element. */
  private readonly pending: XmlElement[] = [];
  private readonly childStart: number[] = [];
  /** The attributes of the start tag being read. */
  private readonly attrs: AttributeNode[] = [];
  /** One string per distinct attribute name, so 300,000 attributes do not keep 300,000 copies of "type". */
  private readonly attrNames = new Map<string, string>();
  private readonly doc: XmlDocument;
  private rootClosed = false;
  private sawDoctype = false;

  constructor(private readonly text: string) {
    this.n = text.length;
    this.doc = { text, elements: [], byName: new Map(), errors: [], comments: [], hasDoctype: false, smartQuoted: [] };
  }

  private error(start: number, end: number, message: string): void {
    this.doc.errors.push({ span: { start, end: Math.max(end, start) }, message });
  }

  run(): XmlDocument {
    const t = this.text;
    if (t.charCodeAt(0) === 0xfeff) this.pos = 1;
    while (this.pos < this.n) {
      const c = t.charCodeAt(this.pos);
      if (c === 60 /* < */) this.markup();
      else this.content();
    }
    this.finish();
    this.doc.hasDoctype = this.sawDoctype;
    return this.doc;
  }

  private finish(): void {
    if (this.stack.length) {
      // The innermost unclosed element is where the document stops making sense.
      const open = this.stack[this.stack.length - 1];
      this.error(open.nameSpan.start, open.nameSpan.end, `<${open.name}> is never closed: add </${open.name}>`);
      while (this.stack.length) {
        const el = this.close();
        el.contentEnd = this.n;
        el.end = this.n;
      }
    }
    if (!this.doc.root) this.error(0, Math.min(this.n, 1), 'The document has no root element');
  }

  /** Character data up to the next '<'. Checks references, illegal characters and stray text. */
  private content(): void {
    const t = this.text;
    const outside = this.stack.length === 0;
    let firstText = -1;
    let i = this.pos;
    for (; i < this.n; i++) {
      const c = t.charCodeAt(i);
      if (c === 60) break;
      if (c === 38 /* & */) {
        i = this.reference(i) - 1;
        if (firstText < 0) firstText = i;
        continue;
      }
      if (isIllegalChar(c)) this.error(i, i + 1, `Character U+${c.toString(16).padStart(4, '0').toUpperCase()} is not allowed in XML`);
      else if (c === 93 /* ] */ && t.startsWith(']]>', i)) this.error(i, i + 3, "']]>' is not allowed in text (write ']]&gt;')");
      if (firstText < 0 && !isSpace(c)) firstText = i;
    }
    if (outside && firstText >= 0) {
      let e = firstText;
      while (e < i && !isSpace(t.charCodeAt(e))) e++;
      const where = this.doc.root ? 'after the root element' : 'before the root element';
      this.error(firstText, e, `Text is not allowed ${where}`);
    }
    this.pos = i;
  }

  /** Validates an `&…;` reference at `at` (never expands it); returns the offset after it. */
  private reference(at: number): number {
    const re = /&(?:#[0-9]+|#x[0-9a-fA-F]+|([A-Za-z_:][\w.:-]*));/y;
    re.lastIndex = at;
    const m = re.exec(this.text);
    if (!m) {
      this.error(at, at + 1, "'&' must start an entity or character reference: write &amp; for a literal '&'");
      return at + 1;
    }
    const name = m[1];
    if (name !== undefined && !(name in PREDEFINED) && !this.sawDoctype) {
      this.error(at, re.lastIndex, `Undefined entity &${name}; (only &lt; &gt; &amp; &quot; &apos; exist without a DTD; entities are never expanded)`);
    }
    return re.lastIndex;
  }

  private markup(): void {
    const t = this.text;
    const p = this.pos;
    const next = t.charCodeAt(p + 1);
    if (next === 33 /* ! */) {
      if (t.startsWith('<!--', p)) return this.comment();
      if (t.startsWith('<![CDATA[', p)) return this.cdata();
      if (t.startsWith('<!DOCTYPE', p)) return this.doctype();
      this.error(p, p + 2, "'<!' must start a comment (<!-- -->), CDATA section or DOCTYPE");
      this.pos = p + 2;
      return;
    }
    if (next === 63 /* ? */) return this.processingInstruction();
    if (next === 47 /* / */) return this.endTag();
    if (isNameStart(next)) return this.startTag();
    this.error(p, p + 1, "'<' must start a tag: write &lt; for a literal '<'");
    this.pos = p + 1;
  }

  private comment(): void {
    const p = this.pos;
    const close = this.text.indexOf('-->', p + 4);
    if (close < 0) {
      this.error(p, p + 4, 'Comment is never closed: add -->');
      this.pos = this.n;
      return;
    }
    const dd = this.text.indexOf('--', p + 4);
    if (dd >= 0 && dd < close) this.error(dd, dd + 2, "'--' is not allowed inside a comment");
    this.doc.comments.push({ span: { start: p, end: close + 3 } });
    this.pos = close + 3;
  }

  private cdata(): void {
    const p = this.pos;
    if (this.stack.length === 0) this.error(p, p + 9, 'A CDATA section is only allowed inside the root element');
    const close = this.text.indexOf(']]>', p + 9);
    if (close < 0) {
      this.error(p, p + 9, 'CDATA section is never closed: add ]]>');
      this.pos = this.n;
      return;
    }
    this.pos = close + 3;
  }

  /** Skips a DOCTYPE, its internal subset and quoted literals; nothing in it is ever fetched or expanded. */
  private doctype(): void {
    const p = this.pos;
    if (this.doc.root || this.stack.length) this.error(p, p + 9, 'A DOCTYPE is only allowed before the root element');
    this.sawDoctype = true;
    const end = doctypeEnd(this.text, p);
    if (end < 0) {
      this.error(p, p + 9, 'DOCTYPE is never closed');
      this.pos = this.n;
      return;
    }
    this.pos = end;
  }

  private processingInstruction(): void {
    const t = this.text;
    const p = this.pos;
    const close = t.indexOf('?>', p + 2);
    let e = p + 2;
    while (e < this.n && isNameChar(t.charCodeAt(e))) e++;
    const target = t.slice(p + 2, e);
    if (close < 0) {
      this.error(p, e, `Processing instruction <?${target} is never closed: add ?>`);
      this.pos = this.n;
      return;
    }
    if (target.toLowerCase() === 'xml') {
      const atStart = p === 0 || (p === 1 && t.charCodeAt(0) === 0xfeff);
      if (!atStart) this.error(p, e, 'The XML declaration <?xml …?> must be at the very start of the file (nothing before it, not even a blank line)');
    } else if (target === '') {
      this.error(p, p + 2, "'<?' must be followed by a processing instruction target");
    }
    this.pos = close + 2;
  }

  private readName(from: number): number {
    let e = from;
    while (e < this.n && isNameChar(this.text.charCodeAt(e))) e++;
    return e;
  }

  private open(el: ElementNode): void {
    this.stack.push(el);
    this.childStart.push(this.pending.length);
  }

  /** Pops the innermost open element and hands it its children. */
  private close(): ElementNode {
    const el = this.stack.pop()!;
    const from = this.childStart.pop()!;
    if (this.pending.length > from) {
      el.children = this.pending.slice(from);
      this.pending.length = from;
    }
    return el;
  }

  private startTag(): void {
    const t = this.text;
    const p = this.pos;
    const nameEnd = this.readName(p + 1);
    const written = t.slice(p + 1, nameEnd);
    const sameName = this.doc.byName.get(written);
    const parent: ElementNode | undefined = this.stack[this.stack.length - 1];
    const el = new ElementNode(sameName ? sameName[0].name : written, p, parent, this.stack.length);
    if (parent) this.pending.push(el);
    else if (this.doc.root || this.rootClosed) this.error(p + 1, nameEnd, `A second root element <${el.name}>: an XML document has exactly one root element`);
    else this.doc.root = el;
    this.doc.elements.push(el);
    if (sameName) sameName.push(el);
    else this.doc.byName.set(el.name, [el]);

    let i = nameEnd;
    let closed = false;
    let sawSpace = true;
    while (i < this.n) {
      const c = t.charCodeAt(i);
      if (isSpace(c)) {
        i++;
        sawSpace = true;
        continue;
      }
      if (c === 62 /* > */) {
        i++;
        closed = true;
        break;
      }
      if (c === 47 /* / */ && t.charCodeAt(i + 1) === 62) {
        i += 2;
        closed = true;
        el.selfClosing = true;
        break;
      }
      if (c === 60 /* < */) break; // the start tag was not closed; the next tag begins here
      if (isNameStart(c)) {
        if (!sawSpace) this.error(i, i + 1, 'Attributes must be separated by white space');
        i = this.attribute(el, i);
        sawSpace = false;
        continue;
      }
      this.error(i, i + 1, `Unexpected character '${t[i]}' in the start tag of <${el.name}>`);
      i++;
    }
    if (this.attrs.length) {
      el.attributes = this.attrs.slice();
      this.attrs.length = 0;
    }
    if (!closed) this.error(p + 1, nameEnd, `The start tag of <${el.name}> is not closed: add '>' or '/>'`);
    el.startTagEnd = i;
    el.contentEnd = i;
    el.end = i;
    this.pos = i;
    if (el.selfClosing || !closed) {
      if (!el.parent) this.rootClosed = el.selfClosing;
      if (!closed && !el.selfClosing) this.open(el);
      return;
    }
    this.open(el);
  }

  /** One attribute starting at `at`; returns the offset after it. */
  private attribute(el: XmlElement, at: number): number {
    const t = this.text;
    const nameEnd = this.readName(at);
    const written = t.slice(at, nameEnd);
    let name = this.attrNames.get(written);
    if (name === undefined) this.attrNames.set(written, (name = written));
    const attr = new AttributeNode(t, name, at);
    for (const other of this.attrs) {
      if (other.name === name) {
        this.error(at, nameEnd, `Attribute '${name}' is written twice in <${el.name}>`);
        break;
      }
    }
    this.attrs.push(attr);
    let i = nameEnd;
    while (i < this.n && isSpace(t.charCodeAt(i))) i++;
    if (t.charCodeAt(i) !== 61 /* = */) {
      this.error(at, nameEnd, `Attribute '${attr.name}' has no value: write ${attr.name}='…'`);
      return i;
    }
    i++;
    while (i < this.n && isSpace(t.charCodeAt(i))) i++;
    const q = t.charCodeAt(i);
    if (q === 34 || q === 39) return this.straightValue(attr, i);
    if (isSmartQuoteCode(q)) return this.smartValue(attr, i);
    // Unquoted: read up to white space or the end of the tag so the rest of the tag still parses.
    let e = i;
    while (e < this.n) {
      const c = t.charCodeAt(e);
      if (isSpace(c) || c === 62 || c === 60 || (c === 47 && t.charCodeAt(e + 1) === 62)) break;
      e++;
    }
    this.error(i, Math.max(e, i + 1), `The value of '${attr.name}' must be quoted: ${attr.name}='${t.slice(i, e)}'`);
    this.setValue(attr, i, e, 0);
    return e;
  }

  /** Records the value between innerStart and innerEnd; `shape` says which delimiters surround it. */
  private setValue(attr: AttributeNode, innerStart: number, innerEnd: number, shape: number): void {
    attr.innerStart = innerStart;
    attr.innerEnd = innerEnd;
    attr.flags |= HAS_VALUE | shape;
  }

  private addSmartQuote(attr: AttributeNode, at: number): void {
    if (!attr.smartQuotes.length) this.doc.smartQuoted.push(attr);
    attr.addSmartQuote(at);
  }

  /** A value opened with a straight quote. A typographic quote followed by the end of the value
   *  (space, '/>' or '>') is taken as the intended closing delimiter: `slot='0x08’ function=…`. */
  private straightValue(attr: AttributeNode, open: number): number {
    const t = this.text;
    const q = t[open] as '"' | "'";
    attr.quote = q;
    for (let i = open + 1; i < this.n; i++) {
      const c = t.charCodeAt(i);
      if (t[i] === q) {
        this.checkValueChars(open + 1, i);
        this.setValue(attr, open + 1, i, OPENED | CLOSED);
        return i + 1;
      }
      if (isSmartQuoteCode(c) && this.endsValue(i + 1)) {
        this.addSmartQuote(attr, i);
        this.checkValueChars(open + 1, i);
        this.setValue(attr, open + 1, i, OPENED | CLOSED);
        return i + 1;
      }
      if (c === 60 /* < */) break;
    }
    // Unterminated: the real cause is the opening quote, not whatever follows.
    this.error(open, open + 1, `The value of '${attr.name}' is never closed: add the closing ${q}`);
    let e = open + 1;
    while (e < this.n && t.charCodeAt(e) !== 60 && t.charCodeAt(e) !== 62) e++;
    this.setValue(attr, open + 1, e, OPENED);
    return e;
  }

  /** A value opened with a typographic quote: closed by the next typographic quote, or by a straight
   *  quote that ends the value (`type=“mouse' bus=…`; in `“a'b”` the apostrophe is content), or by
   *  the end of the value. The value gets the same checks as a quoted one, so a bare '&' is reported. */
  private smartValue(attr: AttributeNode, open: number): number {
    const t = this.text;
    this.addSmartQuote(attr, open);
    let i = open + 1;
    for (; i < this.n; i++) {
      const c = t.charCodeAt(i);
      const straightClose = (c === 34 || c === 39) && this.endsValue(i + 1);
      // A curly quote closes the value wherever it stands; a prime or low quote only where the value ends.
      if (isCurlyQuoteCode(c) || (isSmartQuoteCode(c) && this.endsValue(i + 1)) || straightClose) {
        if (straightClose) attr.quote = t[i] as '"' | "'";
        else this.addSmartQuote(attr, i);
        attr.quote ??= "'";
        this.checkValueChars(open + 1, i);
        this.setValue(attr, open + 1, i, OPENED | CLOSED);
        return i + 1;
      }
      if (isSpace(c) || c === 62 || c === 60 || (c === 47 && t.charCodeAt(i + 1) === 62)) break;
    }
    attr.quote = "'";
    this.checkValueChars(open + 1, i);
    this.setValue(attr, open + 1, i, OPENED | MISSING_CLOSE);
    return i;
  }

  private endsValue(at: number): boolean {
    if (at >= this.n) return true;
    const c = this.text.charCodeAt(at);
    return isSpace(c) || c === 62 || (c === 47 && this.text.charCodeAt(at + 1) === 62);
  }

  private checkValueChars(from: number, to: number): void {
    const t = this.text;
    for (let i = from; i < to; i++) {
      const c = t.charCodeAt(i);
      if (c === 38) i = this.reference(i) - 1;
      else if (isIllegalChar(c)) this.error(i, i + 1, `Character U+${c.toString(16).padStart(4, '0').toUpperCase()} is not allowed in XML`);
    }
  }

  private endTag(): void {
    const t = this.text;
    const p = this.pos;
    const nameEnd = this.readName(p + 2);
    const name = t.slice(p + 2, nameEnd);
    let i = nameEnd;
    while (i < this.n && isSpace(t.charCodeAt(i))) i++;
    let end = i;
    if (t.charCodeAt(i) === 62) end = i + 1;
    else this.error(p, nameEnd, `The end tag </${name}> is not closed: add '>'`);
    this.pos = end;
    if (name === '') {
      this.error(p, p + 2, "'</' must be followed by an element name");
      return;
    }
    // Find the element this closes; elements between it and the top were never closed.
    let k = this.stack.length - 1;
    while (k >= 0 && this.stack[k].name !== name) k--;
    if (k < 0) {
      const top = this.stack[this.stack.length - 1];
      this.error(p + 2, nameEnd, top ? `</${name}> does not match the open element <${top.name}>` : `</${name}> has no matching start tag`);
      return;
    }
    if (k < this.stack.length - 1) {
      const unclosed = this.stack[k + 1];
      this.error(unclosed.nameSpan.start, unclosed.nameSpan.end, `<${unclosed.name}> is never closed: add </${unclosed.name}> before </${name}>`);
    }
    const matched = this.stack[k];
    while (this.stack.length > k) {
      const el = this.close();
      el.contentEnd = p;
      el.end = el === matched ? end : p;
    }
    if (!matched.parent) this.rootClosed = true;
  }
}
