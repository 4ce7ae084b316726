// Where the cursor is on a VMX line: on a key (typing a new key or editing one) or on a value.
// Every lookup is O(1) in the document size: parseVmx keeps one VmxLine per line, in order.
import type { Position } from 'vscode-languageserver-types';
import type { Span } from '../../service/text';
import type { VmxDocument, VmxEntry, VmxLine } from '../parser';

export type CursorContext =
  | { kind: 'key'; line: number; offset: number; /** From the first non-space to the end of the key token. */ span: Span; typed: string; hasEq: boolean }
  | { kind: 'value'; line: number; offset: number; entry: VmxEntry }
  | { kind: 'none' };

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 0xfeff || c === 0xa0;
}

/** indexOf bounded to one line, so a line without the character does not scan the rest of the file. */
function indexOnLine(text: string, ch: string, from: number, lineEnd: number): number {
  for (let i = from; i < lineEnd; i++) if (text[i] === ch) return i;
  return -1;
}

/** The parsed line at a position (parseVmx keeps one per line, in order; undefined past the last line). */
export function lineAt(doc: VmxDocument, line: number): VmxLine | undefined {
  const l = doc.lines[line];
  return l && l.lineIndex === line ? l : undefined;
}

/** The entry of a line, also when the line is invalid but has a recognisable key. */
export function entryOf(line: VmxLine | undefined): VmxEntry | undefined {
  if (!line) return undefined;
  if (line.kind === 'entry') return line;
  if (line.kind === 'invalid') return line.entry;
  return undefined;
}

export function cursorContext(doc: VmxDocument, position: Position): CursorContext {
  const { text, index } = doc;
  if (position.line >= index.lineCount) return { kind: 'none' };
  const offset = index.offsetAt(position);
  const lineStart = index.lineStarts[position.line];
  const lineEnd = index.lineEnd(position.line);
  let first = lineStart;
  while (first < lineEnd && isSpace(text.charCodeAt(first))) first++;
  const eqOnLine = indexOnLine(text, '=', first, lineEnd);
  if (offset < first) {
    // In the indentation: a key completion that inserts at the cursor.
    return { kind: 'key', line: position.line, offset, span: { start: offset, end: offset }, typed: '', hasEq: eqOnLine >= 0 };
  }
  if (text[first] === '#') return { kind: 'none' };
  if (eqOnLine >= 0 && offset > eqOnLine) {
    const entry = entryOf(lineAt(doc, position.line));
    return entry ? { kind: 'value', line: position.line, offset, entry } : { kind: 'none' };
  }
  let keyEnd = offset;
  while (keyEnd < lineEnd && text[keyEnd] !== '=' && !isSpace(text.charCodeAt(keyEnd))) keyEnd++;
  return {
    kind: 'key',
    line: position.line,
    offset,
    span: { start: first, end: keyEnd },
    typed: text.slice(first, offset),
    hasEq: eqOnLine >= 0,
  };
}

/** Is the offset inside (or at either edge of) the span? */
export function touches(span: Span, offset: number): boolean {
  return offset >= span.start && offset <= span.end;
}
