// GitLab Code Quality report: the JSON array GitLab reads from an `artifacts:reports:codequality` file.
// Format: gitlab-org/gitlab doc/ci/testing/code_quality.md, "Code Quality report format" (each object needs
// description, check_name, fingerprint, severity info|minor|major|critical|blocker, location.path as a path relative
// to the repository, and location.lines.begin).
//
// Fingerprints identify a finding across pipelines, so GitLab can tell new findings from old ones in a merge request.
// They hash the rule id, the relative path and the flagged line's text with its whitespace normalised – never the
// line number – so an unrelated edit above a finding does not make it look new. Identical findings in one file (same
// rule, same text) are told apart by their occurrence index, in document order.
import { createHash } from 'node:crypto';
import * as path from 'node:path';
import type { Diagnostic } from 'vscode-languageserver-types';
import type { FileReport } from './report';
import { ruleIdOf, severityName } from './report';

export type GitlabSeverity = 'info' | 'minor' | 'major' | 'critical' | 'blocker';

export interface GitlabIssue {
  description: string;
  check_name: string;
  fingerprint: string;
  severity: GitlabSeverity;
  location: { path: string; lines: { begin: number } };
}

/** error → major, warning → minor, info and hint → info (critical and blocker are left to security tools). */
const SEVERITY: Record<'error' | 'warning' | 'info' | 'hint', GitlabSeverity> = { error: 'major', warning: 'minor', info: 'info', hint: 'info' };

/** A path relative to `cwd` with forward slashes, as GitLab matches it against the repository's files. */
export function gitlabPath(file: string, cwd: string): string {
  return path.relative(cwd, path.resolve(cwd, file)).split(path.sep).join('/');
}

/** The flagged lines' text, each trimmed and with runs of whitespace collapsed, so re-indentation keeps the fingerprint. */
export function normalisedSnippet(text: string, d: Diagnostic): string {
  const lines = text.split(/\r\n|\r|\n/);
  const last = Math.max(d.range.start.line, d.range.end.character === 0 && d.range.end.line > d.range.start.line ? d.range.end.line - 1 : d.range.end.line);
  return lines
    .slice(d.range.start.line, last + 1)
    .map((l) => l.trim().replace(/\s+/g, ' '))
    .join('\n');
}

export function fingerprint(ruleId: string, relPath: string, snippet: string, occurrence: number): string {
  return createHash('sha256').update(`${ruleId}\0${relPath}\0${snippet}\0${occurrence}`).digest('hex').slice(0, 32);
}

export function gitlabIssues(reports: FileReport[], cwd = process.cwd()): GitlabIssue[] {
  const out: GitlabIssue[] = [];
  for (const r of reports) {
    const rel = gitlabPath(r.file, cwd);
    const seen = new Map<string, number>();
    const inOrder = [...r.diagnostics].sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
    for (const d of inOrder) {
      const rule = ruleIdOf(d);
      const snippet = normalisedSnippet(r.text, d);
      const key = `${rule}\0${snippet}`;
      const occurrence = seen.get(key) ?? 0;
      seen.set(key, occurrence + 1);
      out.push({
        description: d.message,
        check_name: rule,
        fingerprint: fingerprint(rule, rel, snippet, occurrence),
        severity: SEVERITY[severityName(d)],
        location: { path: rel, lines: { begin: d.range.start.line + 1 } },
      });
    }
  }
  return out;
}

export function formatGitlab(reports: FileReport[], cwd = process.cwd()): string {
  return JSON.stringify(gitlabIssues(reports, cwd), null, 2) + '\n';
}
