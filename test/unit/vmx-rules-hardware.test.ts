// The hardware rules: firmware vs BAR1, memory reservation, 64-bit guest, nested ESXi, device ids,
// vGPU profiles and GPUs the catalog cannot size.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { findGpusByPciId, NVIDIA_VENDOR_ID } from '../../server/src/catalog/gpus';
import { biosLargeBarRule, REINSTALL_WARNING } from '../../server/src/vmx/rules/biosLargeBar';
import {
  applyOnlyFix, byRule, crlf, diagnose, errors, fixesOf, gpuLines, onlyOne, quickFixes, RESERVED, rng, service, settingsWith, TEST_SETTINGS, VMX_HEADER, VMX_URI, vmx,
} from '../helpers/vmx';
import { applyEdits } from '../helpers/applyEdits';

const EFI = 'firmware = "efi"';
const BIOS = 'firmware = "bios"';
const MMIO_128 = ['pciPassthru.use64bitMMIO = "TRUE"', 'pciPassthru.64bitMMIOSizeGB = "128"'];
const A2 = [...gpuLines(0, '0x25b6'), 'pciPassthru0.subDeviceId = "0x157e"', 'pciPassthru.use64bitMMIO = "TRUE"', 'pciPassthru.64bitMMIOSizeGB = "32"'];

describe('vmx/bios-large-bar', () => {
  const a2Bios = vmx([...VMX_HEADER, BIOS, ...RESERVED, ...A2]);

  test('A2 (BAR1 16 GB) with explicit BIOS: error on the firmware value', () => {
    const diags = diagnose(a2Bios);
    const d = onlyOne(diags, 'vmx/bios-large-bar');
    assert.deepEqual(d.range, rng(6, 11, 6, 17));
    assert.equal(d.severity, DiagnosticSeverity.Error);
    assert.match(d.message, /pciPassthru0 \(NVIDIA A2\) maps 16\.1 GB of BARs \(BAR1 16 GB\), but the firmware is BIOS: VMware and Dell require EFI for devices above 16 GB/);
    assert.match(d.message, /the firmware is BIOS/);
    assert.ok(d.message.includes(REINSTALL_WARNING));
    assert.deepEqual(diags.map((x) => x.code), ['vmx/bios-large-bar'], 'nothing else is wrong with this file');
  });

  test('the fix sets firmware = "efi", is marked unsafe and carries the reinstall warning', () => {
    const [fix] = fixesOf(a2Bios, 'vmx/bios-large-bar');
    assert.equal(fix.safe, false);
    assert.equal(fix.warning, REINSTALL_WARNING);
    const { text, action } = applyOnlyFix(a2Bios, 'vmx/bios-large-bar');
    assert.equal(action.title, `Switch to EFI firmware (guest OS reinstall needed) – ${REINSTALL_WARNING}`);
    assert.equal(action.isPreferred, false);
    assert.equal(text, vmx([...VMX_HEADER, EFI, ...RESERVED, ...A2]));
    assert.deepEqual(diagnose(text), []);
  });

  test('unsafe: fix-all does not switch the firmware', () => {
    assert.equal(quickFixes(a2Bios, 'vmx/bios-large-bar').length, 1);
    assert.deepEqual(service.fixAll({ uri: VMX_URI, text: a2Bios }, TEST_SETTINGS), []);
  });

  test('no firmware line in a whole file means BIOS: error on the device; the fix inserts after guestOS (CRLF kept)', () => {
    const doc = vmx([...VMX_HEADER, ...RESERVED, ...A2], '\r\n');
    const d = onlyOne(diagnose(doc), 'vmx/bios-large-bar');
    assert.deepEqual(d.range, rng(11, 0, 11, 21));
    assert.match(d.message, /no firmware is set, so the VM boots with BIOS \(the default\)/);
    const { text } = applyOnlyFix(doc, 'vmx/bios-large-bar');
    assert.equal(text, vmx([...VMX_HEADER.slice(0, 5), EFI, ...VMX_HEADER.slice(5), ...RESERVED, ...A2], '\r\n'));
  });

  test('a C-series vGPU with BIOS is reported on the firmware value (NVIDIA requires EFI); a Q-series one is not', () => {
    const doc = vmx([...VMX_HEADER, BIOS, ...RESERVED, 'pciPassthru0.present = "TRUE"', 'pciPassthru0.vgpu = "grid_a100-4c"', ...MMIO_128]);
    const d = onlyOne(diagnose(doc), 'vmx/bios-large-bar');
    assert.deepEqual(d.range, rng(6, 11, 6, 17));
    assert.match(d.message, /pciPassthru0 is a C-series vGPU \(grid_a100-4c\): NVIDIA requires EFI boot \(and 64-bit MMIO\) for C-series vGPUs on ESXi/);
    const q = doc.replace('grid_a100-4c', 'grid_a40-4q');
    assert.deepEqual(byRule(diagnose(q), 'vmx/bios-large-bar'), []);
  });

  test('BAR1 above 256 MB but BARs of 16 GB or less: a warning naming both sources, without the reinstall fix', () => {
    const model = { format: 'vmx' as const, isFragment: false, firmware: { kind: 'bios' as const, explicit: false }, anchor: rng(0, 0, 0, 1), devices: [{ kind: 'passthrough' as const, label: 'pciPassthru0', range: rng(9, 0, 9, 5), bars: { bar0Mb: 16, bar1Mb: 8192, bar3Mb: 32, source: 'test' } }] };
    const [f, ...rest] = biosLargeBarRule.check({ model, fixes: { setEfiFirmware: () => [] }, settings: TEST_SETTINGS } as unknown as Parameters<typeof biosLargeBarRule.check>[0]);
    assert.deepEqual(rest, []);
    assert.equal(f.severity, 'warning');
    assert.equal(f.fixes, undefined);
    assert.match(f.message, /has a 8 GB BAR1 and no firmware is set.*Sources disagree: Denneman's article says a BAR1 above 256 MB needs EFI.*VMware's and Dell's guidance asks for EFI only above 16 GB/);
  });

  test('negatives: T4 (BAR1 256 MB) with BIOS, A2 with EFI, A2 in a fragment without firmware', () => {
    assert.deepEqual(diagnose(vmx([...VMX_HEADER, BIOS, ...RESERVED, ...gpuLines(0, '0x1eb8')])), []);
    assert.deepEqual(diagnose(vmx([...VMX_HEADER, EFI, ...RESERVED, ...A2])), []);
    assert.deepEqual(byRule(diagnose(vmx([...RESERVED, ...A2])), 'vmx/bios-large-bar'), []);
  });
});

describe('vmx/memory-not-reserved', () => {
  const t4 = gpuLines(0, '0x1eb8');

  test('no reservation at all: error on the device; the fix adds pin and min = memsize after memSize', () => {
    const doc = vmx([...VMX_HEADER, EFI, ...t4]);
    const d = onlyOne(diagnose(doc), 'vmx/memory-not-reserved');
    assert.deepEqual(d.range, rng(10, 0, 10, 21));
    assert.equal(d.severity, DiagnosticSeverity.Error);
    assert.match(d.message, /Invalid memory setting: memory reservation \(sched\.mem\.min\) should be equal to memsize\(65536\)/);
    const { text, action } = applyOnlyFix(doc, 'vmx/memory-not-reserved');
    assert.equal(action.title, 'Reserve all guest memory (65536 MB)');
    assert.equal(text, vmx([...VMX_HEADER, ...RESERVED, EFI, ...t4]));
    assert.deepEqual(diagnose(text), []);
  });

  test('sched.mem.min below memsize: error on the min value; the fix changes only that value', () => {
    const doc = vmx([...VMX_HEADER, EFI, 'sched.mem.pin = "TRUE"', 'sched.mem.min = "4096"', ...t4]);
    const d = onlyOne(diagnose(doc), 'vmx/memory-not-reserved');
    assert.deepEqual(d.range, rng(8, 16, 8, 22));
    assert.match(d.message, /sched\.mem\.min is 4096 MB but memsize is 65536 MB/);
    assert.equal(applyOnlyFix(doc, 'vmx/memory-not-reserved').text, doc.replace('"4096"', '"65536"'));
  });

  test('sched.mem.pin = "FALSE" without min: the pin is set TRUE and min is added', () => {
    const doc = vmx([...VMX_HEADER, EFI, 'sched.mem.pin = "FALSE"', ...t4]);
    const d = onlyOne(diagnose(doc), 'vmx/memory-not-reserved');
    assert.deepEqual(d.range, rng(7, 16, 7, 23));
    assert.equal(applyOnlyFix(doc, 'vmx/memory-not-reserved').text, vmx([...VMX_HEADER, EFI, ...RESERVED, ...t4]));
  });

  test('in a fragment without any reservation it is a warning', () => {
    const d = onlyOne(diagnose(vmx(t4)), 'vmx/memory-not-reserved');
    assert.equal(d.severity, DiagnosticSeverity.Warning);
    assert.deepEqual(d.range, rng(3, 0, 3, 21));
  });

  test('negatives: pin alone, min = memsize alone, no device at all', () => {
    assert.deepEqual(diagnose(vmx([...VMX_HEADER, EFI, 'sched.mem.pin = "TRUE"', ...t4])), []);
    assert.deepEqual(diagnose(vmx([...VMX_HEADER, EFI, 'sched.mem.min = "65536"', ...t4])), []);
    assert.deepEqual(diagnose(vmx([...VMX_HEADER, EFI])), []);
  });
});

describe('vmx/guest-32bit', () => {
  test('32-bit guestOS with a GPU: error on the guestOS value, no fix', () => {
    const doc = vmx([...VMX_HEADER.slice(0, 4), 'guestOS = "ubuntu"', VMX_HEADER[5], EFI, ...RESERVED, ...gpuLines(0, '0x1eb8')]);
    const d = onlyOne(diagnose(doc), 'vmx/guest-32bit');
    assert.deepEqual(d.range, rng(4, 10, 4, 18));
    assert.equal(d.severity, DiagnosticSeverity.Error);
    assert.match(d.message, /guestOS "ubuntu" is 32-bit, but pciPassthru0 is a GPU.*Use the 64-bit id \(e\.g\. "ubuntu-64"\)/);
    assert.deepEqual(quickFixes(doc, 'vmx/guest-32bit'), []);
  });

  test('negatives: 64-bit id, vmkernel8, an id we do not know, a 32-bit guest without devices', () => {
    const guestVm = (g: string, dev = true) =>
      vmx([...VMX_HEADER.slice(0, 4), `guestOS = "${g}"`, VMX_HEADER[5], EFI, ...RESERVED, ...(dev ? gpuLines(0, '0x1eb8') : [])]);
    assert.deepEqual(byRule(diagnose(guestVm('ubuntu-64')), 'vmx/guest-32bit'), []);
    assert.deepEqual(byRule(diagnose(guestVm('vmkernel8')), 'vmx/guest-32bit'), []);
    assert.deepEqual(byRule(diagnose(guestVm('someNewOs')), 'vmx/guest-32bit'), []);
    assert.deepEqual(diagnose(guestVm('ubuntu', false)), []);
  });
});

describe('vmx/nested-passthrough', () => {
  const outer = (extra: string[]) =>
    vmx([...VMX_HEADER.slice(0, 4), 'guestOS = "vmkernel8"', VMX_HEADER[5], EFI, ...RESERVED, ...extra, ...gpuLines(0, '0x1eb8')]);

  test('nested ESXi with a GPU and nothing set: error on guestOS; the fix adds the three keys after guestOS', () => {
    const doc = outer([]);
    const d = onlyOne(diagnose(doc), 'vmx/nested-passthrough');
    assert.deepEqual(d.range, rng(4, 10, 4, 21));
    assert.equal(d.severity, DiagnosticSeverity.Error);
    assert.match(d.message, /guestOS "vmkernel8" is a nested ESXi with passthrough device pciPassthru0: set vvtd\.enable = "TRUE", vhv\.enable = "TRUE", vhv\.allowPassthru = "TRUE"/);
    assert.match(d.message, /amd\.iommu\.supportsPcip/);
    const { text } = applyOnlyFix(doc, 'vmx/nested-passthrough');
    assert.equal(
      text,
      vmx([...VMX_HEADER.slice(0, 4), 'guestOS = "vmkernel8"', 'vvtd.enable = "TRUE"', 'vhv.enable = "TRUE"', 'vhv.allowPassthru = "TRUE"', VMX_HEADER[5], EFI, ...RESERVED, ...gpuLines(0, '0x1eb8')]),
    );
    assert.deepEqual(diagnose(text), []);
  });

  test('vhv.enable without allowPassthru on a non-nested guest: error on the vhv.enable key', () => {
    const doc = vmx([...VMX_HEADER, EFI, ...RESERVED, 'vhv.enable = "TRUE"', 'vhv.allowPassthru = "FALSE"', ...gpuLines(0, '0x1eb8')]);
    const d = onlyOne(diagnose(doc), 'vmx/nested-passthrough');
    assert.deepEqual(d.range, rng(9, 0, 9, 10));
    assert.match(d.message, /vhv\.enable exposes hardware virtualization with passthrough device pciPassthru0: set vhv\.allowPassthru = "TRUE"/);
    assert.equal(applyOnlyFix(doc, 'vmx/nested-passthrough').text, doc.replace('vhv.allowPassthru = "FALSE"', 'vhv.allowPassthru = "TRUE"'));
  });

  test('negatives: everything set; nested ESXi without passthrough', () => {
    assert.deepEqual(diagnose(outer(['vvtd.enable = "TRUE"', 'vhv.enable = "TRUE"', 'vhv.allowPassthru = "TRUE"'])), []);
    const noDev = vmx([...VMX_HEADER.slice(0, 4), 'guestOS = "vmkernel8"', VMX_HEADER[5], EFI]);
    assert.deepEqual(diagnose(noDev), []);
  });
});

describe('vmx/passthru-id-format', () => {
  const withId = (id: string) => vmx([...VMX_HEADER, EFI, ...RESERVED, ...gpuLines(0, '0x1eb8', id)]);

  test('lspci hex "0000:3b:00.0": warning on the value; unsafe fix converts to "00000:059:00.0"', () => {
    const doc = withId('0000:3b:00.0');
    const d = onlyOne(diagnose(doc), 'vmx/passthru-id-format');
    assert.deepEqual(d.range, rng(10, 18, 10, 32));
    assert.equal(d.severity, DiagnosticSeverity.Warning);
    assert.match(d.message, /"0000:3b:00\.0" looks like lspci's hex address; ESXi's pciPassthru0\.id is decimal: "00000:059:00\.0" \(bus 0x3b = 59\)/);
    assert.equal(fixesOf(doc, 'vmx/passthru-id-format')[0].safe, false);
    assert.equal(applyOnlyFix(doc, 'vmx/passthru-id-format').text, withId('00000:059:00.0'));
  });

  test('hex digits only in the bus ("0000:41:00.0" = bus 65) are reported too', () => {
    const d = onlyOne(diagnose(withId('0000:41:00.0')), 'vmx/passthru-id-format');
    assert.match(d.message, /"00000:065:00\.0"/);
  });

  test('negatives: ESXi decimal forms, and a hex form that reads the same in decimal', () => {
    for (const id of ['00000:059:00.0', '0:66:0.0', '0000:04:00.0']) assert.deepEqual(diagnose(withId(id)), [], id);
  });
});

describe('vmx/vendor-device-swapped', () => {
  const swapped = vmx([
    ...VMX_HEADER, EFI, ...RESERVED,
    'pciPassthru0.present = "TRUE"', 'pciPassthru0.vendorId = "0x20b1"', 'pciPassthru0.deviceId = "0x10de"', ...MMIO_128,
  ]);

  test('deviceId = "0x10de": error on the deviceId value; the safe fix swaps both values', () => {
    const d = onlyOne(diagnose(swapped), 'vmx/vendor-device-swapped');
    assert.deepEqual(d.range, rng(11, 24, 11, 32));
    assert.equal(d.severity, DiagnosticSeverity.Error);
    assert.match(d.message, /pciPassthru0\.deviceId is "0x10de", the PCI vendor id of NVIDIA: vendorId and deviceId look swapped \(0x20b1 is the NVIDIA A100 PCIe 40 GB\)/);
    assert.equal(fixesOf(swapped, 'vmx/vendor-device-swapped')[0].safe, true);
    const { text } = applyOnlyFix(swapped, 'vmx/vendor-device-swapped');
    assert.equal(text, swapped.replace('vendorId = "0x20b1"', 'vendorId = "0x10de"').replace('deviceId = "0x10de"', 'deviceId = "0x20b1"'));
    assert.deepEqual(diagnose(text), []);
  });

  test('negatives: the right order; a vendor id in both (no swap to suggest)', () => {
    assert.deepEqual(diagnose(vmx([...VMX_HEADER, EFI, ...RESERVED, ...gpuLines(0, '0x20b1'), ...MMIO_128])), []);
    const both = vmx([...VMX_HEADER, EFI, ...RESERVED, 'pciPassthru0.present = "TRUE"', 'pciPassthru0.vendorId = "0x8086"', 'pciPassthru0.deviceId = "0x10de"']);
    assert.deepEqual(byRule(diagnose(both), 'vmx/vendor-device-swapped'), []);
  });
});

describe('vmx/unknown-vgpu-profile', () => {
  const vgpu = (profile: string) =>
    vmx([...VMX_HEADER, EFI, ...RESERVED, 'pciPassthru0.present = "TRUE"', `pciPassthru0.vgpu = "${profile}"`, ...MMIO_128]);

  test('"grid_a100-4x": warning on the value with did-you-mean fixes, all unsafe, "grid_a100-4c" first', () => {
    const doc = vgpu('grid_a100-4x');
    const d = onlyOne(diagnose(doc), 'vmx/unknown-vgpu-profile');
    assert.deepEqual(d.range, rng(10, 20, 10, 34));
    assert.equal(d.severity, DiagnosticSeverity.Warning);
    assert.match(d.message, /Unknown vGPU profile "grid_a100-4x": did you mean "grid_a100-4c"/);
    const fixes = fixesOf(doc, 'vmx/unknown-vgpu-profile');
    assert.ok(fixes.length >= 1 && fixes.length <= 3);
    assert.ok(fixes.every((f) => !f.safe));
    assert.equal(fixes[0].title, 'Change to "grid_a100-4c"');
    assert.equal(applyEdits(doc, fixes[0].edits), vgpu('grid_a100-4c'));
  });

  test('negatives: known profiles in any case', () => {
    assert.deepEqual(diagnose(vgpu('grid_a100-4c')), []);
    assert.deepEqual(diagnose(vgpu('GRID_A100-4C')), []);
  });
});

describe('vmx/unknown-gpu', () => {
  test('an NVIDIA device id the catalog does not have: info on the device, no fix', () => {
    assert.deepEqual(findGpusByPciId(NVIDIA_VENDOR_ID, '13f2'), [], 'precondition: 10de:13f2 is not in the catalog');
    const doc = vmx([...VMX_HEADER, EFI, ...RESERVED, ...gpuLines(0, '0x13f2')]);
    const d = onlyOne(diagnose(doc), 'vmx/unknown-gpu');
    assert.deepEqual(d.range, rng(12, 0, 12, 21));
    assert.equal(d.severity, DiagnosticSeverity.Information);
    assert.match(d.message, /pciPassthru0 \(00000:059:00\.0\): PCI id 10de:13f2 is not in the GPU catalog, so its MMIO and firmware needs cannot be checked/);
    assert.deepEqual(errors(diagnose(doc)), []);
  });

  test('no ids at all: says so', () => {
    const doc = vmx([...VMX_HEADER, EFI, ...RESERVED, 'pciPassthru0.present = "TRUE"', 'pciPassthru0.id = "00000:059:00.0"']);
    const d = onlyOne(diagnose(doc), 'vmx/unknown-gpu');
    assert.deepEqual(d.range, rng(9, 0, 9, 20));
    assert.match(d.message, /no vendorId\/deviceId is given/);
  });

  test('setting "off" silences it; negatives: catalog GPU, non-GPU (Mellanox NIC)', () => {
    const doc = vmx([...VMX_HEADER, EFI, ...RESERVED, ...gpuLines(0, '0x13f2')]);
    assert.deepEqual(diagnose(doc, settingsWith({ 'vmx/unknown-gpu': 'off' })), []);
    assert.deepEqual(diagnose(vmx([...VMX_HEADER, EFI, ...RESERVED, ...gpuLines(0, '0x1eb8')])), []);
    const nic = vmx([...VMX_HEADER, EFI, ...RESERVED, 'pciPassthru0.present = "TRUE"', 'pciPassthru0.vendorId = "0x15b3"', 'pciPassthru0.deviceId = "0x1016"']);
    assert.deepEqual(diagnose(nic), []);
  });

  test('the gpuMap setting identifies a GPU by host address (ESXi decimal id = lspci 0000:3b:00.0)', () => {
    const doc = vmx([...VMX_HEADER, BIOS, ...RESERVED, 'pciPassthru0.present = "TRUE"', 'pciPassthru0.id = "00000:059:00.0"']);
    const diags = diagnose(doc, { ...TEST_SETTINGS, gpuMap: { '0000:3b:00.0': 'A100-PCIE-40GB' } });
    assert.deepEqual(diags.map((x) => x.code).sort(), ['vmx/bios-large-bar', 'vmx/mmio-not-enabled']);
    assert.deepEqual(errors(diagnose(crlf(doc))).length, 0, 'without the map nothing is known: info only');
  });
});

describe('vmx/memory-not-reserved: memsize as written', () => {
  const t4 = gpuLines(0, '0x1eb8');
  const header = (mem: string) => VMX_HEADER.map((l) => (l.startsWith('memSize') ? `memSize = "${mem}"` : l));

  test('the fix copies memsize\'s text (leading zeros included) into sched.mem.min', () => {
    const doc = vmx([...header('016384'), EFI, 'sched.mem.pin = "TRUE"', 'sched.mem.min = "4096"', ...t4]);
    const d = onlyOne(diagnose(doc), 'vmx/memory-not-reserved');
    assert.match(d.message, /sched\.mem\.min is 4096 MB but memsize is 16384 MB/);
    assert.equal(applyOnlyFix(doc, 'vmx/memory-not-reserved').text, doc.replace('sched.mem.min = "4096"', 'sched.mem.min = "016384"'));
  });

  test('an inserted sched.mem.min is memsize\'s text too', () => {
    const doc = vmx([...header(' 8192 '), EFI, ...t4]);
    const { text } = applyOnlyFix(doc, 'vmx/memory-not-reserved');
    assert.ok(text.includes('sched.mem.pin = "TRUE"\nsched.mem.min = "8192"\n'), text);
  });

  test('a memsize too large to be exact is not copied as another number: only the pin is added', () => {
    const doc = vmx([...header('99999999999999999999'), EFI, ...t4]);
    const d = onlyOne(diagnose(doc), 'vmx/memory-not-reserved');
    assert.match(d.message, /guest memory is not fully reserved/);
    const { text } = applyOnlyFix(doc, 'vmx/memory-not-reserved');
    assert.ok(text.includes('sched.mem.pin = "TRUE"'), text);
    assert.ok(!text.includes('sched.mem.min'), 'no reservation size derived from an inexact number');
    assert.equal(onlyOne(diagnose(doc), 'vmx/invalid-value').message, 'memSize: "99999999999999999999" is out of range: at most 9007199254740991 MB');
  });
});
