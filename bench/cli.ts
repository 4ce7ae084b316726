// CLI throughput on the whole corpus (test/corpus): `node dist/cli.js --format json --no-host <corpus>`,
// one process per run (as CI runs it), against a bare `node -e 0` start measured alternately.
import { spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { median } from './stats';

export interface CliFigure {
  ms: number;
  nodeStartMs: number;
  files: number;
  exitCodes: number[];
  error?: string;
}

/** Number of files the JSON report names (shape-tolerant: an array, or { files | results: [...] }). */
function filesInReport(stdout: string): number | null {
  try {
    const j: unknown = JSON.parse(stdout);
    const list = Array.isArray(j) ? j : j && typeof j === 'object' ? ((j as { files?: unknown }).files ?? (j as { results?: unknown }).results) : undefined;
    return Array.isArray(list) ? list.length : null;
  } catch {
    return null;
  }
}

export function runCli(cliJs: string, corpus: string, expectedFiles: number, repeats: number): CliFigure {
  const times: number[] = [];
  const nodeStart: number[] = [];
  const exitCodes: number[] = [];
  let files: number | null = null;
  let error: string | undefined;
  for (let i = 0; i < repeats; i++) {
    let t0 = performance.now();
    spawnSync(process.execPath, ['-e', '0']);
    nodeStart.push(performance.now() - t0);
    t0 = performance.now();
    const r = spawnSync(process.execPath, [cliJs, '--format', 'json', '--no-host', corpus], { encoding: 'utf8', maxBuffer: 1 << 28 });
    times.push(performance.now() - t0);
    exitCodes.push(r.status ?? -1);
    if (r.error || (r.status !== 0 && r.status !== 1)) error = (r.stderr || String(r.error)).split('\n').slice(0, 3).join(' ');
    files ??= filesInReport(r.stdout);
  }
  return { ms: median(times), nodeStartMs: median(nodeStart), files: files ?? expectedFiles, exitCodes, ...(error ? { error } : {}) };
}
