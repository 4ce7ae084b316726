// Applies LSP TextEdits to a string the way an editor does: all ranges refer to the original text.
// Edits are applied from the end of the text backwards (stable for edits at the same position, so two
// inserts at one point keep their given order); overlapping edits are refused, as LSP forbids them.
import type { TextEdit } from 'vscode-languageserver-types';
import { LineIndex } from '../../server/src/service/text';

export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const index = new LineIndex(text);
  const spans = edits.map((e, order) => ({
    start: index.offsetAt(e.range.start),
    end: index.offsetAt(e.range.end),
    newText: e.newText,
    order,
  }));
  for (const s of spans) if (s.end < s.start) throw new Error(`edit ${s.order} has its end before its start`);
  const ascending = [...spans].sort((a, b) => a.start - b.start || a.end - b.end || a.order - b.order);
  for (let i = 1; i < ascending.length; i++) {
    const prev = ascending[i - 1];
    const cur = ascending[i];
    if (cur.start < prev.end) {
      throw new Error(`overlapping edits: [${prev.start}, ${prev.end}) and [${cur.start}, ${cur.end})`);
    }
  }
  // Descending by start; for equal starts the later-given edit is applied first so the earlier one ends up first.
  const descending = [...spans].sort((a, b) => b.start - a.start || b.end - a.end || b.order - a.order);
  let out = text;
  for (const s of descending) out = out.slice(0, s.start) + s.newText + out.slice(s.end);
  return out;
}

/** The text's lines with their line breaks kept, so CRLF vs LF differences are visible in comparisons. */
export function linesWithBreaks(text: string): string[] {
  return text.match(/[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$/g) ?? [];
}
