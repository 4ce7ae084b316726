// Rule pages and docs cite the firmware lab by row id: every cited id must be a measured row of the truth table,
// and every KVM firmware rule page cites at least one, so a citation cannot point at nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '..', '..');
const table = JSON.parse(readFileSync(path.join(root, 'test', 'lab', 'truth-table.json'), 'utf8')) as { rows: { id: string; observed: unknown }[] };
const measured = new Set(table.rows.filter((r) => r.observed).map((r) => r.id));
const all = new Set(table.rows.map((r) => r.id));
const ROW = /`((?:seabios|ovmf)-(?:q35|pc)-[A-Za-z0-9-]+)`/g;

test('every lab row cited in docs/ is a row of the truth table (measured, in the rule pages)', () => {
  const pages = [...readdirSync(path.join(root, 'docs', 'rules')).map((n) => path.join('docs', 'rules', n)), 'docs/firmware-lab.md'].filter((p) => p.endsWith('.md'));
  let cited = 0;
  for (const p of pages) {
    for (const m of readFileSync(path.join(root, p), 'utf8').matchAll(ROW)) {
      const id = m[1].replace(/-…$/, '');
      if (id.endsWith('-')) continue;
      cited++;
      assert.ok(p.includes('rules') ? measured.has(id) : all.has(id), `${p} cites ${id}, which is not a ${p.includes('rules') ? 'measured ' : ''}row`);
    }
  }
  assert.ok(cited >= 20, `only ${cited} citations`);
});

test('each KVM firmware rule page cites lab rows', () => {
  for (const page of ['libvirt-mmio-window.md', 'libvirt-phys-bits.md', 'libvirt-bios-large-bar.md', 'libvirt-pci-machine.md']) {
    const text = readFileSync(path.join(root, 'docs', 'rules', page), 'utf8');
    const ids = [...text.matchAll(ROW)].map((m) => m[1]).filter((id) => measured.has(id));
    assert.ok(ids.length >= 2, `${page} cites ${ids.length} lab rows`);
  }
});
