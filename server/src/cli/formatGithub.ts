// GitHub Actions workflow commands, so problems show up as annotations on the pull request.
// Escaping follows the runner's rules: data escapes % CR LF; property values also : and ,.
import type { Diagnostic } from 'vscode-languageserver-types';
import type { FileReport } from './report';
import { ruleIdOf, severityName } from './report';

export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

function command(d: Diagnostic): 'error' | 'warning' | 'notice' {
  const s = severityName(d);
  return s === 'error' ? 'error' : s === 'warning' ? 'warning' : 'notice';
}

export function githubAnnotation(file: string, d: Diagnostic): string {
  const { start, end } = d.range;
  const props = [
    `file=${escapeProperty(file.split('\\').join('/'))}`,
    `line=${start.line + 1}`,
    `col=${start.character + 1}`,
    `endLine=${end.line + 1}`,
    `endColumn=${end.character + 1}`,
    `title=${escapeProperty(ruleIdOf(d))}`,
  ];
  return `::${command(d)} ${props.join(',')}::${escapeData(d.message)}`;
}

export function formatGithub(reports: FileReport[]): string {
  const lines = reports.flatMap((r) => r.diagnostics.map((d) => githubAnnotation(r.file, d)));
  return lines.length ? lines.join('\n') + '\n' : '';
}
