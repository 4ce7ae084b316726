// test/corpus: every file has a row in SOURCES.tsv (and every row a file), each row names a licence,
// the files of unknown licence are exactly the ones the corpus README owns up to, and the Windows-made
// files still have their CRLF line endings (git must not have normalised them).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

const corpus = resolve(__dirname, '..', 'corpus');

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

const rows = readFileSync(join(corpus, 'SOURCES.tsv'), 'utf8').trimEnd().split('\n').map((l) => l.split('\t'));

test('SOURCES.tsv has the header and five columns on every row', () => {
  assert.deepEqual(rows[0], ['local_path', 'repo', 'path', 'commit', 'license']);
  assert.deepEqual(rows.filter((r) => r.length !== 5).map((r) => r[0]), []);
});

test('every corpus file has exactly one SOURCES.tsv row, and every row a file', () => {
  const files = walk(corpus)
    .map((p) => relative(corpus, p).split('\\').join('/'))
    .filter((p) => p !== 'README.md' && p !== 'SOURCES.tsv')
    .sort();
  const listed = rows.slice(1).map((r) => r[0]).sort();
  assert.equal(files.length, 216);
  assert.deepEqual(listed, files);
});

test('licences: libvirt LGPL, virt-v2v GPL, the Proxmox configs under MIT and BSD-2-Clause, and the 32 unknown ones the README lists', () => {
  const byLicence = new Map<string, string[]>();
  for (const [local, , , , licence] of rows.slice(1)) byLicence.set(licence, [...(byLicence.get(licence) ?? []), local]);
  assert.deepEqual([...byLicence.keys()].sort(), ['BSD-2-Clause', 'GPL-2.0-or-later (virt-v2v; not re-verified)', 'LGPL-2.1-or-later', 'MIT', 'unknown']);
  assert.equal(byLicence.get('BSD-2-Clause')!.length, 8);
  assert.equal(byLicence.get('MIT')!.length, 3);
  assert.equal(byLicence.get('LGPL-2.1-or-later')!.length, 167);
  assert.equal(byLicence.get('GPL-2.0-or-later (virt-v2v; not re-verified)')!.length, 6);
  const unknown = byLicence.get('unknown')!;
  assert.equal(unknown.length, 32);
  assert.equal(unknown.filter((p) => p.startsWith('iac/')).length, 4);
  assert.equal(unknown.filter((p) => p.startsWith('proxmox/wild/')).length, 6);
  assert.equal(unknown.filter((p) => p.startsWith('libvirt/wild/')).length, 10);
  assert.equal(unknown.filter((p) => p.endsWith('.fragment.vmx')).length, 8);
  assert.equal(unknown.filter((p) => p.startsWith('vmx/wild/') && !p.endsWith('.fragment.vmx')).length, 4);
  const readme = readFileSync(join(corpus, 'README.md'), 'utf8');
  assert.match(readme, /32 files .* carry\s+no licence/s);
  assert.match(readme, /test inputs only/);
  assert.match(readme, /removed on request/);
});

test('the Windows-made .vmx files and one .tf keep their CRLF line endings, the others have none', () => {
  const crlf = walk(corpus)
    .filter((p) => readFileSync(p).includes('\r\n'))
    .map((p) => relative(corpus, p).split('\\').join('/'))
    .sort();
  assert.deepEqual(crlf, [
    'iac/kyndryl-vms.tf',
    'vmx/wild/LanRenLan__config-backup__Windows 10 x64.vmx',
    'vmx/wild/afoote1024__Win10VM__Windows 10 x64.vmx',
    'vmx/wild/test-v2v-i-vmx-5.vmx',
  ]);
  const text = readFileSync(join(corpus, 'vmx/wild/test-v2v-i-vmx-5.vmx'), 'latin1');
  assert.equal(text.split('\n').length - 1, text.split('\r\n').length - 1, 'every line of test-v2v-i-vmx-5.vmx ends in CRLF');
});
