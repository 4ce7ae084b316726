// Lossless VMX parser: every line is kept with exact offsets for its key, '=', value, quotes and
// trailing comment, so rules can point at the right characters and fixes can edit only what they must.
import { LineIndex, Span } from '../service/text';
import { packKeyHead } from '../util/strings';

export type QuoteStyle = 'straight' | 'smart' | 'mixed' | 'single' | 'none';

export interface VmxValue {
  /** The whole value token, quotes included. */
  span: Span;
  /** Between the quotes (or the bare token). */
  inner: Span;
  /** As written between the quotes. */
  raw: string;
  /** With VMware's `|XX` hex escapes decoded. */
  text: string;
  quote: QuoteStyle;
  terminated: boolean;
}

export interface VmxEntry {
  kind: 'entry';
  lineIndex: number;
  /** The line without its line break. */
  line: Span;
  key: { span: Span; text: string; lower: string };
  eq: number;
  value: VmxValue;
  comment?: Span;
}

export interface VmxComment {
  kind: 'comment';
  lineIndex: number;
  line: Span;
  text: string;
}

export interface VmxBlank {
  kind: 'blank';
  lineIndex: number;
  line: Span;
}

export interface VmxInvalid {
  kind: 'invalid';
  lineIndex: number;
  line: Span;
  message: string;
  errorSpan: Span;
  /** Present when the line has a recognisable key (e.g. an unterminated value). */
  entry?: VmxEntry;
}

export type VmxLine = VmxEntry | VmxComment | VmxBlank | VmxInvalid;

export interface VmxDocument {
  text: string;
  index: LineIndex;
  lines: VmxLine[];
  /** Well-formed entries (and entries recovered from invalid lines), in file order. */
  entries: VmxEntry[];
  /** The last entry for a lower-case key (VMware: the last one wins). */
  get(key: string): VmxEntry | undefined;
  getAll(key: string): VmxEntry[];
}

export function isSmartQuote(ch: string): boolean {
  return ch.length === 1 && isSmartQuoteCode(ch.charCodeAt(0));
}

/** Typographic quotes people paste from web pages and word processors: ‘ ’ ‚ ‛ “ ” „ ‟ ′ ″ « » 〝 〞 ＂. */
function isSmartQuoteCode(c: number): boolean {
  if (c < 0xab) return false; // every ASCII character: the common case, answered without a search
  return c === 0xab || c === 0xbb || (c >= 0x2018 && c <= 0x201f) || c === 0x2032 || c === 0x2033 || c === 0x301d || c === 0x301e || c === 0xff02;
}

export function decodeVmxEscapes(raw: string): string {
  if (raw.indexOf('|') < 0) return raw;
  return raw.replace(/\|([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

export function encodeVmxValue(text: string): string {
  return text.replace(/[|"\u0000-\u001f]/g, (c) => '|' + c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0'));
}

const HASH = 35; // '#'
const EQ = 61; // '='
const DQUOTE = 34; // '"'
const SQUOTE = 39; // "'"

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 0xfeff || c === 0xa0;
}

// The node classes below hold offsets and build spans, strings and sub-objects only when asked: a
// document of 20,000 lines is read by rules that look at a handful of values, and every object kept
// per line costs allocation and garbage-collection time. Their public shape is the interfaces above.

class KeyNode {
  private lowerText: string | undefined = undefined;
  constructor(
    readonly text: string,
    private readonly start: number,
    private readonly end: number,
  ) {}

  get span(): Span {
    return { start: this.start, end: this.end };
  }

  get lower(): string {
    return (this.lowerText ??= this.text.toLowerCase());
  }
}

class ValueNode implements VmxValue {
  private rawText: string | undefined = undefined;
  private decoded: string | undefined = undefined;
  constructor(
    private readonly source: string,
    private readonly start: number,
    private readonly end: number,
    private readonly innerStart: number,
    private readonly innerEnd: number,
    readonly quote: QuoteStyle,
    readonly terminated: boolean,
  ) {}

  get span(): Span {
    return { start: this.start, end: this.end };
  }

  get inner(): Span {
    return { start: this.innerStart, end: this.innerEnd };
  }

  get raw(): string {
    return (this.rawText ??= this.source.slice(this.innerStart, this.innerEnd));
  }

  get text(): string {
    // Only a quoted value has escapes; a bare one is taken as written.
    return (this.decoded ??= this.quote === 'none' ? this.raw : decodeVmxEscapes(this.raw));
  }
}

class EntryNode implements VmxEntry {
  readonly kind = 'entry' as const;
  private keyView: KeyNode | undefined = undefined;
  private valueView: ValueNode | undefined = undefined;
  constructor(
    readonly source: string,
    readonly lineIndex: number,
    private readonly lineStart: number,
    readonly lineEnd: number,
    readonly keyStart: number,
    readonly keyEnd: number,
    readonly eq: number,
    private readonly valueStart: number,
    private readonly valueEnd: number,
    readonly quote: QuoteStyle,
    readonly terminated: boolean,
    private readonly commentStart: number,
  ) {}

  get key(): KeyNode {
    return (this.keyView ??= new KeyNode(this.source.slice(this.keyStart, this.keyEnd), this.keyStart, this.keyEnd));
  }

  get value(): ValueNode {
    if (this.valueView) return this.valueView;
    // Between the quotes: one character each (every quote character is a single UTF-16 unit).
    const quoted = this.quote !== 'none';
    const innerStart = quoted ? this.valueStart + 1 : this.valueStart;
    const innerEnd = quoted && this.terminated ? this.valueEnd - 1 : this.valueEnd;
    return (this.valueView = new ValueNode(this.source, this.valueStart, this.valueEnd, innerStart, innerEnd, this.quote, this.terminated));
  }

  get line(): Span {
    return { start: this.lineStart, end: this.lineEnd };
  }

  get comment(): Span | undefined {
    return this.commentStart < 0 ? undefined : { start: this.commentStart, end: this.lineEnd };
  }
}

class BlankNode implements VmxBlank {
  readonly kind = 'blank' as const;
  constructor(
    readonly lineIndex: number,
    private readonly lineStart: number,
    private readonly lineEnd: number,
  ) {}

  get line(): Span {
    return { start: this.lineStart, end: this.lineEnd };
  }
}

class CommentNode implements VmxComment {
  readonly kind = 'comment' as const;
  constructor(
    private readonly source: string,
    readonly lineIndex: number,
    private readonly lineStart: number,
    private readonly lineEnd: number,
    private readonly textStart: number,
  ) {}

  get line(): Span {
    return { start: this.lineStart, end: this.lineEnd };
  }

  get text(): string {
    return this.source.slice(this.textStart, this.lineEnd);
  }
}

// Cheap reads for rules that visit every entry: they do not build the key and value objects.

/** entry.value.quote */
export function valueQuote(e: VmxEntry): QuoteStyle {
  return e instanceof EntryNode ? e.quote : e.value.quote;
}

/** entry.value.terminated */
export function valueTerminated(e: VmxEntry): boolean {
  return e instanceof EntryNode ? e.terminated : e.value.terminated;
}

/** entry.key.lower.startsWith(lowerPrefix), without building the key. */
export function keyStartsWith(e: VmxEntry, lowerPrefix: string): boolean {
  if (!(e instanceof EntryNode)) return e.key.lower.startsWith(lowerPrefix);
  const n = lowerPrefix.length;
  if (e.keyEnd - e.keyStart < n) return false;
  const src = e.source;
  for (let i = 0; i < n; i++) {
    const c = src.charCodeAt(e.keyStart + i);
    if (c >= 128) return e.key.lower.startsWith(lowerPrefix);
    if (foldAscii(c) !== lowerPrefix.charCodeAt(i)) return false;
  }
  return true;
}

/** The first four characters of entry.key.lower packed into a number (see packKeyHead). */
export function keyHead(e: VmxEntry): number {
  if (!(e instanceof EntryNode)) return packKeyHead(e.key.lower);
  const src = e.source;
  let head = 0;
  for (let i = 0; i < 4; i++) {
    const p = e.keyStart + i;
    const c = p < e.keyEnd ? src.charCodeAt(p) : 0;
    if (c >= 128) return packKeyHead(e.key.lower);
    head = (head << 7) | foldAscii(c);
  }
  return head;
}

function foldAscii(c: number): number {
  return c >= 65 && c <= 90 ? c | 32 : c;
}

/** The entries of every key that is set more than once, grouped by key, in order of first use. Shared: do not mutate. */
export function repeatedKeys(doc: VmxDocument): readonly (readonly VmxEntry[])[] {
  let repeated = repeatedOf.get(doc);
  if (!repeated) {
    const lists = new Map<string, VmxEntry[]>();
    for (const e of doc.entries) if (!lists.has(e.key.lower)) lists.set(e.key.lower, doc.getAll(e.key.lower));
    repeatedOf.set(doc, (repeated = [...lists.values()].filter((l) => l.length > 1)));
  }
  return repeated;
}

/** Keys set more than once, per document: found while indexing, so vmx/duplicate-key need not search. */
const repeatedOf = new WeakMap<VmxDocument, readonly (readonly VmxEntry[])[]>();

/**
 * Entries by case-insensitive key, without a lower-case copy of every key: an open hash table over
 * typed arrays, hashing and comparing the key's characters in the text with ASCII letters folded.
 * (Keys with other characters, rare, are compared by their toLowerCase() form.) Each distinct key is
 * a group named by its first entry; a group's entries are chained in file order.
 */
class KeyIndex {
  private readonly buckets: Int32Array; // hash bucket → first entry of a group + 1 (0: empty)
  private readonly hashes: Int32Array; // entry → hash of its key
  private readonly nextGroup: Int32Array; // first entry of a group → first entry of the next group in its bucket + 1
  private readonly lastOf: Int32Array; // first entry of a group → its last entry
  private readonly nextSame: Int32Array; // entry → next entry with the same key + 1
  private readonly mask: number;
  /** First entries of the groups with more than one entry, in the order they became repeated. */
  readonly repeated: number[] = [];

  constructor(
    private readonly entries: EntryNode[],
    capacity: number,
  ) {
    let size = 16;
    while (size < capacity * 2) size <<= 1;
    this.mask = size - 1;
    this.buckets = new Int32Array(size);
    this.hashes = new Int32Array(capacity);
    this.nextGroup = new Int32Array(capacity);
    this.lastOf = new Int32Array(capacity);
    this.nextSame = new Int32Array(capacity);
  }

  /** Adds entries[i] (entries are added in order). */
  add(i: number): void {
    const e = this.entries[i];
    const h = entryHash(e);
    this.hashes[i] = h;
    const b = h & this.mask;
    for (let g = this.buckets[b] - 1; g >= 0; g = this.nextGroup[g] - 1) {
      if (this.hashes[g] !== h || !sameKey(this.entries[g], e)) continue;
      const last = this.lastOf[g];
      this.nextSame[last] = i + 1;
      this.lastOf[g] = i;
      if (last === g) this.repeated.push(g);
      return;
    }
    this.nextGroup[i] = this.buckets[b];
    this.buckets[b] = i + 1;
    this.lastOf[i] = i;
  }

  /** The first entry of the group of `key`, or -1. */
  find(key: string): number {
    const lower = key.toLowerCase();
    const h = stringHash(lower);
    for (let g = this.buckets[h & this.mask] - 1; g >= 0; g = this.nextGroup[g] - 1) {
      if (this.hashes[g] === h && keyEquals(this.entries[g], lower)) return g;
    }
    return -1;
  }

  last(group: number): EntryNode {
    return this.entries[this.lastOf[group]];
  }

  all(group: number): EntryNode[] {
    const out: EntryNode[] = [];
    for (let i = group; i >= 0; i = this.nextSame[i] - 1) out.push(this.entries[i]);
    return out;
  }
}

const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 16777619;

function entryHash(e: EntryNode): number {
  const src = e.source;
  let h = FNV_OFFSET;
  for (let p = e.keyStart; p < e.keyEnd; p++) {
    const c = src.charCodeAt(p);
    if (c >= 128) return stringHash(e.key.lower);
    h = Math.imul(h ^ foldAscii(c), FNV_PRIME);
  }
  return h;
}

/** The same hash as entryHash, for a key already in lower case. */
function stringHash(lower: string): number {
  let h = FNV_OFFSET;
  for (let i = 0; i < lower.length; i++) h = Math.imul(h ^ lower.charCodeAt(i), FNV_PRIME);
  return h;
}

function isAsciiKey(e: EntryNode): boolean {
  for (let p = e.keyStart; p < e.keyEnd; p++) if (e.source.charCodeAt(p) >= 128) return false;
  return true;
}

function sameKey(a: EntryNode, b: EntryNode): boolean {
  const n = a.keyEnd - a.keyStart;
  if (isAsciiKey(a) && isAsciiKey(b)) {
    if (b.keyEnd - b.keyStart !== n) return false;
    for (let i = 0; i < n; i++) {
      if (foldAscii(a.source.charCodeAt(a.keyStart + i)) !== foldAscii(b.source.charCodeAt(b.keyStart + i))) return false;
    }
    return true;
  }
  return a.key.lower === b.key.lower;
}

function keyEquals(e: EntryNode, lower: string): boolean {
  if (!isAsciiKey(e)) return e.key.lower === lower;
  if (e.keyEnd - e.keyStart !== lower.length) return false;
  for (let i = 0; i < lower.length; i++) if (foldAscii(e.source.charCodeAt(e.keyStart + i)) !== lower.charCodeAt(i)) return false;
  return true;
}

export function parseVmx(text: string): VmxDocument {
  const index = new LineIndex(text);
  const lines: VmxLine[] = [];
  const entries: EntryNode[] = [];
  const starts = index.lineStarts;
  const count = starts.length;
  const keys = new KeyIndex(entries, count);
  for (let i = 0; i < count; i++) {
    const start = starts[i];
    let end = i + 1 < count ? starts[i + 1] : text.length;
    if (end > start && text.charCodeAt(end - 1) === 10) end--;
    if (end > start && text.charCodeAt(end - 1) === 13) end--;
    if (i === count - 1 && start === end && start === text.length && i > 0) break;
    const line = parseLine(text, i, start, end);
    lines.push(line);
    const entry = line instanceof EntryNode ? line : line.kind === 'invalid' ? (line.entry as EntryNode | undefined) : undefined;
    if (!entry) continue;
    keys.add(entries.push(entry) - 1);
  }
  const doc: VmxDocument = {
    text,
    index,
    lines,
    entries,
    get: (key) => {
      const g = keys.find(key);
      return g < 0 ? undefined : keys.last(g);
    },
    getAll: (key) => {
      const g = keys.find(key);
      return g < 0 ? [] : keys.all(g);
    },
  };
  // In order of each key's first use, as a reader meets them.
  repeatedOf.set(
    doc,
    keys.repeated.sort((a, b) => a - b).map((g) => keys.all(g)),
  );
  return doc;
}

function invalid(lineIndex: number, start: number, end: number, message: string, errorSpan: Span, entry?: VmxEntry): VmxInvalid {
  return { kind: 'invalid', lineIndex, line: { start, end }, message, errorSpan, ...(entry ? { entry } : {}) };
}

/** Whether a closing quote at `close` ends the value: only blanks, or blanks and a # comment, follow. */
function endsValue(text: string, close: number, end: number): boolean {
  let r = close + 1;
  while (r < end && isSpace(text.charCodeAt(r))) r++;
  return r === end || (text.charCodeAt(r) === HASH && r > close + 1);
}

function parseLine(text: string, lineIndex: number, start: number, end: number): VmxLine {
  let p = start;
  while (p < end && isSpace(text.charCodeAt(p))) p++;
  if (p === end) return new BlankNode(lineIndex, start, end);
  if (text.charCodeAt(p) === HASH) return new CommentNode(text, lineIndex, start, end, p);

  const keyStart = p;
  for (let c = text.charCodeAt(p); p < end && c !== EQ && !isSpace(c); c = text.charCodeAt(++p));
  const keyEnd = p;
  if (keyEnd === keyStart) return invalid(lineIndex, start, end, 'Expected a key before "="', { start: p, end: Math.min(p + 1, end) });
  while (p < end && isSpace(text.charCodeAt(p))) p++;
  if (p >= end || text.charCodeAt(p) !== EQ) {
    return invalid(lineIndex, start, end, `Expected "=" after the key "${text.slice(keyStart, keyEnd)}" (a line is key = "value", a # comment or blank)`, {
      start: keyStart,
      end,
    });
  }
  const eq = p++;
  while (p < end && isSpace(text.charCodeAt(p))) p++;

  if (p >= end) {
    const entry = new EntryNode(text, lineIndex, start, end, keyStart, keyEnd, eq, end, end, 'none', true, -1);
    return invalid(lineIndex, start, end, `Missing value after "${entry.key.text} ="`, { start: eq, end: eq + 1 }, entry);
  }

  const open = text.charCodeAt(p);
  const openSmart = isSmartQuoteCode(open);
  // The value token is [p, valueEnd).
  let valueEnd: number;
  let quote: QuoteStyle = 'none';
  if (open === DQUOTE || open === SQUOTE || openSmart) {
    const innerStart = p + 1;
    let close = -1;
    let closeIsSmart = false;
    if (open === DQUOTE || open === SQUOTE) {
      close = text.indexOf(open === DQUOTE ? '"' : "'", innerStart);
      if (close >= end) close = -1;
    } else {
      // Opened typographically: any quote may close it, but a straight " followed by more text is part
      // of the value (“say "hi"”): prefer the first quote after which the line ends or a comment starts.
      let first = -1;
      for (let q = innerStart; q < end; q++) {
        const c = text.charCodeAt(q);
        if (c !== DQUOTE && !isSmartQuoteCode(c)) continue;
        if (first < 0) first = q;
        if (endsValue(text, q, end)) {
          close = q;
          break;
        }
      }
      if (close < 0) close = first;
      closeIsSmart = close >= 0 && text.charCodeAt(close) !== DQUOTE;
    }
    if (close < 0 && open === DQUOTE) {
      // A straight opening quote closed by a typographic one (pasted from a web page).
      for (let q = end - 1; q >= innerStart; q--) {
        if (isSmartQuoteCode(text.charCodeAt(q))) {
          close = q;
          closeIsSmart = true;
          break;
        }
      }
    }
    if (close < 0) {
      quote = open === DQUOTE ? 'straight' : open === SQUOTE ? 'single' : 'smart';
      const entry = new EntryNode(text, lineIndex, start, end, keyStart, keyEnd, eq, p, end, quote, false, -1);
      return invalid(lineIndex, start, end, 'Unterminated quoted value: add the closing quote', { start: p, end }, entry);
    }
    quote = open === SQUOTE ? 'single' : openSmart && closeIsSmart ? 'smart' : openSmart || closeIsSmart ? 'mixed' : 'straight';
    valueEnd = close + 1;
  } else {
    // Bare value, as pasted from web pages: up to a " #" comment or the end of the line.
    valueEnd = end;
    for (let q = p + 1; q < end; q++) {
      if (text.charCodeAt(q) === HASH && isSpace(text.charCodeAt(q - 1))) {
        valueEnd = q;
        break;
      }
    }
    while (valueEnd > p && isSpace(text.charCodeAt(valueEnd - 1))) valueEnd--;
  }

  let r = valueEnd;
  while (r < end && isSpace(text.charCodeAt(r))) r++;
  if (r < end && text.charCodeAt(r) !== HASH) {
    const entry = new EntryNode(text, lineIndex, start, end, keyStart, keyEnd, eq, p, valueEnd, quote, true, -1);
    return invalid(lineIndex, start, end, 'Unexpected text after the value (a line is key = "value")', { start: r, end }, entry);
  }
  return new EntryNode(text, lineIndex, start, end, keyStart, keyEnd, eq, p, valueEnd, quote, true, r < end ? r : -1);
}
