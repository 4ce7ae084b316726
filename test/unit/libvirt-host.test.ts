// With a (fake) host inventory: an A100 80 GB at the hostdev's address, a Tesla P4 offering vGPU types.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyseLibvirt } from '../../server/src/libvirt/analyse';
import { DEFAULT_SETTINGS } from '../../server/src/service/types';
import { domain, fakeHost, findingsOf, fixed, MDEV_UUID, only, rangeOf } from './libvirt-helpers';

const host = fakeHost();
const fixture = (name: string) => readFileSync(join(__dirname, '..', 'fixtures', 'libvirt', name), 'utf8');

describe('A100 PCIe 80 GB from host sysfs', () => {
  test('the adapter identifies the GPU and its real BARs (16 MB, 128 GB, 32 MB)', () => {
    const a = analyseLibvirt(fixture('a100-80gb-complete.xml'), DEFAULT_SETTINGS, host)!;
    const d = a.model.devices[0];
    assert.equal(d.gpu?.id, 'A100-PCIE-80GB');
    assert.equal(d.barSource, 'host');
    assert.deepEqual([d.bars?.bar0Mb, d.bars?.bar1Mb, d.bars?.bar3Mb], [16, 131072, 32]);
    assert.equal(a.model.firmware.kind, 'efi');
    assert.equal(a.model.memoryMb?.value, 65536);
    assert.equal(a.domain?.fwCfg?.mb, 262144);
  });
  test('a domain without UEFI: SeaBIOS places the BARs above RAM, so no firmware finding (the lab measured it)', () => {
    const text = fixture('a100-80gb-bios.xml');
    assert.deepEqual(findingsOf(text, { host }).map((f) => f.ruleId), []);
  });
  test('a complete UEFI/q35 domain with a 256 GB aperture, maxphysaddr passthrough and locked+hard_limit gets no warning or error', () => {
    const fs = findingsOf(fixture('a100-80gb-complete.xml'), { host });
    assert.deepEqual(fs.filter((f) => f.level === 'warning' || f.level === 'error'), []);
  });
  test('without <locked/> it is also clean', () => {
    const text = fixture('a100-80gb-complete.xml').replace('    <locked/>\n', '');
    assert.deepEqual(findingsOf(text, { host }).filter((f) => f.level !== 'info' && f.level !== 'hint'), []);
  });
});

describe('vGPU (mdev) from the host', () => {
  test('an mdev hostdev is a vGPU with its type name; in a BIOS domain no firmware rule fires', () => {
    const text = domain({ devices: `    <hostdev mode='subsystem' type='mdev' model='vfio-pci'>\n      <source>\n        <address uuid='${MDEV_UUID}'/>\n      </source>\n    </hostdev>` });
    const a = analyseLibvirt(text, DEFAULT_SETTINGS, host)!;
    assert.equal(a.model.devices[0].kind, 'vgpu');
    assert.equal(a.model.devices[0].profileName, 'GRID P4-8C');
    // No primary source ties a KVM vGPU to UEFI or to its GPU's BAR1: no firmware finding on a BIOS domain.
    assert.deepEqual(findingsOf(text, { host }).map((f) => f.ruleId), []);
  });
  test('without the host an mdev is not assumed to be a GPU (no finding)', () => {
    const text = domain({ devices: `    <hostdev mode='subsystem' type='mdev' model='vfio-pci'>\n      <source>\n        <address uuid='${MDEV_UUID}'/>\n      </source>\n    </hostdev>` });
    assert.deepEqual(findingsOf(text), []);
  });
});

describe('libvirt/unknown-mdev-type', () => {
  test('a type the parent does not offer: the offered ones with name and framebuffer, and did-you-mean fixes', () => {
    const text = fixture('nodedev-mdev-p4.xml');
    const fs = only(text, 'libvirt/unknown-mdev-type', { host });
    assert.equal(fs.length, 1);
    assert.equal(fs[0].level, 'warning');
    assert.deepEqual(fs[0].range, rangeOf(text, "'nvidia-189'"));
    assert.match(fs[0].message, /mdev type 'nvidia-189' is not offered by the parent 0000:83:00\.0/);
    assert.match(fs[0].message, /nvidia-289 \(GRID P4-8C, framebuffer 8192M\); nvidia-288 \(GRID P4-4C, framebuffer 4096M\); nvidia-157 \(GRID P4-2B, framebuffer 2048M\)/);
    assert.equal(fixed(text, fs[0]), text.replace("'nvidia-189'", "'nvidia-289'"));
    assert.equal(fs[0].fixes![0].title, 'Use nvidia-289 (GRID P4-8C, framebuffer 8192M)');
  });
  test('a profile name written as the id maps to its type id', () => {
    const text = fixture('nodedev-mdev-p4.xml').replace('nvidia-189', 'GRID P4-4C');
    const fs = only(text, 'libvirt/unknown-mdev-type', { host });
    assert.equal(fixed(text, fs[0]), text.replace("'GRID P4-4C'", "'nvidia-288'"));
    assert.equal(fs[0].fixes![0].safe, true);
  });
  test('an offered type is fine; without the host no nvidia-NNN number is judged', () => {
    assert.deepEqual(only(fixture('nodedev-mdev-p4.xml').replace('nvidia-189', 'nvidia-289'), 'libvirt/unknown-mdev-type', { host }), []);
    assert.deepEqual(only(fixture('nodedev-mdev-p4.xml'), 'libvirt/unknown-mdev-type'), []);
  });
  test('without the host, a profile name where the id belongs is explained (info)', () => {
    const text = fixture('nodedev-mdev-p4.xml').replace('nvidia-189', 'A100-4C');
    const fs = only(text, 'libvirt/unknown-mdev-type');
    assert.equal(fs[0].level, 'info');
    assert.match(fs[0].message, /is a vGPU profile name, not an mdev type id/);
  });
});
