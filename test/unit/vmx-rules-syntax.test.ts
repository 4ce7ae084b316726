// The text-level VMX rules: syntax, quoting, duplicate keys, unknown keys and invalid values.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import {
  applyOnlyFix, byRule, crlf, diagnose, fixesOf, gpuLines, onlyOne, quickFixes, RESERVED, rng, VMX_HEADER, vmx,
} from '../helpers/vmx';
import { REINSTALL_WARNING } from '../../server/src/vmx/rules/biosLargeBar';

const EFI = 'firmware = "efi"';
/** Lines 0-6: a valid whole file without devices. */
const BASE = [...VMX_HEADER, EFI];

describe('vmx/syntax', () => {
  test('a line that is not key = "value": error from the key to the line end, no fix', () => {
    const doc = vmx([...BASE, 'Reserve all guest memory (All locked)']);
    const d = onlyOne(diagnose(doc), 'vmx/syntax');
    assert.deepEqual(d.range, rng(7, 0, 7, 37));
    assert.equal(d.severity, DiagnosticSeverity.Error);
    assert.match(d.message, /Expected "=" after the key "Reserve"/);
    assert.deepEqual(quickFixes(doc, 'vmx/syntax'), []);
  });

  test('unterminated quote: error from the opening quote to the line end (CRLF not included)', () => {
    const doc = crlf(vmx([...BASE, 'annotation = "GPU VM', 'numvcpus = "8"']));
    const d = onlyOne(diagnose(doc), 'vmx/syntax');
    assert.deepEqual(d.range, rng(7, 13, 7, 20));
    assert.match(d.message, /Unterminated quoted value/);
  });

  test('negatives: comments, blank lines, empty values, escapes', () => {
    assert.deepEqual(diagnose(vmx([...BASE, '', '# comment', 'annotation = "a |22b|22"', 'ethernet0.networkName = ""'])), []);
  });
});

describe('vmx/unquoted-value', () => {
  test('a disk\'s virtualSSD flag written bare, as Packer writes it on purpose (scsi0:0.virtualSSD = 1), is not reported', () => {
    const doc = vmx([...BASE, 'scsi0:0.virtualSSD = 1', 'sata0:1.virtualSSD = 0', 'nvme0:0.virtualssd = 1', 'scsi0:1.virtualSSD = TRUE', 'memsize = 4096']);
    // Only the forms with evidence are accepted: a bare TRUE there, or any other bare value, is still reported.
    assert.deepEqual(byRule(diagnose(doc), 'vmx/unquoted-value').map((d) => d.range.start.line), [BASE.length + 3, BASE.length + 4]);
  });

  test('key = TRUE: warning on the bare value; the safe fix quotes it', () => {
    const doc = vmx([...BASE, 'hypervisor.cpuid.v0 = FALSE']);
    const d = onlyOne(diagnose(doc), 'vmx/unquoted-value');
    assert.deepEqual(d.range, rng(7, 22, 7, 27));
    assert.equal(d.severity, DiagnosticSeverity.Warning);
    assert.equal(d.message, 'The value of "hypervisor.cpuid.v0" must be in double quotes: hypervisor.cpuid.v0 = "FALSE"');
    assert.equal(fixesOf(doc, 'vmx/unquoted-value')[0].safe, true);
    assert.equal(applyOnlyFix(doc, 'vmx/unquoted-value').text, vmx([...BASE, 'hypervisor.cpuid.v0 = "FALSE"']));
  });

  test('a trailing comment stays where it is', () => {
    const doc = vmx([...BASE, 'numvcpus = 32  # cores']);
    const d = onlyOne(diagnose(doc), 'vmx/unquoted-value');
    assert.deepEqual(d.range, rng(7, 11, 7, 13));
    assert.equal(applyOnlyFix(doc, 'vmx/unquoted-value').text, vmx([...BASE, 'numvcpus = "32"  # cores']));
  });

  test('negative: quoted values', () => {
    assert.deepEqual(byRule(diagnose(vmx([...BASE, 'hypervisor.cpuid.v0 = "FALSE"'])), 'vmx/unquoted-value'), []);
  });
});

describe('vmx/smart-quotes', () => {
  test('“TRUE”: error on the value; the safe fix writes straight quotes', () => {
    const doc = vmx([...BASE, 'pciPassthru.use64bitMMIO = \u201cTRUE\u201d']);
    const d = onlyOne(diagnose(doc), 'vmx/smart-quotes');
    assert.deepEqual(d.range, rng(7, 27, 7, 33));
    assert.equal(d.severity, DiagnosticSeverity.Error);
    assert.match(d.message, /"pciPassthru\.use64bitMMIO" has typographic quotes around its value/);
    assert.equal(applyOnlyFix(doc, 'vmx/smart-quotes').text, vmx([...BASE, 'pciPassthru.use64bitMMIO = "TRUE"']));
  });

  test('a straight opening quote closed by a curly one, and single quotes, are reported too', () => {
    const mixed = vmx([...BASE, 'sched.mem.pin = "TRUE\u201d']);
    assert.deepEqual(onlyOne(diagnose(mixed), 'vmx/smart-quotes').range, rng(7, 16, 7, 22));
    assert.equal(applyOnlyFix(mixed, 'vmx/smart-quotes').text, vmx([...BASE, 'sched.mem.pin = "TRUE"']));
    const single = vmx([...BASE, "vhv.enable = 'TRUE'"]);
    assert.match(onlyOne(diagnose(single), 'vmx/smart-quotes').message, /single quotes/);
  });

  test('negative: straight quotes; curly quotes inside a straight-quoted value', () => {
    assert.deepEqual(diagnose(vmx([...BASE, 'annotation = "the \u201cbest\u201d VM"'])), []);
  });
});

describe('vmx/duplicate-key', () => {
  test('the same key twice (different case): warning on the earlier key; the safe fix removes that line', () => {
    const doc = vmx([...BASE, 'numvcpus = "8"', 'numVCPUs = "16"']);
    const d = onlyOne(diagnose(doc), 'vmx/duplicate-key');
    assert.deepEqual(d.range, rng(7, 0, 7, 8));
    assert.equal(d.severity, DiagnosticSeverity.Warning);
    assert.equal(d.message, '"numvcpus" is set again on line 9 to "16"; the last one wins, so this line (= "8") has no effect');
    assert.equal(applyOnlyFix(doc, 'vmx/duplicate-key').text, vmx([...BASE, 'numVCPUs = "16"']));
  });

  test('CRLF: the removed line takes its CRLF with it', () => {
    const doc = vmx([...BASE, 'numvcpus = "8"', 'numvcpus = "8"'], '\r\n');
    assert.match(onlyOne(diagnose(doc), 'vmx/duplicate-key').message, /\(same value\)/);
    assert.equal(applyOnlyFix(doc, 'vmx/duplicate-key').text, vmx([...BASE, 'numvcpus = "8"'], '\r\n'));
  });

  test('three copies: two findings, one per earlier line', () => {
    const doc = vmx([...BASE, 'numvcpus = "2"', 'numvcpus = "4"', 'numvcpus = "8"']);
    assert.deepEqual(byRule(diagnose(doc), 'vmx/duplicate-key').map((d) => d.range.start.line), [7, 8]);
  });

  test('negative: different keys', () => {
    assert.deepEqual(diagnose(vmx([...BASE, 'numvcpus = "8"', 'cpuid.coresPerSocket = "4"'])), []);
  });
});

describe('vmx/unknown-key', () => {
  test("the article's pciPassthru.set.usebitMMIO: warning on the key; the safe fix renames it to pciPassthru.use64bitMMIO", () => {
    const lines = [...BASE, ...RESERVED, ...gpuLines(0, '0x20b1'), 'pciPassthru.set.usebitMMIO = "TRUE"', 'pciPassthru.64bitMMIOSizeGB = "128"'];
    const doc = vmx(lines);
    const diags = diagnose(doc);
    const d = onlyOne(diags, 'vmx/unknown-key');
    assert.deepEqual(d.range, rng(13, 0, 13, 26));
    assert.equal(d.severity, DiagnosticSeverity.Warning);
    assert.match(d.message, /Unknown key "pciPassthru\.set\.usebitMMIO": did you mean "pciPassthru\.use64bitMMIO"\?/);
    // Because the real switch is missing, the size is ignored (and an A100 needs it).
    assert.equal(onlyOne(diags, 'vmx/mmio-size-ignored').severity, DiagnosticSeverity.Error);
    const [fix] = fixesOf(doc, 'vmx/unknown-key');
    assert.equal(fix.safe, true);
    const { text, action } = applyOnlyFix(doc, 'vmx/unknown-key');
    assert.equal(action.title, 'Rename to "pciPassthru.use64bitMMIO"');
    assert.equal(text, vmx(lines.map((l) => l.replace('pciPassthru.set.usebitMMIO', 'pciPassthru.use64bitMMIO'))));
    assert.deepEqual(diagnose(text), []);
  });

  test('a typo without a known misspelling gets an unsafe did-you-mean that keeps the device index', () => {
    const doc = vmx([...BASE, ...RESERVED, ...gpuLines(3, '0x1eb8'), 'pciPassthru3.msiEnabld = "TRUE"']);
    const d = onlyOne(diagnose(doc), 'vmx/unknown-key');
    assert.deepEqual(d.range, rng(13, 0, 13, 22));
    const [fix] = fixesOf(doc, 'vmx/unknown-key');
    assert.equal(fix.safe, false);
    assert.equal(fix.title, 'Rename to "pciPassthru3.msiEnabled"');
  });

  test('an unknown key in a covered namespace with no close match: reported without a fix', () => {
    const doc = vmx([...BASE, 'sched.mem.somethingElseEntirely = "1"']);
    onlyOne(diagnose(doc), 'vmx/unknown-key');
    assert.deepEqual(fixesOf(doc, 'vmx/unknown-key'), []);
  });

  test('negatives: keys outside the covered namespaces, the pciPassthru*.present wildcard, driver sub-namespaces', () => {
    const doc = vmx([
      ...BASE,
      'ethernet0.someVendorThing = "x"',
      'pciPassthru*.present = "False"',
      'pciPassthru0.cfg.enable_bar_mapping = "TRUE"',
      'pciPassthru28.dvs.portgroupId = "dvportgroup-75"',
      'pciPassthru.use64bitMMIO = "TRUE"',
    ]);
    assert.deepEqual(byRule(diagnose(doc), 'vmx/unknown-key'), []);
  });
});

describe('vmx/invalid-value', () => {
  test('"yes" for a boolean: error on the value; the safe fix writes "TRUE"', () => {
    const doc = vmx([...BASE, ...RESERVED, 'vhv.enable = "yes"']);
    const d = onlyOne(diagnose(doc), 'vmx/invalid-value');
    assert.deepEqual(d.range, rng(9, 13, 9, 18));
    assert.equal(d.severity, DiagnosticSeverity.Error);
    assert.equal(d.message, 'vhv.enable: "yes" is not a boolean: use "TRUE" or "FALSE"');
    assert.equal(fixesOf(doc, 'vmx/invalid-value')[0].safe, true);
    assert.equal(applyOnlyFix(doc, 'vmx/invalid-value').text, vmx([...BASE, ...RESERVED, 'vhv.enable = "TRUE"']));
  });

  test('"uefi" for firmware: suggests "efi", but as an unsafe fix with the reinstall warning', () => {
    const doc = vmx([...VMX_HEADER, 'firmware = "uefi"']);
    const d = onlyOne(diagnose(doc), 'vmx/invalid-value');
    assert.deepEqual(d.range, rng(6, 11, 6, 17));
    assert.equal(d.message, 'firmware: "uefi" is not a valid value: use "efi" or "bios"');
    const [fix] = fixesOf(doc, 'vmx/invalid-value');
    assert.equal(fix.safe, false);
    assert.equal(fix.warning, REINSTALL_WARNING);
    assert.equal(applyOnlyFix(doc, 'vmx/invalid-value').text, vmx([...VMX_HEADER, EFI]));
  });

  test('a size with a unit: "128GB" → "128"; the message names the key as written', () => {
    const doc = vmx([...BASE, 'pciPassthru.use64bitMMIO = "TRUE"', 'pciPassthru.64bitMMIOSizeGB = "128GB"']);
    const d = onlyOne(diagnose(doc), 'vmx/invalid-value');
    assert.equal(d.message, 'pciPassthru.64bitMMIOSizeGB: "128GB" is not a whole number (in GB, without a unit)');
    assert.equal(applyOnlyFix(doc, 'vmx/invalid-value').text, doc.replace('"128GB"', '"128"'));
  });

  test('a template placeholder: error without a fix', () => {
    const doc = vmx(['sched.mem.min = "<VM_MEMORY_MB>"']);
    const d = onlyOne(diagnose(doc), 'vmx/invalid-value');
    assert.deepEqual(d.range, rng(0, 16, 0, 32));
    assert.match(d.message, /"<VM_MEMORY_MB>" is a template placeholder, not a value/);
    assert.deepEqual(fixesOf(doc, 'vmx/invalid-value'), []);
  });

  test('a device key names its index: pciPassthru2.present', () => {
    const d = onlyOne(diagnose(vmx([...BASE, 'pciPassthru2.present = "maybe"'])), 'vmx/invalid-value');
    assert.match(d.message, /^pciPassthru2\.present: "maybe" is not a boolean/);
  });

  test('negatives: any case of TRUE/false, efi/bios, hex and decimal ids, keys the catalog does not type', () => {
    const doc = vmx([
      ...BASE, ...RESERVED,
      'vhv.enable = "true"', 'vvtd.enable = "False"',
      'pciPassthru0.present = "TRUE"', 'pciPassthru0.vendorId = "0x10de"', 'pciPassthru0.deviceId = "7864"',
      'displayName = "yes"',
    ]);
    assert.deepEqual(byRule(diagnose(doc), 'vmx/invalid-value'), []);
  });
});

describe('vmx/invalid-value: numbers out of range', () => {
  test('a 64-bit MMIO size above 65536 GB: error on the value, no fix, and no MMIO rule computes with it', () => {
    const doc = vmx([...BASE, ...RESERVED, 'pciPassthru.use64bitMMIO = "TRUE"', 'pciPassthru.64bitMMIOSizeGB = "99999999999999999999999"']);
    const diags = diagnose(doc);
    const d = onlyOne(diags, 'vmx/invalid-value');
    assert.deepEqual(d.range, rng(10, 30, 10, 55));
    assert.equal(d.message, 'pciPassthru.64bitMMIOSizeGB: "99999999999999999999999" is out of range: at most 65536 GB');
    assert.deepEqual(fixesOf(doc, 'vmx/invalid-value'), []);
    assert.deepEqual(diags.map((x) => x.code), ['vmx/invalid-value'], 'no vmx/mmio-not-power-of-two with a 1.5e+23 fix');
  });

  test('65536 GB is accepted, 65537 GB (a safe integer) is not', () => {
    const size = (v: string) => vmx([...BASE, ...RESERVED, 'pciPassthru.use64bitMMIO = "TRUE"', `pciPassthru.64bitMMIOSizeGB = "${v}"`]);
    assert.deepEqual(diagnose(size('65536')), []);
    const d = onlyOne(diagnose(size('65537')), 'vmx/invalid-value');
    assert.equal(d.message, 'pciPassthru.64bitMMIOSizeGB: "65537" is out of range: at most 65536 GB');
    assert.deepEqual(byRule(diagnose(size('65537')), 'vmx/mmio-not-power-of-two'), []);
  });

  test('an integer key beyond the exact integers (memSize, numvcpus) is reported', () => {
    const doc = vmx(['.encoding = "UTF-8"', 'config.version = "8"', 'virtualHW.version = "19"', 'memSize = "99999999999999999999"', 'numvcpus = "9007199254740993"', EFI]);
    const found = byRule(diagnose(doc), 'vmx/invalid-value');
    assert.deepEqual(found.map((d) => d.message), [
      'memSize: "99999999999999999999" is out of range: at most 9007199254740991 MB',
      'numvcpus: "9007199254740993" is out of range: at most 9007199254740991',
    ]);
    assert.deepEqual(found[0].range, rng(3, 10, 3, 32));
  });
});

describe('vmx/smart-quotes: straight quotes inside', () => {
  test('“say "hi"”: one finding on the whole value; the fix escapes the inner quotes as |22', () => {
    const doc = vmx([...BASE, 'annotation = \u201csay "hi"\u201d']);
    const diags = diagnose(doc);
    const d = onlyOne(diags, 'vmx/smart-quotes');
    assert.deepEqual(d.range, rng(7, 13, 7, 23));
    assert.deepEqual(byRule(diags, 'vmx/syntax'), []);
    const { text } = applyOnlyFix(doc, 'vmx/smart-quotes');
    assert.equal(text, vmx([...BASE, 'annotation = "say |22hi|22"']));
    assert.deepEqual(diagnose(text), []);
  });
});

describe('a missing value is one syntax error, not also an invalid value', () => {
  test('sched.mem.minSize = (nothing) → only vmx/syntax', async () => {
    const { LanguageService } = await import('../../server/src/service/languageService');
    const { DEFAULT_SETTINGS } = await import('../../server/src/service/types');
    const text = '.encoding = "UTF-8"\nconfig.version = "8"\nvirtualHW.version = "19"\nsched.mem.minSize =\n';
    const codes = new LanguageService().diagnose({ uri: 'file:///m/a.vmx', text }, DEFAULT_SETTINGS).map((d) => `${d.range.start.line}:${String(d.code)}`);
    assert.deepEqual(codes, ['3:vmx/syntax']);
  });
});
