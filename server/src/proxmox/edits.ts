// Minimal text edits on a Proxmox config: replace one token, insert a line after another (same line break).
import type { TextEdit } from 'vscode-languageserver-types';
import type { Span } from '../service/text';
import type { PxDocument, PxLine } from './parser';

export function replace(doc: PxDocument, span: Span, text: string): TextEdit {
  return { range: doc.index.range(span), newText: text };
}

/** Inserts `text` as a new line after `line` (or at the end of the current config when no line is given). */
export function insertLineAfter(doc: PxDocument, line: PxLine | undefined, text: string): TextEdit {
  const eol = doc.index.dominantEol();
  const anchor = line ?? [...doc.current.lines].reverse().find((l) => l.kind === 'property');
  if (!anchor) return { range: doc.index.range({ start: 0, end: 0 }), newText: text + eol };
  if (anchor.eol === '') return { range: doc.index.range({ start: anchor.span.end, end: anchor.span.end }), newText: eol + text };
  const at = anchor.span.end + anchor.eol.length;
  return { range: doc.index.range({ start: at, end: at }), newText: text + anchor.eol };
}

/** Removes one item of a property string (with the comma before it, or after it when it is the first). */
export function removeItem(doc: PxDocument, items: { span: Span }[], i: number): TextEdit {
  const it = items[i];
  const span = i > 0 ? { start: items[i - 1].span.end, end: it.span.end } : items.length > 1 ? { start: it.span.start, end: items[1].span.start } : it.span;
  return replace(doc, span, '');
}
