// The README's rule table is what users read first: it must list every rule with its real severity.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { allRuleMeta } from '../../server/src/service/registry';

const readme = readFileSync(resolve(__dirname, '..', '..', 'README.md'), 'utf8');

test('the README rule table lists every registered rule with its default severity', () => {
  const rows = new Map<string, string>();
  for (const m of readme.matchAll(/^\| `([a-z]+\/[a-z0-9-]+)` \| (error|warning|info|hint) \|/gm)) rows.set(m[1], m[2]);
  const meta = allRuleMeta();
  assert.ok(meta.size > 30, 'registry has the rules');
  for (const [id, m] of meta) assert.equal(rows.get(id), m.defaultSeverity, `README row for ${id}`);
  for (const id of rows.keys()) assert.ok(meta.has(id), `README lists ${id}, which is not a registered rule`);
});

test('the README shows the two newcomer commands near the top', () => {
  const top = readme.split('\n').slice(0, 40).join('\n');
  assert.match(top, /npm ci && npm start/);
  assert.match(top, /npm test/);
});

test('the README synopsis of vgpu-lint names exactly the options of vgpu-lint --help', async () => {
  const { USAGE } = await import('../../server/src/cli/args');
  const fromHelp = new Set<string>();
  for (const m of USAGE.matchAll(/^ {2}(?:-\w, )?(--[\w-]+)(?: (\S+))?(?= {2,}|$)/gm)) fromHelp.add(m[2] ? `${m[1]} ${m[2]}` : m[1]);
  assert.ok(fromHelp.size >= 12, `parsed ${[...fromHelp].join(', ')}`);
  const section = readme.slice(readme.indexOf('## Command line and CI'));
  const block = /```sh\n([\s\S]*?)```/.exec(section)?.[1] ?? '';
  const fromReadme = new Set<string>();
  for (const m of block.matchAll(/\[(--[\w-]+)(?: ([^\]\s]+))?\]/g)) fromReadme.add(m[2] ? `${m[1]} ${m[2]}` : m[1]);
  for (const m of block.matchAll(/^npx vgpu-lint (--[\w-]+) \| (--[\w-]+)$/gm)) m.slice(1).forEach((f) => fromReadme.add(f));
  assert.deepEqual([...fromReadme].sort(), [...fromHelp].sort());
  assert.match(block, /PATH\.\.\.\n/);
});

test('the README says what language VS Code gives an .xml file, as package.json contributes it', () => {
  const pkg = JSON.parse(readFileSync(resolve(__dirname, '..', '..', 'package.json'), 'utf8')) as {
    contributes: { languages: { id: string; filenamePatterns?: string[]; firstLine?: string }[] };
  };
  const lang = pkg.contributes.languages.find((l) => l.id === 'libvirt-xml')!;
  for (const p of lang.filenamePatterns ?? []) assert.ok(readme.includes(`\`${p}\``), `README names the pattern ${p}`);
  assert.ok(lang.firstLine && new RegExp(lang.firstLine).test("<domain type='kvm'>") && !new RegExp(lang.firstLine).test('<project>'));
  assert.match(readme, /a `\.xml` file keeps\s+VS Code's \*XML\* language/);
});
