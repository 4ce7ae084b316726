// Stages the test-runner extension (bundle with mocha inside + manifest) into a folder, ready for vsce.
// Usage: node test/vscode/runner-extension/build.mjs <outDir>
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const out = process.argv[2];
if (!out) throw new Error('usage: build.mjs <outDir>');
mkdirSync(join(out, 'dist'), { recursive: true });
await build({
  entryPoints: [join(here, 'src', 'extension.ts')],
  outfile: join(out, 'dist', 'extension.js'),
  bundle: true,
  platform: 'node',
  target: 'node18',
  format: 'cjs',
  external: ['vscode'],
  logLevel: 'error',
});
copyFileSync(join(here, 'package.json'), join(out, 'package.json'));
writeFileSync(join(out, 'README.md'), 'Runs the VS Code-API suite of vgpu-config-assistant on startup.\n');
writeFileSync(join(out, 'LICENSE'), 'MIT\n');
