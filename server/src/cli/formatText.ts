// Human-readable output: `file:line:col severity code message`, a code frame, and a summary.
import type { Diagnostic } from 'vscode-languageserver-types';
import { LineIndex } from '../service/text';
import { escapeControls, UNSAFE_IN_SOURCE_LINE } from '../util/userText';
import { countBySeverity, FileReport, ruleIdOf, severityName } from './report';

const MAX_FRAME_WIDTH = 160;

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** The diagnostic's first line with a caret underline; tabs are kept so the carets line up. */
export function codeFrame(index: LineIndex, d: Diagnostic): string {
  const line = d.range.start.line;
  if (line >= index.lineCount) return '';
  const start = index.lineStarts[line];
  let content = index.text.slice(start, index.lineEnd(line));
  const from = Math.min(d.range.start.character, content.length);
  const to = d.range.end.line === line ? Math.max(from + 1, Math.min(d.range.end.character, content.length)) : Math.max(from + 1, content.length);
  // Control characters (NUL, escape sequences from a binary file, bidi overrides) must not reach the terminal.
  content = content.replace(UNSAFE_IN_SOURCE_LINE, '\uFFFD');
  let shown = content;
  let caretFrom = from;
  let caretTo = to;
  if (shown.length > MAX_FRAME_WIDTH) {
    const offset = Math.max(0, Math.min(from - 20, shown.length - MAX_FRAME_WIDTH));
    shown = (offset ? '…' : '') + shown.slice(offset, offset + MAX_FRAME_WIDTH) + (offset + MAX_FRAME_WIDTH < content.length ? '…' : '');
    caretFrom = from - offset + (offset ? 1 : 0);
    caretTo = Math.min(to - offset + (offset ? 1 : 0), shown.length);
  }
  const gutter = String(line + 1);
  const pad = ' '.repeat(gutter.length);
  const lead = shown.slice(0, caretFrom).replace(/[^\t]/g, ' ');
  const carets = '^'.repeat(Math.max(1, caretTo - caretFrom));
  return `  ${gutter} | ${shown}\n  ${pad} | ${lead}${carets}`;
}

export function diagnosticLine(file: string, d: Diagnostic): string {
  const message = d.message.replace(/\r?\n/g, ' ');
  return `${escapeControls(file)}:${d.range.start.line + 1}:${d.range.start.character + 1} ${severityName(d)} ${ruleIdOf(d)} ${message}`;
}

export function summaryLine(reports: FileReport[]): string {
  const c = countBySeverity(reports);
  const total = c.error + c.warning + c.info + c.hint;
  const parts = [
    plural(c.error, 'error'),
    plural(c.warning, 'warning'),
    ...(c.info ? [plural(c.info, 'info')] : []),
    ...(c.hint ? [plural(c.hint, 'hint')] : []),
  ];
  return `${plural(total, 'problem')} (${parts.join(', ')}) in ${plural(reports.length, 'file')}`;
}

export function formatText(reports: FileReport[]): string {
  const out: string[] = [];
  for (const r of reports) {
    if (r.diagnostics.length === 0) continue;
    const index = new LineIndex(r.text);
    for (const d of r.diagnostics) {
      out.push(diagnosticLine(r.file, d));
      const frame = codeFrame(index, d);
      if (frame) out.push(frame);
    }
    out.push('');
  }
  out.push(summaryLine(reports));
  return out.join('\n') + '\n';
}
