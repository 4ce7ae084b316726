// SARIF 2.1.0 for code-scanning dashboards (GitHub code scanning, Azure DevOps, …).
// Regions are 1-based; endColumn is the column just past the region, as LSP's exclusive end.
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Diagnostic } from 'vscode-languageserver-types';
import { version } from '../../../package.json';
import { allRuleMeta } from '../service/registry';
import { ruleDocUrl, SeverityLevel } from '../service/types';
import type { FileReport } from './report';
import { ruleIdOf, severityName } from './report';

type SarifLevel = 'error' | 'warning' | 'note';

export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';
const INFORMATION_URI = 'https://github.com/vgpu-tools/vgpu-config-assistant';

function sarifLevel(level: Exclude<SeverityLevel, 'off'>): SarifLevel {
  return level === 'error' ? 'error' : level === 'warning' ? 'warning' : 'note';
}

/** A relative, forward-slash, percent-encoded URI reference for a file path. */
export function artifactUri(file: string, cwd: string): string {
  const abs = path.resolve(cwd, file);
  const rel = path.relative(cwd, abs).split(path.sep).join('/');
  return rel.split('/').map(encodeURIComponent).join('/');
}

export function formatSarif(reports: FileReport[], cwd = process.cwd()): string {
  const metas = [...allRuleMeta().values()].sort((a, b) => a.id.localeCompare(b.id));
  const ruleIndex = new Map(metas.map((m, i) => [m.id, i]));
  const rules = metas.map((m) => ({
    id: m.id,
    shortDescription: { text: m.description },
    helpUri: ruleDocUrl(m.id),
    defaultConfiguration: { level: sarifLevel(m.defaultSeverity) },
  }));
  const results = reports.flatMap((r) =>
    r.diagnostics.map((d: Diagnostic) => {
      const id = ruleIdOf(d);
      const index = ruleIndex.get(id);
      return {
        ruleId: id,
        ...(index !== undefined ? { ruleIndex: index } : {}),
        level: sarifLevel(severityName(d)),
        message: { text: d.message },
        locations: [
          {
            physicalLocation: {
              artifactLocation: { uri: artifactUri(r.file, cwd), uriBaseId: '%SRCROOT%' },
              region: {
                startLine: d.range.start.line + 1,
                startColumn: d.range.start.character + 1,
                endLine: d.range.end.line + 1,
                endColumn: d.range.end.character + 1,
              },
            },
          },
        ],
      };
    }),
  );
  const log = {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'vgpu-lint', version, informationUri: INFORMATION_URI, rules } },
        originalUriBaseIds: { '%SRCROOT%': { uri: pathToDirUri(cwd) } },
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
  return JSON.stringify(log, null, 2) + '\n';
}

function pathToDirUri(dir: string): string {
  const href = pathToFileURL(path.resolve(dir)).href;
  return href.endsWith('/') ? href : href + '/';
}
