// Terraform and Packer front end: the VMX settings a vSphere VM block carries, checked by the vmx/ rules, with
// findings at the right range of the .tf / .pkr.hcl and fixes that edit only the map entry. Real public files in
// test/corpus/iac (SOURCES.tsv), and small inline ones for each mapping.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Range } from 'vscode-languageserver-types';
import { preloadHclParser } from '../../server/src/iac/hclParser';
import { LanguageService } from '../../server/src/service/languageService';
import { applyEdits } from '../helpers/applyEdits';
import { TEST_SETTINGS } from '../helpers/vmx';
import { buildBundles } from './support/bundles';

const repoRoot = path.resolve(__dirname, '..', '..');
const CORPUS = path.join(repoRoot, 'test', 'corpus', 'iac');
const service = new LanguageService({ client: 'cli' });

before(async () => {
  assert.equal(await preloadHclParser(), true);
});

function textAt(text: string, r: Range): string {
  const lines = text.split(/\r\n|\r|\n/);
  if (r.start.line !== r.end.line) return `${lines[r.start.line].slice(r.start.character)}…`;
  return lines[r.start.line].slice(r.start.character, r.end.character);
}

/** "line:col rule 'flagged text'" for each finding (1-based line). */
function found(uri: string, text: string): string[] {
  return service.findings({ uri, text }, TEST_SETTINGS).map((f) => `${f.range.start.line + 1}:${f.range.start.character} ${f.ruleId} '${textAt(text, f.range)}'`);
}

describe('real public Terraform and Packer files', () => {
  const read = (name: string) => readFileSync(path.join(CORPUS, name), 'utf8');

  test('a Terraform GPU VM (pci_device_id, reservation locked to max): only "this GPU is not identified", on its address', () => {
    const text = read('watchtower-gpu.tf');
    assert.deepEqual(found('file:///iac/watchtower-gpu.tf', text), [`61:19 vmx/unknown-gpu '"0000:82:00.0"'`]);
  });

  test('a Terraform VM whose firmware, memory and part of extra_config come from variables: no false alarm', () => {
    assert.deepEqual(found('file:///iac/kyndryl-vms.tf', read('kyndryl-vms.tf')), []);
  });

  test('a Packer vsphere-iso build whose RAM, firmware and reservation are variables: no false alarm', () => {
    assert.deepEqual(found('file:///iac/win2025-std-config.pkr.hcl', read('ibeerens__packer__win2025-std-config.pkr.hcl')), []);
  });

  test('a Terraform VM without GPU settings: nothing', () => {
    assert.deepEqual(found('file:///iac/createVm.tf', read('hmahdiany__infrastructure__createVm.tf')), []);
  });
});

const TF = `resource "vsphere_virtual_machine" "gpu" {
  name               = "gpu-vm"
  memory             = 65536
  memory_reservation = 65536
  firmware           = "bois"
  extra_config = {
    "pciPassthru.set.usebitMMIO"  = "TRUE"
    "pciPassthru.64bitMMIOSizeGB" = 128
    "guestinfo.userdata"          = base64encode(local.userdata)
  }
}
`;

describe('Terraform vsphere_virtual_machine', () => {
  test('findings point inside the .tf: the misspelt extra_config key, the invalid firmware value', () => {
    assert.deepEqual(found('file:///iac/main.tf', TF), [
      `5:24 vmx/invalid-value 'bois'`,
      `7:5 vmx/unknown-key 'pciPassthru.set.usebitMMIO'`,
      `8:5 vmx/mmio-size-ignored 'pciPassthru.64bitMMIOSizeGB'`,
    ]);
  });

  test("the did-you-mean fix edits only the map entry's key", () => {
    const f = service.findings({ uri: 'file:///iac/main.tf', text: TF }, TEST_SETTINGS).find((x) => x.ruleId === 'vmx/unknown-key')!;
    assert.equal(f.fixes?.length, 1);
    assert.deepEqual(f.fixes[0].edits, [{ range: { start: { line: 6, character: 5 }, end: { line: 6, character: 31 } }, newText: 'pciPassthru.use64bitMMIO' }]);
    assert.equal(applyEdits(TF, f.fixes[0].edits), TF.replace('"pciPassthru.set.usebitMMIO"  =', '"pciPassthru.use64bitMMIO"  ='));
  });

  test('a typed attribute (firmware = "bois") is reported but its value is not rewritten by a VMX fix', () => {
    const f = service.findings({ uri: 'file:///iac/main.tf', text: TF }, TEST_SETTINGS).find((x) => x.ruleId === 'vmx/invalid-value')!;
    assert.equal(f.fixes, undefined);
  });

  test('memory_reservation from a variable: no vmx/memory-not-reserved; absent: the rule speaks', () => {
    const gpu = (reservation: string) =>
      `resource "vsphere_virtual_machine" "gpu" {\n  memory = 65536\n${reservation}  pci_device_id = ["0000:3b:00.0"]\n}\n`;
    const rules = (text: string) => service.findings({ uri: 'file:///iac/gpu.tf', text }, TEST_SETTINGS).map((f) => f.ruleId);
    assert.deepEqual(rules(gpu('  memory_reservation = var.reservation\n')), ['vmx/unknown-gpu']);
    assert.deepEqual(rules(gpu('')), ['vmx/memory-not-reserved', 'vmx/unknown-gpu']);
  });

  test('a .tf without a vSphere VM is not ours', () => {
    assert.equal(service.documentKind({ uri: 'file:///iac/s3.tf', text: 'resource "aws_s3_bucket" "b" {}\n' }, TEST_SETTINGS), 'other');
  });
});

describe('Packer vsphere-iso', () => {
  const PKR = `source "vsphere-iso" "vgpu" {
  RAM             = 16384
  RAM_reserve_all = true
  firmware        = "efi-secure"
  vgpu_profile    = "grid_a100-4cc"
  configuration_parameters = {
    "pciPassthru.use64bitMMIO" = "TRU"
  }
}
`;
  test('configuration_parameters and vgpu_profile are checked where they are written', () => {
    assert.deepEqual(found('file:///iac/vgpu.pkr.hcl', PKR), [
      `5:21 vmx/unknown-vgpu-profile 'grid_a100-4cc'`,
      `7:34 vmx/invalid-value 'TRU'`,
    ]);
  });
});

describe('Packer Dynamic DirectPath I/O (pci_passthrough_allowed_device)', () => {
  const block = (vendor: string, device: string) => `  pci_passthrough_allowed_device {\n    vendor_id     = "${vendor}"\n    device_id     = "${device}"\n    sub_vendor_id = "10de"\n    sub_device_id = "1533"\n  }\n`;
  const pkr = (blocks: string, extra = '') => `source "vsphere-iso" "a100" {\n  RAM             = 65536\n  RAM_reserve_all = true\n  firmware        = "bios"\n${extra}${blocks}}\n`;
  test('one block: the device is the A100 its ids name, judged on the block (BIOS firmware, no 64-bit MMIO)', () => {
    assert.deepEqual(found('file:///iac/ddpio.pkr.hcl', pkr(block('10de', '20b5'))), [
      `4:21 vmx/bios-large-bar 'bios'`,
      `5:2 vmx/mmio-not-enabled 'pci_passthrough_allowed_device {…'`,
    ]);
    const [mmio] = service.findings({ uri: 'file:///iac/ddpio.pkr.hcl', text: pkr(block('10de', '20b5')) }, TEST_SETTINGS).filter((f) => f.ruleId === 'vmx/mmio-not-enabled');
    assert.match(mmio.message, /A100 PCIe 80 GB: 16 MB \+ 128 GB \+ 32 MB = 128\.1 GB → 256 GB/);
  });
  test('after a vGPU it is the second device; several blocks are one device of several possible models, identified as none', () => {
    const text = pkr(block('10de', '20b5'), '  vgpu_profile    = "grid_a100-4c"\n');
    const [f] = service.findings({ uri: 'file:///iac/ddpio.pkr.hcl', text }, TEST_SETTINGS).filter((x) => x.ruleId === 'vmx/mmio-not-enabled');
    // The vGPU keeps pciPassthru0; the A100 of the allowed-device block is counted beside it.
    assert.match(f.message, /\(A100 PCIe 80 GB: 16 MB \+ 128 GB \+ 32 MB = 128\.1 GB → 256 GB\).*; and pciPassthru0 is a C-series vGPU \(grid_a100-4c\)/);
    const two = found('file:///iac/ddpio.pkr.hcl', pkr(block('10de', '20b5') + block('10de', '2236')));
    assert.ok(!two.some((x) => /bios-large-bar|mmio-not-enabled/.test(x)), two.join('\n'));
  });
  test('an id from a variable, or written with 0x (Packer parses plain hex and fails on it): not stated, no claim', () => {
    const varId = pkr(block('10de', '20b5').replace('"20b5"', 'var.gpu_device'));
    assert.ok(!found('file:///iac/ddpio.pkr.hcl', varId).some((x) => /bios-large-bar|mmio-not-enabled/.test(x)));
    assert.ok(!found('file:///iac/ddpio.pkr.hcl', pkr(block('0x10de', '0x20b5'))).some((x) => /bios-large-bar|mmio-not-enabled/.test(x)));
    const dyn = pkr('  dynamic "pci_passthrough_allowed_device" {\n    for_each = var.gpus\n    content {\n      vendor_id = "10de"\n    }\n  }\n');
    assert.ok(!found('file:///iac/ddpio.pkr.hcl', dyn).some((x) => /mmio-not-enabled/.test(x)));
  });
  test('the JSON form: one object or a list', () => {
    const json = (v: string) => `{\n  "builders": [\n    {\n      "type": "vsphere-iso",\n      "RAM": 65536,\n      "RAM_reserve_all": true,\n      "firmware": "efi",\n      "pci_passthrough_allowed_device": ${v}\n    }\n  ]\n}\n`;
    const one = '{ "vendor_id": "10de", "device_id": "20b5", "sub_vendor_id": "10de", "sub_device_id": "1533" }';
    assert.deepEqual(found('file:///iac/ddpio.pkr.json', json(one)), [`8:40 vmx/mmio-not-enabled '{ "vendor_id": "10de", "device_id": "20b5", "sub_vendor_id": "10de", "sub_device_id": "1533" }'`]);
    assert.deepEqual(found('file:///iac/ddpio.pkr.json', json(`[${one}]`)), [`8:41 vmx/mmio-not-enabled '{ "vendor_id": "10de", "device_id": "20b5", "sub_vendor_id": "10de", "sub_device_id": "1533" }'`]);
  });
});

describe('packer/allowed-device: ids Packer cannot parse', () => {
  const src = (inner: string) => `source "vsphere-iso" "a100" {\n  RAM             = 65536\n  RAM_reserve_all = true\n  firmware        = "efi"\n  pci_passthrough_allowed_device {\n${inner}  }\n}\n`;
  const ids = (v = '10de', d = '20b5', sv = '10de', sd = '1533') => `    vendor_id     = "${v}"\n    device_id     = "${d}"\n    sub_vendor_id = "${sv}"\n    sub_device_id = "${sd}"\n`;
  const only = (uri: string, text: string) => service.findings({ uri, text }, TEST_SETTINGS).filter((f) => f.ruleId === 'packer/allowed-device');
  test('"0x10de": an error on the value; the safe fix removes the prefix and the A100 is then judged', () => {
    const text = src(ids('0x10de'));
    const [f, ...rest] = only('file:///iac/p.pkr.hcl', text);
    assert.equal(rest.length, 0);
    assert.deepEqual([textAt(text, f.range), f.level], ['0x10de', 'error']);
    assert.match(f.message, /^vsphere-iso\.a100: vendor_id = "0x10de": Packer parses each id of pci_passthrough_allowed_device with strconv\.ParseInt\(…, 16, 32\) and stops the build when it cannot \("error parsing VendorId"\).*base 16 takes no "0x"\. Write "10de"\.$/);
    assert.equal(f.fixes?.[0].title, 'Write 10de (no 0x)');
    const fixed = applyEdits(text, f.fixes![0].edits);
    assert.equal(fixed, src(ids()));
    assert.deepEqual(only('file:///iac/p.pkr.hcl', fixed), []);
    assert.ok(found('file:///iac/p.pkr.hcl', fixed).some((x) => x.includes('vmx/mmio-not-enabled')));
  });
  test('missing sub ids: one error each, on the block name; not hex: on the value; from a variable: not judged', () => {
    const missing = only('file:///iac/p.pkr.hcl', src('    vendor_id = "10de"\n    device_id = "20b5"\n'));
    assert.deepEqual(missing.map((f) => `${f.range.start.line + 1}:${f.range.start.character} ${f.message.split(':')[1].trim()}`), ['5:2 sub_vendor_id is missing', '5:2 sub_device_id is missing']);
    assert.match(missing[0].message, /"error parsing SubVendorId"/);
    const [g] = only('file:///iac/p.pkr.hcl', src(ids('10de', 'A100')));
    assert.equal(g, undefined, 'A100 is hex');
    const [h] = only('file:///iac/p.pkr.hcl', src(ids('10de', 'RTX4090')));
    assert.match(h.message, /device_id = "RTX4090" is not a hex number/);
    assert.equal(h.fixes, undefined);
    assert.deepEqual(only('file:///iac/p.pkr.hcl', src(ids().replace('"1533"', 'var.sub'))), []);
  });
  test('JSON: the same findings on the object and the value; configurable like any rule', () => {
    const json = (o: string) => `{\n  "builders": [\n    {\n      "type": "vsphere-iso",\n      "pci_passthrough_allowed_device": ${o}\n    }\n  ]\n}\n`;
    const fs = only('file:///iac/p.pkr.json', json('{ "vendor_id": "0x10de", "device_id": "20b5" }'));
    assert.deepEqual(fs.map((f) => f.message.split(':')[1].trim()), ['sub_vendor_id is missing', 'sub_device_id is missing', 'vendor_id = "0x10de"']);
    const off = service.findings({ uri: 'file:///iac/p.pkr.json', text: json('{ "vendor_id": "0x10de", "device_id": "20b5" }') }, { ...TEST_SETTINGS, rules: { ...TEST_SETTINGS.rules, 'packer/allowed-device': 'off' } });
    assert.deepEqual(off.filter((f) => f.ruleId === 'packer/allowed-device'), []);
  });
  test('the rule page: the bad example is reported, the fixed one is not', () => {
    const page = readFileSync(path.join(repoRoot, 'docs', 'rules', 'packer-allowed-device.md'), 'utf8');
    assert.equal(page.split('\n')[0], '# packer/allowed-device');
    assert.match(page, /\| Default severity \| error\b/);
    const [bad, good] = [...page.matchAll(/```hcl\n([\s\S]*?)```/g)].map((m) => m[1]);
    assert.ok(only('file:///iac/page.pkr.hcl', bad).length > 0);
    assert.deepEqual(only('file:///iac/page.pkr.hcl', good), []);
  });
});

describe('guest_id / guest_os_type (vSphere API guest ids) → guestOS', () => {
  const { vmxGuestOsOfApiId, apiId64 } = require('../../server/src/catalog/guestOs') as typeof import('../../server/src/catalog/guestOs');
  test('the ids that follow the shared naming map; anything else is not guessed', () => {
    const cases: [string, string | undefined][] = [
      ['ubuntu64Guest', 'ubuntu-64'], ['rhel8_64Guest', 'rhel8-64'], ['debian11_64Guest', 'debian11-64'], ['otherGuest64', 'other-64'],
      ['vmkernel8Guest', 'vmkernel8'], ['vmkernelGuest', 'vmkernel'], ['ubuntuGuest', 'ubuntu'], ['otherLinuxGuest', 'otherlinux'], ['winXPProGuest', 'winxppro'],
      ['windows9Server64Guest', 'windows9server-64'], ['crxPod1Guest', undefined], ['windowsHyperVGuest', undefined], ['ubuntu-64', undefined], ['', undefined],
    ];
    for (const [api, vmx] of cases) assert.equal(vmxGuestOsOfApiId(api), vmx, api);
    assert.deepEqual(['ubuntuGuest', 'rhel7Guest', 'otherLinuxGuest', 'otherGuest', 'windows9Guest'].map(apiId64), ['ubuntu64Guest', 'rhel7_64Guest', 'otherLinux64Guest', 'otherGuest64', 'windows9_64Guest']);
  });
  test('Packer: a 32-bit guest_os_type with a vGPU is vmx/guest-32bit on the value, naming the API ids', () => {
    const text = 'source "vsphere-iso" "t4" {\n  guest_os_type   = "ubuntuGuest"\n  RAM             = 16384\n  RAM_reserve_all = true\n  firmware        = "efi"\n  vgpu_profile    = "grid_t4-4q"\n}\n';
    assert.deepEqual(found('file:///iac/g.pkr.hcl', text), [`2:21 vmx/guest-32bit 'ubuntuGuest'`]);
    const [f] = service.findings({ uri: 'file:///iac/g.pkr.hcl', text }, TEST_SETTINGS);
    assert.equal(f.message, 'vsphere-iso.t4: guest_os_type "ubuntuGuest" is 32-bit, but pciPassthru0 is a GPU: NVIDIA\'s drivers support only 64-bit guests, and a 32-bit OS cannot address the GPU\'s BARs. Use the 64-bit id (e.g. "ubuntu64Guest") and a 64-bit guest.');
    assert.deepEqual(found('file:///iac/g.pkr.hcl', text.replace('ubuntuGuest', 'ubuntu64Guest')), []);
    // From a variable, or an id that does not map: nothing is claimed about the guest.
    assert.deepEqual(found('file:///iac/g.pkr.hcl', text.replace('"ubuntuGuest"', 'var.guest')), []);
    assert.deepEqual(found('file:///iac/g.pkr.hcl', text.replace('ubuntuGuest', 'crxPod1Guest')), []);
  });
  test('Terraform: a nested ESXi (vmkernel8Guest) with a passthrough device and no virtual IOMMU', () => {
    const text = 'resource "vsphere_virtual_machine" "nested" {\n  guest_id = "vmkernel8Guest"\n  memory = 65536\n  firmware = "efi"\n  memory_reservation_locked_to_max = true\n  pci_device_id = ["0000:3b:00.0"]\n}\n';
    const fs = service.findings({ uri: 'file:///iac/esx.tf', text }, TEST_SETTINGS).filter((f) => f.ruleId === 'vmx/nested-passthrough');
    assert.equal(fs.length, 1);
    assert.match(fs[0].message, /^vsphere_virtual_machine\.nested: guest_id "vmkernel8Guest" is a nested ESXi with passthrough device pciPassthru0: set vvtd\.enable = "TRUE"/);
  });
  test('a key set by an attribute and again in extra_config: named as written, without claiming which one vSphere applies', () => {
    const text = 'resource "vsphere_virtual_machine" "vm" {\n  guest_id = "ubuntu64Guest"\n  memory   = 1024\n  extra_config = {\n    "memSize" = "2048"\n    "guestOS" = "ubuntu-64"\n  }\n}\n';
    const msgs = service.findings({ uri: 'file:///iac/dup.tf', text }, TEST_SETTINGS).filter((f) => f.ruleId === 'vmx/duplicate-key').map((f) => `${f.range.start.line + 1}: ${f.message}`);
    assert.deepEqual(msgs, [
      '2: vsphere_virtual_machine.vm: the attribute guest_id and the map entry "guestOS" both set guestOS ("ubuntu64Guest" and "ubuntu-64"); which one vSphere applies is not documented for the pair: set it in one place',
      '3: vsphere_virtual_machine.vm: the attribute memory and the map entry "memSize" both set memSize ("1024" and "2048"); which one vSphere applies is not documented for the pair: set it in one place',
    ]);
  });
  test('a key twice inside extra_config keeps the .vmx rule (the later entry wins), naming the .tf line', () => {
    const text = 'resource "vsphere_virtual_machine" "vm" {\n  extra_config = {\n    "pciPassthru.use64bitMMIO" = "TRUE"\n    "pciPassthru.use64bitMMIO" = "FALSE"\n  }\n}\n';
    const [f] = service.findings({ uri: 'file:///iac/dup2.tf', text }, TEST_SETTINGS).filter((x) => x.ruleId === 'vmx/duplicate-key');
    assert.equal(f.message, 'vsphere_virtual_machine.vm: "pciPassthru.use64bitMMIO" is set again on line 4 to "FALSE"; the last one wins, so this line (= "TRUE") has no effect');
    assert.equal(f.range.start.line, 2);
  });
  test('the JSON form reads guest_os_type too', () => {
    const json = '{\n  "builders": [\n    {\n      "type": "vsphere-iso",\n      "guest_os_type": "otherGuest",\n      "RAM": 16384,\n      "RAM_reserve_all": true,\n      "firmware": "efi",\n      "vgpu_profile": "grid_t4-4q"\n    }\n  ]\n}\n';
    const [f] = service.findings({ uri: 'file:///iac/g.pkr.json', text: json }, TEST_SETTINGS);
    assert.equal(f.ruleId, 'vmx/guest-32bit');
    assert.match(f.message, /guest_os_type "otherGuest" is 32-bit, .*\(e\.g\. "otherGuest64"\)/);
  });
});

describe('vgpu-lint on a folder of .tf files', () => {
  test('--format json reports what the editor reports', async () => {
    const cli = (await buildBundles()).cli;
    const dir = mkdtempSync(path.join(tmpdir(), 'vgpu-iac-'));
    cpSync(CORPUS, dir, { recursive: true });
    const { writeFileSync } = await import('node:fs');
    writeFileSync(path.join(dir, 'main.tf'), TF);
    const r = spawnSync(process.execPath, [cli, '--format', 'json', '--no-host', dir], { encoding: 'utf8' });
    assert.equal(r.status, 1, r.stderr + r.stdout.slice(0, 2000)); // vmx/invalid-value is an error
    const reports = JSON.parse(r.stdout) as { file: string; diagnostics: unknown[] }[];
    const editor = (name: string) => {
      const text = readFileSync(path.join(dir, name), 'utf8');
      return service.diagnose({ uri: pathToFileURL(path.join(dir, name)).href, text }, TEST_SETTINGS);
    };
    const names = reports.map((x) => path.basename(x.file)).sort();
    assert.deepEqual(names, ['hmahdiany__infrastructure__createVm.tf', 'ibeerens__packer__win2025-std-config.pkr.hcl', 'kyndryl-vms.tf', 'main.tf', 'watchtower-gpu.tf']);
    for (const rep of reports) assert.deepEqual(rep.diagnostics, editor(path.basename(rep.file)), rep.file);
  });
});

describe('completion in extra_config / configuration_parameters', () => {
  const text = `resource "vsphere_virtual_machine" "gpu" {\n  memory = 4096\n  extra_config = {\n    "pciPassthru.use6"\n    \n  }\n}\n`;
  test('inside a quoted key: VMX keys, replacing the key text up to the closing quote', () => {
    const items = service.complete({ uri: 'file:///iac/main.tf', text }, { line: 3, character: 21 }, TEST_SETTINGS);
    const item = items.find((i) => i.label === 'pciPassthru.use64bitMMIO');
    assert.ok(item, `labels: ${items.map((i) => i.label).slice(0, 5).join(', ')}`);
    assert.deepEqual(item.textEdit, { range: { start: { line: 3, character: 5 }, end: { line: 3, character: 21 } }, newText: 'pciPassthru.use64bitMMIO' });
    assert.ok(items.some((i) => i.label === 'pciPassthru0.deviceId'));
  });

  test('on an empty line of the map: a whole entry; outside the map: nothing', () => {
    const items = service.complete({ uri: 'file:///iac/main.tf', text }, { line: 4, character: 4 }, TEST_SETTINGS);
    assert.equal(items.find((i) => i.label === 'sched.mem.pin')?.textEdit?.newText, '"sched.mem.pin" = "$1"');
    assert.deepEqual(service.complete({ uri: 'file:///iac/main.tf', text }, { line: 1, character: 2 }, TEST_SETTINGS), []);
  });
});

describe('Packer JSON templates (*.pkr.json)', () => {
  const JSON_TEMPLATE = `{
  "builders": [
    {
      "type": "vsphere-iso",
      "RAM": 16384,
      "RAM_reserve_all": false,
      "firmware": "bios",
      "vgpu_profile": "grid_a100-4c",
      "configuration_parameters": {
        "pciPassthru.use64bitMMIO": "TRUE",
        "pciPassthru.64bitMMIOSizeGB": "32",
        "guestinfo.userdata": "{{user \`userdata\`}}"
      }
    }
  ]
}
`;
  test('the builder is checked like its HCL form; a {{user}} value is not stated here', () => {
    assert.deepEqual(found('file:///iac/vgpu.pkr.json', JSON_TEMPLATE), [
      `6:25 vmx/memory-not-reserved 'false'`,
      `7:19 vmx/bios-large-bar 'bios'`,
      `11:40 vmx/mmio-too-small '32'`,
    ]);
  });
});

test('messages name the PCI address as the .tf wrote it', () => {
  const text = readFileSync(path.join(CORPUS, 'watchtower-gpu.tf'), 'utf8');
  const [f] = service.findings({ uri: 'file:///iac/watchtower-gpu.tf', text }, TEST_SETTINGS);
  assert.match(f.message, /^vsphere_virtual_machine\.vm: pciPassthru0 \(0000:82:00\.0\): no vendorId\/deviceId is given/);
});
