// Applying fixes, and "fix all" to a fixed point. Pure (text in, text or edits out), shared by
// `vgpu-lint --fix` and the server's vgpuLint.fixAll command: each pass applies the service's
// non-overlapping safe fixes, then re-analyses, because one fix can enable another (or a skipped
// overlapping one).
import type { TextEdit } from 'vscode-languageserver-types';
import type { DocumentInput, LanguageService } from './languageService';
import { LineIndex } from './text';
import type { Settings } from './types';

export const MAX_FIX_PASSES = 3;

/**
 * Applies LSP edits the way an editor does: every range refers to the original text, inserts at one
 * position keep their given order. Overlapping edits throw (LSP forbids them, and silently dropping
 * one would write a half-fixed file). One linear pass: a fix-all can carry 100,000 edits.
 */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const index = new LineIndex(text);
  const spans = edits
    .map((e, order) => ({ start: index.offsetAt(e.range.start), end: index.offsetAt(e.range.end), newText: e.newText, order }))
    .sort((a, b) => a.start - b.start || a.end - b.end || a.order - b.order);
  const parts: string[] = [];
  let at = 0;
  for (const s of spans) {
    if (s.end < s.start) throw new Error(`edit ${s.order} ends before it starts`);
    if (s.start < at) throw new Error(`overlapping edits at offset ${s.start} (the previous edit ends at ${at})`);
    parts.push(text.slice(at, s.start), s.newText);
    at = s.end;
  }
  parts.push(text.slice(at));
  return parts.join('');
}

export interface FixResult {
  text: string;
  passes: number;
  /** The rule id of every fix applied, over all passes. */
  ruleIds: string[];
}

export function fixToFixedPoint(service: LanguageService, input: DocumentInput, settings: Settings, maxPasses = MAX_FIX_PASSES): FixResult {
  let text = input.text;
  let passes = 0;
  const ruleIds: string[] = [];
  while (passes < maxPasses) {
    const { edits, ruleIds: applied } = service.fixAllWithRules({ uri: input.uri, text }, settings);
    if (edits.length === 0) break;
    const next = applyEdits(text, edits);
    passes++;
    if (next === text) break;
    text = next;
    ruleIds.push(...applied);
  }
  return { text, passes, ruleIds };
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
