// vmx/mmio-not-enabled, vmx/mmio-too-small, vmx/mmio-not-power-of-two, vmx/mmio-size-ignored,
// with the sizing facts of the BAR article (A100 40 GB → 128 / 256, A100 80 GB and H100 → 256).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import {
  applyOnlyFix, byRule, crlf, diagnose, errors, fixesOf, gpuLines, onlyOne, RESERVED, rng, settingsWith, VMX_HEADER, vmx,
} from '../helpers/vmx';

const EFI = 'firmware = "efi"';
/** Lines 0-8: header, firmware, full reservation. GPU lines start at line 9. */
const BASE = [...VMX_HEADER, EFI, ...RESERVED];
const VMX_HEADER_WITH_MEM = (mb: string) => [...VMX_HEADER.map((l) => (l.startsWith('memSize') ? `memSize = "${mb}"` : l)), EFI, 'sched.mem.pin = "TRUE"', `sched.mem.min = "${mb}"`];

describe('vmx/mmio-not-enabled', () => {
  const a100 = vmx([...BASE, ...gpuLines(0, '0x20b1')]);

  test('one A100 40 GB without 64-bit MMIO: error at the deviceId key; the fix writes 128', () => {
    const d = onlyOne(diagnose(a100), 'vmx/mmio-not-enabled');
    assert.deepEqual(d.range, rng(12, 0, 12, 21));
    assert.equal(d.severity, DiagnosticSeverity.Error);
    assert.match(d.message, /64-bit MMIO is off, but the GPUs' BARs add up to more than 32 GB \(A100 PCIe 40 GB: 16 MB \+ 64 GB \+ 32 MB = 64\.1 GB → 128 GB\), more than the default window by every source/);
    assert.match(d.message, /exceeds limit/);
    const { text, action } = applyOnlyFix(a100, 'vmx/mmio-not-enabled');
    assert.equal(action.title, 'Enable 64-bit MMIO with a 128 GB window');
    assert.equal(
      text,
      vmx([...BASE, ...gpuLines(0, '0x20b1'), 'pciPassthru.use64bitMMIO = "TRUE"', 'pciPassthru.64bitMMIOSizeGB = "128"']),
    );
    assert.deepEqual(errors(diagnose(text)), []);
  });

  test('two A100 40 GB: the fix writes 256 (NVIDIA: 256 for two)', () => {
    const two = vmx([...BASE, ...gpuLines(0, '0x20b1'), ...gpuLines(1, '0x20b1')]);
    const d = onlyOne(diagnose(two), 'vmx/mmio-not-enabled');
    assert.deepEqual(d.range, rng(12, 0, 12, 21));
    assert.match(d.message, /2 × A100 PCIe 40 GB: 16 MB \+ 64 GB \+ 32 MB each = 128\.1 GB → 256 GB/);
    const { text } = applyOnlyFix(two, 'vmx/mmio-not-enabled');
    assert.equal(
      text,
      vmx([...BASE, ...gpuLines(0, '0x20b1'), ...gpuLines(1, '0x20b1'), 'pciPassthru.use64bitMMIO = "TRUE"', 'pciPassthru.64bitMMIOSizeGB = "256"']),
    );
  });

  test('A100 80 GB → 256, H100 80 GB → 256', () => {
    for (const [deviceId, name] of [['0x20b5', 'A100 PCIe 80 GB'], ['0x2331', 'H100 PCIe 80 GB']]) {
      const doc = vmx([...BASE, ...gpuLines(0, deviceId)]);
      const d = onlyOne(diagnose(doc), 'vmx/mmio-not-enabled');
      assert.ok(d.message.includes(`${name}: 16 MB + 128 GB + 32 MB = 128.1 GB → 256 GB`), d.message);
      const { text } = applyOnlyFix(doc, 'vmx/mmio-not-enabled');
      assert.ok(text.endsWith('pciPassthru.use64bitMMIO = "TRUE"\npciPassthru.64bitMMIOSizeGB = "256"\n'), text);
    }
  });

  test('use64bitMMIO = "FALSE" is pointed at and set to TRUE; the size goes after the last pciPassthru line', () => {
    const doc = vmx([...BASE, 'pciPassthru.use64bitMMIO = "FALSE"', ...gpuLines(0, '0x20b1')]);
    const d = onlyOne(diagnose(doc), 'vmx/mmio-not-enabled');
    assert.deepEqual(d.range, rng(9, 27, 9, 34));
    const { text } = applyOnlyFix(doc, 'vmx/mmio-not-enabled');
    assert.equal(text, vmx([...BASE, 'pciPassthru.use64bitMMIO = "TRUE"', ...gpuLines(0, '0x20b1'), 'pciPassthru.64bitMMIOSizeGB = "128"']));
  });

  test('CRLF file: inserted lines use CRLF, the rest is untouched', () => {
    const doc = crlf(a100);
    const { text } = applyOnlyFix(doc, 'vmx/mmio-not-enabled');
    assert.equal(text, vmx([...BASE, ...gpuLines(0, '0x20b1'), 'pciPassthru.use64bitMMIO = "TRUE"', 'pciPassthru.64bitMMIOSizeGB = "128"'], '\r\n'));
  });

  test('T4 (BAR1 256 MB) with BIOS and no 64-bit MMIO: no error at all', () => {
    const t4 = vmx([...VMX_HEADER, 'firmware = "bios"', ...RESERVED, ...gpuLines(0, '0x1eb8')]);
    assert.deepEqual(diagnose(t4), []);
    assert.deepEqual(diagnose(crlf(t4)), []);
  });

  test('A2 (16.1 GB of BARs): sources disagree (VMware/Dell 16 GB, Denneman 32 GB), so a warning naming both; the fix enables a 32 GB window', () => {
    const a2 = vmx([...BASE, ...gpuLines(0, '0x25b6')]);
    const d = onlyOne(diagnose(a2), 'vmx/mmio-not-enabled');
    assert.equal(d.severity, DiagnosticSeverity.Warning);
    assert.match(d.message, /the GPUs' BARs add up to more than 16 GB \(A2: 16 MB \+ 16 GB \+ 32 MB = 16\.1 GB → 32 GB\)\. VMware and Dell say devices above 16 GB need 64-bit MMIO \(Dell KB 000199172 logs such a device failing: "pages needed \(4206594\) exceeds limit \(917504\)"\); Denneman's article says the default window is 32 GB/);
    assert.equal(applyOnlyFix(a2, 'vmx/mmio-not-enabled').text.includes('pciPassthru.use64bitMMIO = "TRUE"\npciPassthru.64bitMMIOSizeGB = "32"'), true);
  });
  test('T4 (0.3 GB of BARs): no source asks for 64-bit MMIO', () => {
    assert.deepEqual(byRule(diagnose(vmx([...BASE, ...gpuLines(0, '0x1eb8')])), 'vmx/mmio-not-enabled'), []);
  });
  test('a C-series vGPU without 64-bit MMIO: error (NVIDIA); a Q-series vGPU of an A40 in a 64 GB VM: warning; in a 16 GB VM: nothing', () => {
    const vgpu = (profile: string, mem: string) => vmx([...VMX_HEADER_WITH_MEM(mem), 'pciPassthru0.present = "TRUE"', `pciPassthru0.vgpu = "${profile}"`]);
    const c = onlyOne(diagnose(vgpu('grid_a100-4c', '65536')), 'vmx/mmio-not-enabled');
    assert.equal(c.severity, DiagnosticSeverity.Error);
    assert.match(c.message, /pciPassthru0 is a C-series vGPU \(grid_a100-4c\): NVIDIA requires 64-bit MMIO \(64 GB or more\) and EFI for C-series vGPUs on ESXi/);
    assert.match(c.message, /pciPassthru\.64bitMMIOSizeGB = "128"/);
    const q = onlyOne(diagnose(vgpu('grid_a40-4q', '65536')), 'vmx/mmio-not-enabled');
    assert.equal(q.severity, DiagnosticSeverity.Warning);
    assert.match(q.message, /vGPU of an NVIDIA A40 in a VM with 65536 MB of memory: NVIDIA asks for the GPU's MMIO space \(128 GB\)/);
    assert.deepEqual(byRule(diagnose(vgpu('grid_a40-4q', '16384')), 'vmx/mmio-not-enabled'), []);
  });

  test('in a fragment (no virtualHW.version / config.version) it is a warning', () => {
    const frag = vmx(['# GPU passthrough', ...gpuLines(0, '0x20b1')]);
    const d = onlyOne(diagnose(frag), 'vmx/mmio-not-enabled');
    assert.equal(d.severity, DiagnosticSeverity.Warning);
    assert.deepEqual(d.range, rng(4, 0, 4, 21));
  });
});

describe('Dynamic DirectPath I/O: pciPassthruN.allowedDevices names the model', () => {
  const ddpio = (allowed: string) => vmx([...BASE, 'pciPassthru0.present = "TRUE"', `pciPassthru0.allowedDevices = "${allowed}"`, 'pciPassthru0.customLabel = "Training"']);
  test('"0x10de:0x20b5" is an A100 80 GB: mmio-not-enabled at the allowedDevices key, with its BARs; customLabel is a known key', () => {
    const ds = diagnose(ddpio('0x10de:0x20b5'));
    const d = onlyOne(ds, 'vmx/mmio-not-enabled');
    assert.deepEqual(d.range, rng(10, 0, 10, 27));
    assert.match(d.message, /\(A100 PCIe 80 GB: 16 MB \+ 128 GB \+ 32 MB = 128\.1 GB → 256 GB\)/);
    assert.deepEqual(byRule(ds, 'vmx/unknown-key'), []);
    const { text } = applyOnlyFix(ddpio('0x10de:0x20b5'), 'vmx/mmio-not-enabled');
    assert.deepEqual(errors(diagnose(text)), []);
  });
  test('a list of models, or another notation, identifies none: no BAR claim', () => {
    for (const v of ['0x10de:0x20b5,0x10de:0x2236', '10de:20b5', '0x10de']) assert.deepEqual(byRule(diagnose(ddpio(v)), 'vmx/mmio-not-enabled'), [], v);
  });
});

describe('vmx/mmio-too-small', () => {
  const withSize = (deviceIds: string[], size: string) =>
    vmx([...BASE, ...deviceIds.flatMap((id, n) => gpuLines(n, id)), 'pciPassthru.use64bitMMIO = "TRUE"', `pciPassthru.64bitMMIOSizeGB = "${size}"`]);

  test('A100 40 GB with 64: error on the value; the fix writes 128', () => {
    const doc = withSize(['0x20b1'], '64');
    const d = onlyOne(diagnose(doc), 'vmx/mmio-too-small');
    assert.deepEqual(d.range, rng(14, 30, 14, 34));
    assert.equal(d.severity, DiagnosticSeverity.Error);
    assert.match(d.message, /pciPassthru\.64bitMMIOSizeGB = 64 is too small: A100 PCIe 40 GB: .* → 128 GB\. Use at least 128/);
    const { text, action } = applyOnlyFix(doc, 'vmx/mmio-too-small');
    assert.equal(action.title, 'Set pciPassthru.64bitMMIOSizeGB to 128');
    assert.equal(text, withSize(['0x20b1'], '128'));
    assert.deepEqual(diagnose(text), []);
  });

  test('two A100 40 GB with 128: the fix writes 256', () => {
    const doc = withSize(['0x20b1', '0x20b1'], '128');
    const d = onlyOne(diagnose(doc), 'vmx/mmio-too-small');
    assert.deepEqual(d.range, rng(18, 30, 18, 35));
    assert.equal(applyOnlyFix(doc, 'vmx/mmio-too-small').text, withSize(['0x20b1', '0x20b1'], '256'));
  });

  test('A100 80 GB and H100 with 128: the fix writes 256', () => {
    for (const id of ['0x20b5', '0x2331']) {
      assert.equal(applyOnlyFix(withSize([id], '128'), 'vmx/mmio-too-small').text, withSize([id], '256'));
    }
  });

  test('V100 16 GB needs 32 but NVIDIA recommends 64: the message says so and the fix writes 64', () => {
    const doc = withSize(['0x1db4'], '16');
    const d = onlyOne(diagnose(doc), 'vmx/mmio-too-small');
    assert.match(d.message, /Use at least 32 \(NVIDIA recommends 64\)/);
    assert.equal(applyOnlyFix(doc, 'vmx/mmio-too-small').text, withSize(['0x1db4'], '64'));
  });

  test('large enough (and over-sized) windows are fine', () => {
    assert.deepEqual(diagnose(withSize(['0x20b1'], '128')), []);
    assert.deepEqual(diagnose(withSize(['0x20b1'], '512')), []);
    assert.deepEqual(diagnose(withSize(['0x20b1', '0x20b1'], '256')), []);
  });
});

describe('vmx/mmio-not-power-of-two', () => {
  const doc = vmx([...BASE, ...gpuLines(0, '0x1eb8'), 'pciPassthru.use64bitMMIO = "TRUE"', 'pciPassthru.64bitMMIOSizeGB = "100"']);

  test('100 → warning on the value, rounded up to 128 by the fix', () => {
    const d = onlyOne(diagnose(doc), 'vmx/mmio-not-power-of-two');
    assert.deepEqual(d.range, rng(14, 30, 14, 35));
    assert.equal(d.severity, DiagnosticSeverity.Warning);
    assert.match(d.message, /= 100 is not a power of two; BARs are naturally aligned, so round up to 128/);
    const { text } = applyOnlyFix(doc, 'vmx/mmio-not-power-of-two');
    assert.equal(text, doc.replace('"100"', '"128"'));
    assert.deepEqual(diagnose(text), []);
    assert.equal(fixesOf(doc, 'vmx/mmio-not-power-of-two')[0].safe, true);
  });

  test('severity follows settings: "error" makes it an error', () => {
    const d = onlyOne(diagnose(doc, settingsWith({ 'vmx/mmio-not-power-of-two': 'error' })), 'vmx/mmio-not-power-of-two');
    assert.equal(d.severity, DiagnosticSeverity.Error);
  });

  test('powers of two are fine', () => {
    for (const size of ['1', '32', '64', '1024']) {
      assert.deepEqual(byRule(diagnose(doc.replace('"100"', `"${size}"`)), 'vmx/mmio-not-power-of-two'), [], size);
    }
  });
});

describe('vmx/mmio-size-ignored', () => {
  test('size without use64bitMMIO, GPUs fit 32 GB: warning on the size key; the fix inserts the switch', () => {
    const doc = vmx([...BASE, ...gpuLines(0, '0x1eb8'), 'pciPassthru.64bitMMIOSizeGB = "64"']);
    const d = onlyOne(diagnose(doc), 'vmx/mmio-size-ignored');
    assert.deepEqual(d.range, rng(13, 0, 13, 27));
    assert.equal(d.severity, DiagnosticSeverity.Warning);
    assert.match(d.message, /has no effect while pciPassthru\.use64bitMMIO is not set/);
    const { text } = applyOnlyFix(doc, 'vmx/mmio-size-ignored');
    assert.equal(text, vmx([...BASE, ...gpuLines(0, '0x1eb8'), 'pciPassthru.64bitMMIOSizeGB = "64"', 'pciPassthru.use64bitMMIO = "TRUE"']));
    assert.deepEqual(diagnose(text), []);
  });

  test('A100 with use64bitMMIO = "FALSE": an error that names the need; the fix sets TRUE', () => {
    const doc = vmx([...BASE, ...gpuLines(0, '0x20b1'), 'pciPassthru.use64bitMMIO = "FALSE"', 'pciPassthru.64bitMMIOSizeGB = "128"']);
    const d = onlyOne(diagnose(doc), 'vmx/mmio-size-ignored');
    assert.deepEqual(d.range, rng(14, 0, 14, 27));
    assert.equal(d.severity, DiagnosticSeverity.Error);
    assert.match(d.message, /while pciPassthru\.use64bitMMIO is "FALSE": set pciPassthru\.use64bitMMIO = "TRUE" \(the GPUs' BARs add up to more than 32 GB/);
    assert.deepEqual(byRule(diagnose(doc), 'vmx/mmio-not-enabled'), [], 'one finding for one problem');
    assert.equal(applyOnlyFix(doc, 'vmx/mmio-size-ignored').text, doc.replace('"FALSE"', '"TRUE"'));
  });

  test('too small as well: the fix also sizes the window, so no new error appears', () => {
    const doc = vmx([...BASE, ...gpuLines(0, '0x20b1'), 'pciPassthru.64bitMMIOSizeGB = "32"']);
    const { text, action } = applyOnlyFix(doc, 'vmx/mmio-size-ignored');
    assert.equal(action.title, 'Set pciPassthru.use64bitMMIO = "TRUE" and pciPassthru.64bitMMIOSizeGB = "128"');
    assert.equal(text, vmx([...BASE, ...gpuLines(0, '0x20b1'), 'pciPassthru.64bitMMIOSizeGB = "128"', 'pciPassthru.use64bitMMIO = "TRUE"']));
    assert.deepEqual(diagnose(text), []);
  });

  test('enabled: nothing to say', () => {
    const doc = vmx([...BASE, ...gpuLines(0, '0x1eb8'), 'pciPassthru.use64bitMMIO = "TRUE"', 'pciPassthru.64bitMMIOSizeGB = "64"']);
    assert.deepEqual(diagnose(doc), []);
  });
});
