// .pre-commit-hooks.yaml: the hook pre-commit users add in three lines. (scripts/ci/pre-commit.sh runs it for real.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';

const root = path.resolve(__dirname, '..', '..');
const yaml = readFileSync(path.join(root, '.pre-commit-hooks.yaml'), 'utf8');
const field = (name: string): string | undefined => new RegExp(`^\\s*(?:- )?${name}: (.*)$`, 'm').exec(yaml)?.[1].trim();

test('one hook, id vgpu-lint, running the package\'s vgpu-lint bin as a node hook', () => {
  assert.equal(yaml.match(/^- id: /gm)?.length, 1);
  assert.equal(field('id'), 'vgpu-lint');
  assert.equal(field('entry'), 'vgpu-lint');
  assert.equal(field('language'), 'node');
  const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { bin: Record<string, string>; scripts: Record<string, string> };
  assert.equal(pkg.bin['vgpu-lint'], './dist/cli.js');
  // pre-commit's node install runs `npm pack`; prepack must build dist/ for the bin to exist in the tarball.
  assert.equal(pkg.scripts.prepack, 'npm run build');
  // …and npm 11 must not print prepack's banner on stdout, where pre-commit reads the tarball name.
  assert.match(readFileSync(path.join(root, '.npmrc'), 'utf8'), /^foreground-scripts=false$/m);
});

test('its files pattern takes .vmx, .vmtx and .xml files and nothing else', () => {
  const quoted = field('files')!;
  assert.match(quoted, /^'.*'$/);
  const re = new RegExp(quoted.slice(1, -1));
  for (const f of ['vm.vmx', 'templates/win11.vmtx', 'qemu/gpu-vm.xml', 'a b/c.xml']) assert.ok(re.test(f), f);
  for (const f of ['vm.vmx.bak', 'notes.txt', 'vmx', 'settings.json', 'vm.vmxf', 'vm.xml~']) assert.ok(!re.test(f), f);
});
