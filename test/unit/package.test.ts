// What the .vsix would contain (`vsce ls`, the list `npm run package` zips): the bundles and the
// contributed files, never node_modules, sources, tests or source maps.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as path from 'node:path';

const root = path.resolve(__dirname, '..', '..');

test('the .vsix file list holds the bundles and contributions and nothing else', () => {
  assert.ok(existsSync(path.join(root, 'dist', 'server.js')), 'dist/ is missing: run npm run build first (npm test does)');
  const vsce = path.join(root, 'node_modules', '@vscode', 'vsce', 'vsce');
  const r = spawnSync(process.execPath, [vsce, 'ls', '--no-dependencies'], { cwd: root, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const files = r.stdout.split('\n').map((l) => l.trim()).filter((l) => l !== '');
  for (const required of ['package.json', 'README.md', 'CHANGELOG.md', 'LICENSE', 'images/icon.png', 'dist/client.js', 'dist/server.js', 'dist/cli.js', 'dist/libxml2-wasm.mjs', 'dist/THIRD-PARTY-NOTICES.txt', 'syntaxes/vmx.tmLanguage.json', 'syntaxes/libvirt-xml.tmLanguage.json', 'snippets/vmx.code-snippets', 'snippets/libvirt.code-snippets', 'language-configuration.vmx.json', 'language-configuration.xml.json', 'docs/rules/README.md', 'schemas/vgpu-lint.schema.json']) {
    assert.ok(files.includes(required), `${required} is not packaged`);
  }
  const forbidden = files.filter((f) => /(^|\/)node_modules\/|^server\/|^client\/|^test\/|^bench\/|^scripts\/|^examples\/|\.map$|\.ts$|\.vsix$|\.svg$/.test(f));
  assert.deepEqual(forbidden, []);
});
