// What the .vsix would contain (`vsce ls`, the list `npm run package` zips) and what the npm tarball
// would (`npm pack --dry-run`): the bundles, the contributed files and the bundled libvirt schemas with
// their licence, never node_modules, sources, tests (test/corpus included) or source maps.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

const root = path.resolve(__dirname, '..', '..');
/** Every file of the bundled libvirt schema set, as the packages must hold it. */
const SCHEMA_FILES = readdirSync(path.join(root, 'server', 'schemas', 'libvirt')).map((f) => `dist/schemas/libvirt/${f}`).sort();

test('the .vsix file list holds the bundles and contributions and nothing else', () => {
  assert.ok(existsSync(path.join(root, 'dist', 'server.js')), 'dist/ is missing: run npm run build first (npm test does)');
  const vsce = path.join(root, 'node_modules', '@vscode', 'vsce', 'vsce');
  const r = spawnSync(process.execPath, [vsce, 'ls', '--no-dependencies'], { cwd: root, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const files = r.stdout.split('\n').map((l) => l.trim()).filter((l) => l !== '');
  for (const required of ['package.json', 'README.md', 'CHANGELOG.md', 'LICENSE', 'images/icon.png', 'dist/client.js', 'dist/server.js', 'dist/cli.js', 'dist/libxml2-wasm.mjs', 'dist/tree-sitter.wasm', 'dist/tree-sitter-hcl.wasm', 'dist/THIRD-PARTY-NOTICES.txt', 'syntaxes/vmx.tmLanguage.json', 'syntaxes/libvirt-xml.tmLanguage.json', 'snippets/vmx.code-snippets', 'snippets/libvirt.code-snippets', 'language-configuration.vmx.json', 'language-configuration.xml.json', 'docs/rules/README.md', 'schemas/vgpu-lint.schema.json']) {
    assert.ok(files.includes(required), `${required} is not packaged`);
  }
  const forbidden = files.filter((f) => /(^|\/)node_modules\/|^server\/|^client\/|^test\/|^bench\/|^scripts\/|^examples\/|\.map$|\.ts$|\.vsix$|\.svg$/.test(f));
  assert.deepEqual(forbidden, []);
  assert.equal(SCHEMA_FILES.length, 29); // 26 .rng, NOTICE, COPYING.LESSER, VERSION
  assert.deepEqual(files.filter((f) => f.startsWith('dist/schemas/')).sort(), SCHEMA_FILES);
});

test('the npm tarball holds the bundles and the bundled schemas, and nothing from test/', () => {
  assert.ok(existsSync(path.join(root, 'dist', 'schemas', 'libvirt', 'domain.rng')), 'dist/ is missing: run npm run build first (npm test does)');
  // --ignore-scripts: no prepack build here; dist/ is the one npm test built.
  const r = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const files = (JSON.parse(r.stdout) as { files: { path: string }[] }[])[0].files.map((f) => f.path);
  for (const required of ['package.json', 'README.md', 'LICENSE', 'dist/cli.js', 'dist/server.js', 'dist/libxml2-wasm.mjs', 'dist/tree-sitter.wasm', 'dist/tree-sitter-hcl.wasm', 'dist/THIRD-PARTY-NOTICES.txt']) {
    assert.ok(files.includes(required), `${required} is not in the tarball`);
  }
  assert.deepEqual(files.filter((f) => f.startsWith('dist/schemas/')).sort(), SCHEMA_FILES);
  assert.deepEqual(files.filter((f) => /^(test|server|client|bench|scripts|examples)\/|\.map$/.test(f)), []);
});

test('THIRD-PARTY-NOTICES names the bundled libvirt schemas with their version, origin and LGPL text', () => {
  const notices = readFileSync(path.join(root, 'dist', 'THIRD-PARTY-NOTICES.txt'), 'utf8');
  assert.match(notices, /^libvirt 9\.0\.0 RelaxNG schemas \(LGPL-2\.1-or-later\), in dist\/schemas\/libvirt\/$/m);
  assert.match(notices, /upstream source folder src\/conf\/schemas\//);
  assert.match(notices, /GNU LESSER GENERAL PUBLIC LICENSE\s+Version 2\.1, February 1999/);
});
