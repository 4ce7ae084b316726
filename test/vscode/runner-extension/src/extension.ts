// Test-runner extension: on startup runs the VS Code-API suite (bundled with mocha) once and writes
// the results to $VGPU_TEST_RESULTS, or to .vgpu-test-results.json in the first workspace folder.
import * as path from 'node:path';
import { promises as fs } from 'node:fs';
import * as vscode from 'vscode';
import { runSuite } from '../../suite/index';

function resultsPath(): string | undefined {
  if (process.env.VGPU_TEST_RESULTS) return process.env.VGPU_TEST_RESULTS;
  const folder = vscode.workspace.workspaceFolders?.[0];
  return folder ? path.join(folder.uri.fsPath, '.vgpu-test-results.json') : undefined;
}

export function activate(): void {
  const out = resultsPath();
  const channel = vscode.window.createOutputChannel('vGPU e2e tests');
  const log = (line: string) => {
    channel.appendLine(line);
    console.log(line);
  };
  if (!out) {
    log('no workspace folder and no VGPU_TEST_RESULTS: nothing to run against');
    return;
  }
  const started = Date.now();
  runSuite(log)
    .then((r) => ({ ...r, durationMs: Date.now() - started }))
    .catch((e: unknown) => ({ passed: 0, failed: 1, durationMs: Date.now() - started, tests: [{ title: 'suite crashed', state: 'failed', durationMs: 0, error: String((e as Error)?.stack ?? e) }] }))
    .then(async (r) => {
      log(`${r.passed} passed, ${r.failed} failed`);
      // Write then rename, so the waiting script never reads half a file.
      await fs.writeFile(out + '.tmp', JSON.stringify(r, null, 2));
      await fs.rename(out + '.tmp', out);
    });
}

export function deactivate(): void {}
