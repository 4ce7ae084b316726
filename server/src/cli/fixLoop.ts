// "Fix all" to a fixed point: each pass applies the service's non-overlapping safe fixes, then
// re-analyses, because one fix can enable another (or a skipped overlapping one). Used by
// `vgpu-lint --fix` and by the server's vgpuLint.fixAll command.
import type { TextEdit } from 'vscode-languageserver-types';
import { LineIndex } from '../service/text';
import type { DocumentInput, LanguageService } from '../service/languageService';
import type { Settings } from '../service/types';

export const MAX_FIX_PASSES = 3;

/** Applies range edits to a text (positions refer to the original text; edits must not overlap). */
export function applyEdits(text: string, edits: TextEdit[]): string {
  const index = new LineIndex(text);
  const spans = edits
    .map((e, order) => ({ start: index.offsetAt(e.range.start), end: index.offsetAt(e.range.end), newText: e.newText, order }))
    .sort((a, b) => a.start - b.start || a.end - b.end || a.order - b.order);
  let out = '';
  let at = 0;
  for (const s of spans) {
    if (s.start < at) continue; // overlapping: the earlier edit wins, as in the editor
    out += text.slice(at, s.start) + s.newText;
    at = s.end;
  }
  return out + text.slice(at);
}

export interface FixResult {
  text: string;
  passes: number;
}

export function fixToFixedPoint(service: LanguageService, input: DocumentInput, settings: Settings, maxPasses = MAX_FIX_PASSES): FixResult {
  let text = input.text;
  let passes = 0;
  while (passes < maxPasses) {
    const edits = service.fixAll({ uri: input.uri, text }, settings);
    if (edits.length === 0) break;
    const next = applyEdits(text, edits);
    passes++;
    if (next === text) break;
    text = next;
  }
  return { text, passes };
}

/**
 * Edits that turn `input.text` into its fully fixed form. When one pass suffices these are the
 * service's own minimal edits; otherwise a single edit spanning only the lines that differ.
 */
export function fixAllEdits(service: LanguageService, input: DocumentInput, settings: Settings): TextEdit[] {
  const first = service.fixAll(input, settings);
  if (first.length === 0) return [];
  const { text } = fixToFixedPoint(service, input, settings);
  if (text === applyEdits(input.text, first)) return first;
  return [lineDiffEdit(input.text, text)];
}

/** One edit replacing the differing middle of `before` (trimmed to whole lines) with that of `after`. */
export function lineDiffEdit(before: string, after: string): TextEdit {
  let start = 0;
  const max = Math.min(before.length, after.length);
  while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let endB = before.length;
  let endA = after.length;
  while (endB > start && endA > start && before.charCodeAt(endB - 1) === after.charCodeAt(endA - 1)) {
    endB--;
    endA--;
  }
  // Widen to line starts so the edit reads as whole-line changes.
  while (start > 0 && before[start - 1] !== '\n' && before[start - 1] !== '\r') start--;
  const index = new LineIndex(before);
  return { range: { start: index.positionAt(start), end: index.positionAt(endB) }, newText: after.slice(start, endA) };
}
