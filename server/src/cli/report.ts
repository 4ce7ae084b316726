// What the CLI found in one file, shared by every output format.
import type { Diagnostic } from 'vscode-languageserver-types';
import { DiagnosticSeverity } from 'vscode-languageserver-types';

export interface FileReport {
  /** Path as given on the command line (or joined onto the folder given). */
  file: string;
  text: string;
  diagnostics: Diagnostic[];
}

export const SEVERITY_NAME: Record<DiagnosticSeverity, 'error' | 'warning' | 'info' | 'hint'> = {
  [DiagnosticSeverity.Error]: 'error',
  [DiagnosticSeverity.Warning]: 'warning',
  [DiagnosticSeverity.Information]: 'info',
  [DiagnosticSeverity.Hint]: 'hint',
};

export function severityName(d: Diagnostic): 'error' | 'warning' | 'info' | 'hint' {
  return SEVERITY_NAME[d.severity ?? DiagnosticSeverity.Warning];
}

export function ruleIdOf(d: Diagnostic): string {
  return d.code === undefined ? 'unknown' : String(d.code);
}

export function countBySeverity(reports: FileReport[]): Record<'error' | 'warning' | 'info' | 'hint', number> {
  const counts = { error: 0, warning: 0, info: 0, hint: 0 };
  for (const r of reports) for (const d of r.diagnostics) counts[severityName(d)]++;
  return counts;
}
