// Lossless VMX parser: every line is kept with exact offsets for its key, '=', value, quotes and
// trailing comment, so rules can point at the right characters and fixes can edit only what they must.
import { LineIndex, Span } from '../service/text';

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

const SMART_QUOTES = '\u201c\u201d\u201e\u201f\u2033\u301d\u301e\uff02\u00ab\u00bb';
const SMART_SINGLE = '\u2018\u2019\u201a\u201b\u2032';

export function isSmartQuote(ch: string): boolean {
  return ch.length === 1 && (SMART_QUOTES.includes(ch) || SMART_SINGLE.includes(ch));
}

export function decodeVmxEscapes(raw: string): string {
  if (raw.indexOf('|') < 0) return raw;
  return raw.replace(/\|([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

export function encodeVmxValue(text: string): string {
  return text.replace(/[|"\u0000-\u001f]/g, (c) => '|' + c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0'));
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 0xfeff || c === 0xa0;
}

export function parseVmx(text: string): VmxDocument {
  const index = new LineIndex(text);
  const lines: VmxLine[] = [];
  const entries: VmxEntry[] = [];
  for (let i = 0; i < index.lineCount; i++) {
    const start = index.lineStarts[i];
    const end = index.lineEnd(i);
    if (i === index.lineCount - 1 && start === end && start === text.length && i > 0) break;
    const line = parseLine(text, i, start, end);
    lines.push(line);
    if (line.kind === 'entry') entries.push(line);
    else if (line.kind === 'invalid' && line.entry) entries.push(line.entry);
  }
  const byKey = new Map<string, VmxEntry[]>();
  for (const e of entries) {
    const list = byKey.get(e.key.lower);
    if (list) list.push(e);
    else byKey.set(e.key.lower, [e]);
  }
  return {
    text,
    index,
    lines,
    entries,
    get: (key) => {
      const list = byKey.get(key.toLowerCase());
      return list ? list[list.length - 1] : undefined;
    },
    getAll: (key) => byKey.get(key.toLowerCase()) ?? [],
  };
}

function parseLine(text: string, lineIndex: number, start: number, end: number): VmxLine {
  const line: Span = { start, end };
  let p = start;
  while (p < end && isSpace(text.charCodeAt(p))) p++;
  if (p === end) return { kind: 'blank', lineIndex, line };
  if (text[p] === '#') return { kind: 'comment', lineIndex, line, text: text.slice(p, end) };

  const invalid = (message: string, errorSpan: Span, entry?: VmxEntry): VmxInvalid => ({
    kind: 'invalid',
    lineIndex,
    line,
    message,
    errorSpan,
    ...(entry ? { entry } : {}),
  });

  const keyStart = p;
  while (p < end && text[p] !== '=' && !isSpace(text.charCodeAt(p))) p++;
  const keyEnd = p;
  if (keyEnd === keyStart) return invalid('Expected a key before "="', { start: p, end: Math.min(p + 1, end) });
  const keyText = text.slice(keyStart, keyEnd);
  while (p < end && isSpace(text.charCodeAt(p))) p++;
  if (p >= end || text[p] !== '=') {
    return invalid(`Expected "=" after the key "${keyText}" (a line is key = "value", a # comment or blank)`, {
      start: keyStart,
      end,
    });
  }
  const eq = p++;
  while (p < end && isSpace(text.charCodeAt(p))) p++;
  const key = { span: { start: keyStart, end: keyEnd }, text: keyText, lower: keyText.toLowerCase() };

  if (p >= end) {
    const entry: VmxEntry = {
      kind: 'entry',
      lineIndex,
      line,
      key,
      eq,
      value: { span: { start: end, end }, inner: { start: end, end }, raw: '', text: '', quote: 'none', terminated: true },
    };
    return invalid(`Missing value after "${keyText} ="`, { start: eq, end: eq + 1 }, entry);
  }

  const open = text[p];
  let value: VmxValue;
  let after: number;
  if (open === '"' || isSmartQuote(open) || open === "'") {
    const innerStart = p + 1;
    let close = -1;
    let closeIsSmart = false;
    if (open === '"') close = text.indexOf('"', innerStart);
    else if (open === "'") close = text.indexOf("'", innerStart);
    else {
      for (let q = innerStart; q < end; q++) {
        if (text[q] === '"' || isSmartQuote(text[q])) {
          close = q;
          closeIsSmart = text[q] !== '"';
          break;
        }
      }
    }
    if (close >= end) close = -1;
    if (close < 0 && open === '"') {
      // A straight opening quote closed by a typographic one (pasted from a web page).
      for (let q = end - 1; q >= innerStart; q--) {
        if (isSmartQuote(text[q])) {
          close = q;
          closeIsSmart = true;
          break;
        }
      }
    }
    if (close < 0) {
      const raw = text.slice(innerStart, end);
      value = {
        span: { start: p, end },
        inner: { start: innerStart, end },
        raw,
        text: decodeVmxEscapes(raw),
        quote: open === '"' ? 'straight' : open === "'" ? 'single' : 'smart',
        terminated: false,
      };
      const entry: VmxEntry = { kind: 'entry', lineIndex, line, key, eq, value };
      return invalid('Unterminated quoted value: add the closing quote', { start: p, end }, entry);
    }
    const raw = text.slice(innerStart, close);
    const openSmart = isSmartQuote(open);
    const quote: QuoteStyle =
      open === "'" ? 'single' : openSmart && (closeIsSmart || text[close] !== '"') ? 'smart' : openSmart || closeIsSmart ? 'mixed' : 'straight';
    value = {
      span: { start: p, end: close + 1 },
      inner: { start: innerStart, end: close },
      raw,
      text: decodeVmxEscapes(raw),
      quote,
      terminated: true,
    };
    after = close + 1;
  } else {
    // Bare value, as pasted from web pages: up to a " #" comment or the end of the line.
    let q = p;
    let valueEnd = end;
    while (q < end) {
      if (text[q] === '#' && q > p && isSpace(text.charCodeAt(q - 1))) {
        valueEnd = q;
        break;
      }
      q++;
    }
    while (valueEnd > p && isSpace(text.charCodeAt(valueEnd - 1))) valueEnd--;
    const raw = text.slice(p, valueEnd);
    value = { span: { start: p, end: valueEnd }, inner: { start: p, end: valueEnd }, raw, text: raw, quote: 'none', terminated: true };
    after = valueEnd;
  }

  let r = after;
  while (r < end && isSpace(text.charCodeAt(r))) r++;
  const entry: VmxEntry = { kind: 'entry', lineIndex, line, key, eq, value };
  if (r < end) {
    if (text[r] === '#') entry.comment = { start: r, end };
    else return invalid('Unexpected text after the value (a line is key = "value")', { start: r, end }, entry);
  }
  return entry;
}
