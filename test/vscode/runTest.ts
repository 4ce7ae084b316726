// Runs the VS Code-API suite (test/vscode/suite) in a desktop VS Code through @vscode/test-electron.
// VSCODE_EXECUTABLE=<path to code> uses an installed VS Code; otherwise test-electron downloads one,
// which needs the internet. Where neither works, scripts/e2e/vscode-suite.sh runs the same suite in code-server.
import { build } from 'esbuild';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';

const repoRoot = path.resolve(__dirname, '..', '..');

async function main(): Promise<void> {
  const work = mkdtempSync(path.join(tmpdir(), 'vgpu-vscode-test-'));
  try {
    const suite = path.join(work, 'suite', 'index.js');
    await build({
      entryPoints: [path.join(__dirname, 'suite', 'index.ts')],
      outfile: suite,
      bundle: true,
      platform: 'node',
      target: 'node18',
      format: 'cjs',
      external: ['vscode'],
      logLevel: 'error',
    });
    // A copy: the suite applies quick fixes and writes scratch files.
    const workspace = path.join(work, 'ws');
    cpSync(path.join(repoRoot, 'examples', 'e2e-workspace'), workspace, { recursive: true });
    const vscodeExecutablePath = process.env.VSCODE_EXECUTABLE || undefined;
    await runTests({
      ...(vscodeExecutablePath ? { vscodeExecutablePath } : {}),
      extensionDevelopmentPath: repoRoot,
      extensionTestsPath: suite,
      launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--user-data-dir', path.join(work, 'user-data')],
    });
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  const message = String((err as Error)?.message ?? err);
  if (!process.env.VSCODE_EXECUTABLE && /ENOTFOUND|ECONNREFUSED|EAI_AGAIN|getaddrinfo|download/i.test(message)) {
    console.error([
      '',
      '########################################################################',
      '#  VS Code-API suite NOT RUN: no VS Code could be downloaded here.      #',
      '#  Set VSCODE_EXECUTABLE=/path/to/code (a desktop VS Code), or run the  #',
      '#  same suite inside code-server: bash scripts/e2e/vscode-suite.sh      #',
      '########################################################################',
      '',
    ].join('\n'));
  }
  console.error(err);
  process.exit(1);
});
