// libvirt rule pages: title, severity and fix line match the registry, and the examples behave as the
// page says (the bad one is reported, the fixed one is not). Examples run with the fake host of
// libvirt-helpers (A100 80 GB at 0000:3b:00.0, a P4 offering three vGPU types at 0000:83:00.0).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createSysfsInventory } from '../../server/src/host/sysfs';
import type { HostInventory } from '../../server/src/host/inventory';
import { LIBVIRT_RULES } from '../../server/src/libvirt/rules';
import { ruleDocUrl } from '../../server/src/service/types';
import { fakeHost, findingsOf } from './libvirt-helpers';

const docsDir = path.resolve(__dirname, '..', '..', 'docs', 'rules');
const sysfs = (name: string) => () => createSysfsInventory(path.resolve(__dirname, '..', 'fixtures', 'sysfs', name));

/** Two Tesla P4s: 0000:83:00.0 runs an 8 GB and a 4 GB vGPU, 0000:84:00.0 only 4 GB ones. */
function mixedP4Host(): HostInventory {
  const base = fakeHost();
  const p4 = base.device('0000:83:00.0')!;
  const second = { ...p4, address: '0000:84:00.0', mdevTypes: p4.mdevTypes.map((t) => ({ ...t, parent: '0000:84:00.0' })) };
  const devices = [...base.devices(), second];
  const mdevs = [
    ...base.mdevs(),
    { uuid: '5b1e7f3a-2c4d-4e8f-9a0b-1c2d3e4f5a6b', typeId: 'nvidia-288', parent: '0000:83:00.0' },
    { uuid: '7c9d1e2f-3a4b-4c5d-8e6f-0a1b2c3d4e5f', typeId: 'nvidia-288', parent: '0000:84:00.0' },
  ];
  return {
    root: 'test/mixed-p4',
    device: (a) => devices.find((d) => d.address === a),
    devices: () => devices,
    mdevTypes: (parent) => devices.filter((d) => parent === undefined || d.address === parent).flatMap((d) => d.mdevTypes),
    mdevs: () => mdevs,
  };
}

/** The host each host rule's examples are checked against (the page names it); the rest use the fake host. */
const HOST_FOR: Record<string, () => HostInventory> = {
  'libvirt/iommu-group': sysfs('geforce-usbc'),
  'libvirt/host-driver': sysfs('geforce-usbc'),
  'libvirt/rom': sysfs('geforce-usbc'),
  'libvirt/boot-gpu': sysfs('boot-vga'),
  'libvirt/reset': sysfs('no-reset'),
  'libvirt/vgpu-sriov': sysfs('l40s-sriov'),
  'libvirt/vgpu-mixed-profiles': mixedP4Host,
  'libvirt/numa': sysfs('h100-vf'),
};
/** The schema rule depends on the installed schemas and is tested with its validator. */
const EXAMPLES_NOT_RUN = new Set(['libvirt/schema']);

describe('libvirt rule docs', () => {
  for (const rule of LIBVIRT_RULES) {
    const { id, defaultSeverity, fixable } = rule.meta;
    test(`${id}: page, severity and examples`, () => {
      const page = readFileSync(path.join(docsDir, path.basename(ruleDocUrl(id))), 'utf8');
      assert.equal(page.split('\n')[0], `# ${id}`);
      assert.match(page, new RegExp(`\\| Default severity \\| ${defaultSeverity}\\b`));
      assert.match(page, fixable ? /\| Quick fix \| yes/ : /\| Quick fix \| no/);
      for (const heading of ['## What it finds', '## Why', '## Example', '## The fix', '## Source']) assert.ok(page.includes(heading), `${id}: no "${heading}"`);
      const blocks = [...page.matchAll(/```xml\n([\s\S]*?)```/g)].map((m) => m[1]);
      assert.equal(blocks.length, 2, `${id}: expected a bad and a fixed example`);
      if (EXAMPLES_NOT_RUN.has(id)) return;
      const [bad, good] = blocks;
      const host = (HOST_FOR[id] ?? fakeHost)();
      assert.ok(findingsOf(bad, { host }).some((f) => f.ruleId === id), `${id}: the bad example is not reported`);
      assert.deepEqual(findingsOf(good, { host }).filter((f) => f.ruleId === id), [], `${id}: the fixed example is still reported`);
    });
  }
});

describe('rule pages cite primary sources', () => {
  test('no Source section of a libvirt-* / xml-* page cites the project\'s own notes', () => {
    const pages = readdirSync(docsDir).filter((n) => /^(libvirt|xml)-.*\.md$/.test(n));
    assert.ok(pages.length >= 15, `only ${pages.length} pages`);
    for (const name of pages) {
      const page = readFileSync(path.join(docsDir, name), 'utf8');
      const source = page.slice(page.indexOf('## Source'));
      assert.doesNotMatch(source, /\bSPEC\b|\bseed\b/i, `${name} cites internal notes: ${source}`);
      assert.match(source, /libvirt\.org|NVIDIA|edk2|QEMU|SeaBIOS|firmware-lab|W3C|Denneman|RelaxNG|Linux|catalog-sources/, `${name}: no primary source`);
    }
  });
});
