// libvirt completion, hover, outline, folding and code lens.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { MarkupContent } from 'vscode-languageserver-types';
import { ELEMENTS } from '../../server/src/libvirt/elements';
import { DEFAULT_SETTINGS } from '../../server/src/service/types';
import { domain, fakeHost, MDEV_UUID, NO_HOST_SETTINGS, pciHostdev, rangeOf, service } from './libvirt-helpers';

const host = fakeHost();
const uri = 'file:///vm.xml';
/** Position just after the n-th occurrence of `needle`. */
function after(text: string, needle: string, nth = 0) {
  return rangeOf(text, needle, nth).end;
}

describe('completion', () => {
  test('attribute values: hyperv state, hostdev type/mode, model, firmware', () => {
    const text = domain({ os: "  <os firmware=''>\n    <type arch='x86_64' machine='q35'>hvm</type>\n  </os>", extra: "  <features>\n    <hyperv>\n      <relaxed state=''/>\n    </hyperv>\n  </features>", devices: "    <hostdev mode='' type='' model=''/>" });
    const svc = service();
    const labels = (needle: string) => svc.complete({ uri, text }, after(text, needle), NO_HOST_SETTINGS).map((i) => i.label);
    assert.deepEqual(labels("firmware='"), ['efi', 'bios']);
    assert.deepEqual(labels("state='"), ['on', 'off']);
    assert.ok(labels("mode='").includes('subsystem'));
    const typeItems = svc.complete({ uri, text }, after(text, "hostdev mode='' type='"), NO_HOST_SETTINGS).map((i) => i.label);
    assert.deepEqual(typeItems.slice(0, 2), ['pci', 'mdev']);
    assert.ok(labels("model='").includes('vfio-pci'));
  });
  test('attribute names not yet present, as snippets', () => {
    const text = domain({ extra: "  <cpu mode='host-passthrough'>\n    <maxphysaddr />\n  </cpu>" });
    const items = service().complete({ uri, text }, after(text, '<maxphysaddr '), NO_HOST_SETTINGS);
    assert.deepEqual(items.map((i) => i.label), ['mode', 'bits', 'limit']);
    assert.equal(items[0].insertText, "mode='${1|passthrough,emulate|}'");
  });
  test('child elements after "<"', () => {
    const text = domain({ extra: '  <memoryBacking>\n    <\n  </memoryBacking>' });
    const labels = service().complete({ uri, text }, after(text, '<memoryBacking>\n    <'), NO_HOST_SETTINGS).map((i) => i.label);
    assert.ok(labels.includes('hugepages') && labels.includes('locked'), labels.join(','));
  });
  test('node-device mdev type ids from the host, with name and framebuffer', () => {
    const text = "<device>\n  <name>mdev_x</name>\n  <parent>pci_0000_83_00_0</parent>\n  <capability type='mdev'>\n    <type id=''/>\n  </capability>\n</device>\n";
    const items = service(host).complete({ uri, text }, after(text, "id='"), DEFAULT_SETTINGS);
    assert.deepEqual(items.map((i) => [i.label, i.detail]), [
      ['nvidia-289', 'GRID P4-8C, framebuffer 8192M, 1 available'],
      ['nvidia-288', 'GRID P4-4C, framebuffer 4096M, 1 available'],
      ['nvidia-157', 'GRID P4-2B, framebuffer 2048M, 1 available'],
    ]);
  });
  test('without the host: catalog vGPU type names, labelled as names', () => {
    const text = "<device>\n  <capability type='mdev'>\n    <type id=''/>\n  </capability>\n</device>\n";
    const items = service().complete({ uri, text }, after(text, "id='"), NO_HOST_SETTINGS);
    const a100 = items.find((i) => i.label === 'A100-4C');
    assert.ok(a100, 'A100-4C offered');
    assert.match(String(a100.detail), /not an id/);
  });
  test('mdev UUIDs present on the host in <address uuid>', () => {
    const text = domain({ devices: "    <hostdev mode='subsystem' type='mdev' model='vfio-pci'>\n      <source>\n        <address uuid=''/>\n      </source>\n    </hostdev>" });
    const items = service(host).complete({ uri, text }, after(text, "uuid='"), DEFAULT_SETTINGS);
    assert.deepEqual(items.map((i) => i.label), [MDEV_UUID]);
  });
});

describe('hover', () => {
  test('a hostdev address shows the GPU, its BARs and the MMIO arithmetic', () => {
    const text = domain({ devices: pciHostdev() });
    const h = service(host).hover({ uri, text }, after(text, "<address domain='0x"), DEFAULT_SETTINGS);
    const value = (h?.contents as MarkupContent).value;
    assert.match(value, /hostdev 0000:3b:00\.0\*\* — NVIDIA A100 PCIe 80 GB/);
    assert.match(value, /A100 PCIe 80 GB: 16 MB \+ 128 GB \+ 32 MB = 128\.1 GB → 256 GB/);
    assert.match(value, /host sysfs/);
    assert.match(value, /This VM's GPUs: hostdev 0000:3b:00\.0 \(A100 PCIe 80 GB\): 128 GB \+ 32 MB of 64-bit BARs → a 256 GiB root-port window/);
    assert.match(value, /Firmware: fits \(SeaBIOS, from 128 GiB up\)\. CPU: no CPU model: QEMU's default qemu64/);
  });
  test('elements explain themselves with a source', () => {
    const text = domain({ extra: "  <cpu mode='host-passthrough'>\n    <maxphysaddr mode='passthrough'/>\n  </cpu>" });
    const h = service().hover({ uri, text }, after(text, '<maxphys'), NO_HOST_SETTINGS);
    const value = (h?.contents as MarkupContent).value;
    assert.match(value, /\*\*`<maxphysaddr>`\*\*.*libvirt ≥ 8\.7/);
    assert.match(value, /_Source: libvirt/);
    assert.deepEqual(h?.range, rangeOf(text, 'maxphysaddr'));
  });
  test('element sources cite libvirt, NVIDIA, edk2 or QEMU documents, not internal notes', () => {
    for (const spec of ELEMENTS) {
      assert.doesNotMatch(spec.source, /\bSPEC\b|\bseed\b/i, `${spec.name}: ${spec.source}`);
      assert.match(spec.source, /libvirt\.org\/formatdomain\.html|libvirt\.org\/formatnode\.html/, `${spec.name}: ${spec.source}`);
    }
    const maxphys = ELEMENTS.find((e) => e.name === 'maxphysaddr')!;
    assert.match(maxphys.source, /since 8\.7\.0/);
    assert.match(maxphys.source, /open-gpu-kernel-modules/);
  });
});

describe('outline, folding, code lens', () => {
  test('devices grouped, hostdevs labelled with address and GPU', () => {
    const text = domain({ devices: `${pciHostdev()}\n    <interface type='network'/>` });
    const [root] = service(host).symbols({ uri, text }, DEFAULT_SETTINGS);
    assert.equal(root.name, 'domain gpu-vm');
    const devices = root.children!.find((c) => c.name === 'devices')!;
    assert.deepEqual(devices.children!.map((g) => g.name), ['hostdev (1)', 'interface (1)']);
    assert.equal(devices.children![0].children![0].name, 'hostdev 0000:3b:00.0 — NVIDIA A100 PCIe 80 GB');
  });
  test('every element spanning lines folds', () => {
    const text = domain({ devices: pciHostdev() });
    const ranges = service().folding({ uri, text }, NO_HOST_SETTINGS);
    assert.ok(ranges.some((r) => r.startLine === 0 && r.endLine === 13), JSON.stringify(ranges));
    assert.ok(ranges.some((r) => r.startLine === 8 && r.endLine === 11));
  });
  test('a code lens shows the 64-bit space the GPUs need and whether the firmware window holds it', () => {
    const text = domain({ devices: pciHostdev() });
    const [lens] = service(host).codeLenses({ uri, text }, DEFAULT_SETTINGS);
    assert.equal(lens.command!.title, "GPUs' 64-bit BARs: 256 GiB — fits (SeaBIOS, from 128 GiB up)");
    const efi = text.replace('  <os>', "  <os firmware='efi'>");
    const [efiLens] = service(host).codeLenses({ uri, text: efi }, DEFAULT_SETTINGS);
    assert.equal(efiLens.command!.title, "GPUs' 64-bit BARs: 256 GiB — does not fit (the classic 32 GiB window / the dynamic 128 GiB window = 2^(40−3))");
  });
});
