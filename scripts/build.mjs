// Bundles the client, the language server and the CLI with esbuild, so the .vsix needs no node_modules.
import { build } from 'esbuild';
import { chmodSync } from 'node:fs';

const common = {
  bundle: true,
  platform: 'node',
  target: 'node18',
  format: 'cjs',
  sourcemap: 'linked',
  minify: process.env.MINIFY === '1',
  logLevel: 'warning',
};

await Promise.all([
  build({ ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/client.js', external: ['vscode'] }),
  build({ ...common, entryPoints: ['server/src/server.ts'], outfile: 'dist/server.js', banner: { js: '#!/usr/bin/env node' } }),
  build({ ...common, entryPoints: ['server/src/cli.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } }),
  // libxml2-wasm is an ES module with top-level await: it cannot go into the CJS bundles, so it is
  // bundled on its own; server/src/libvirt/schema/libxml2.ts imports dist/libxml2-wasm.mjs at run time.
  build({ ...common, format: 'esm', sourcemap: false, entryPoints: ['node_modules/libxml2-wasm/lib/index.mjs'], outfile: 'dist/libxml2-wasm.mjs' }),
]);
for (const f of ['dist/server.js', 'dist/cli.js']) chmodSync(f, 0o755);
