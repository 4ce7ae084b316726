// Bundles the client, the language server and the CLI with esbuild, so the .vsix needs no node_modules,
// copies the bundled libvirt RelaxNG schemas to dist/schemas/libvirt (the fallback when the machine
// has none), and writes dist/THIRD-PARTY-NOTICES.txt with the licence of every package the bundles
// inline and of those schemas.
// RELEASE=1 (npm run package) leaves out source maps, which the .vsix does not ship.
import { build } from 'esbuild';
import { chmodSync, cpSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const release = process.env.RELEASE === '1';
const common = {
  bundle: true,
  platform: 'node',
  // The client and the server run inside VS Code's extension host: Node 18 for VS Code 1.82, the oldest we support.
  target: 'node18',
  format: 'cjs',
  sourcemap: release ? false : 'linked',
  minify: process.env.MINIFY === '1',
  logLevel: 'warning',
  metafile: true,
};

const results = await Promise.all([
  build({ ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/client.js', external: ['vscode'] }),
  build({ ...common, entryPoints: ['server/src/server.ts'], outfile: 'dist/server.js', banner: { js: '#!/usr/bin/env node' } }),
  build({ ...common, entryPoints: ['server/src/cli.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } }),
  // libxml2-wasm is an ES module with top-level await: it cannot go into the CJS bundles, so it is
  // bundled on its own; server/src/libvirt/schema/libxml2.ts imports dist/libxml2-wasm.mjs at run time.
  build({ ...common, format: 'esm', sourcemap: false, entryPoints: ['node_modules/libxml2-wasm/lib/index.mjs'], outfile: 'dist/libxml2-wasm.mjs' }),
]);
for (const f of ['dist/server.js', 'dist/cli.js']) chmodSync(f, 0o755);

// libvirt's schemas, unchanged, beside the bundles: server/src/libvirt/schema/schemaSet.ts finds them there.
const SCHEMAS = 'server/schemas/libvirt';
rmSync('dist/schemas', { recursive: true, force: true });
cpSync(SCHEMAS, 'dist/schemas/libvirt', { recursive: true });
const schemaVersion = readFileSync(join(SCHEMAS, 'VERSION'), 'utf8').trim();
const schemaNotice =
  `libvirt ${schemaVersion} RelaxNG schemas (LGPL-2.1-or-later), in dist/schemas/libvirt/\n\n` +
  `${readFileSync(join(SCHEMAS, 'NOTICE'), 'utf8').trim()}\n\n${readFileSync(join(SCHEMAS, 'COPYING.LESSER'), 'utf8').trim()}\n`;

// The HCL parser's WebAssembly (web-tree-sitter's runtime and tree-sitter's HCL grammar) beside the bundles:
// server/src/iac/hclParser.ts loads them from there. The grammar package is a devDependency: only its .wasm ships.
cpSync('node_modules/web-tree-sitter/tree-sitter.wasm', 'dist/tree-sitter.wasm');
cpSync('node_modules/@tree-sitter-grammars/tree-sitter-hcl/tree-sitter-hcl.wasm', 'dist/tree-sitter-hcl.wasm');

const packages = new Set(['@tree-sitter-grammars/tree-sitter-hcl']);
for (const r of results) {
  for (const input of Object.keys(r.metafile.inputs)) {
    const m = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input);
    if (m) packages.add(m[1]);
  }
}
const notices = [...packages].sort().map((name) => {
  const dir = join('node_modules', name);
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  // Every licence file: libxml2-wasm ships libxml2's own licence beside its wrapper's.
  const licenceFiles = existsSync(dir) ? readdirSync(dir).filter((f) => /^(licen[cs]e|copying)/i.test(f)).sort() : [];
  const text = licenceFiles.length
    ? licenceFiles.map((f) => readFileSync(join(dir, f), 'utf8').trim()).join('\n\n')
    : `License: ${pkg.license ?? 'see the package'}`;
  return `${name}@${pkg.version} (${pkg.license ?? 'unknown'})\n\n${text}\n`;
});
writeFileSync(
  'dist/THIRD-PARTY-NOTICES.txt',
  `The bundled files in dist/ include code from these packages:\n\n${[...notices, schemaNotice].join('\n' + '-'.repeat(72) + '\n\n')}`,
);
