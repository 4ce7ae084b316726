// VMX editor features through the language service facade: completion, hover, outline, folding, code lens.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { CompletionItem, Hover, MarkupContent, TextEdit } from 'vscode-languageserver-types';
import { InsertTextFormat, SymbolKind } from 'vscode-languageserver-types';
import { GPUS } from '../../server/src/catalog/gpus';
import { LanguageService } from '../../server/src/service/languageService';
import { DEFAULT_SETTINGS } from '../../server/src/service/types';

const HEADER = ['.encoding = "UTF-8"', 'config.version = "8"', 'virtualHW.version = "19"', 'memSize = "65536"'];

/** Two A100 PCIe 40 GB (BAR1 64 GB each): the window must be 256 GB. */
const TWO_A100 = [
  ...HEADER,
  'firmware = "efi"',
  'pciPassthru0.present = "TRUE"',
  'pciPassthru0.vendorId = "0x10de"',
  'pciPassthru0.deviceId = "0x20b1"',
  'pciPassthru1.present = "TRUE"',
  'pciPassthru1.vendorId = "0x10de"',
  'pciPassthru1.deviceId = "0x20b1"',
  'pciPassthru.use64bitMMIO = "TRUE"',
  'pciPassthru.64bitMMIOSizeGB = "128"',
];
const A100_EXPLANATION = '2 × A100 PCIe 40 GB: 16 MB + 64 GB + 32 MB each = 128.1 GB → 256 GB';

function svc(lines: string[]) {
  const service = new LanguageService();
  const input = { uri: 'file:///vm/gpu.vmx', text: lines.join('\n') };
  return {
    complete: (line: number, character: number) => service.complete(input, { line, character }, DEFAULT_SETTINGS),
    hover: (line: number, character: number) => service.hover(input, { line, character }, DEFAULT_SETTINGS),
    symbols: () => service.symbols(input, DEFAULT_SETTINGS),
    folding: () => service.folding(input, DEFAULT_SETTINGS),
    lenses: () => service.codeLenses(input, DEFAULT_SETTINGS),
  };
}

function item(items: CompletionItem[], label: string): CompletionItem {
  const found = items.find((i) => i.label === label);
  assert.ok(found, `expected a completion "${label}" among ${items.map((i) => i.label).join(', ')}`);
  return found;
}

function edit(i: CompletionItem): TextEdit {
  assert.ok(i.textEdit && 'range' in i.textEdit, `${i.label} has a TextEdit`);
  return i.textEdit;
}

function markdown(h: Hover | null): string {
  assert.ok(h, 'expected a hover');
  const c = h.contents as MarkupContent;
  assert.equal(c.kind, 'markdown');
  return c.value;
}

const at = (line: number, start: number, end: number) => ({ start: { line, character: start }, end: { line, character: end } });

describe('VMX key completion', () => {
  test('after "pciPassthru0." offers the per-device keys with index 0, replacing the typed prefix', () => {
    const s = svc([...HEADER, 'pciPassthru0.']);
    const items = s.complete(4, 13);
    const present = item(items, 'pciPassthru0.present');
    assert.deepEqual(edit(present), { range: at(4, 0, 13), newText: 'pciPassthru0.present = "$1"' });
    assert.equal(present.insertTextFormat, InsertTextFormat.Snippet);
    assert.equal(present.detail, 'boolean (TRUE/FALSE)');
    assert.match((present.documentation as MarkupContent).value, /Whether passthrough device N is attached/);
    assert.deepEqual(edit(item(items, 'pciPassthru0.vgpu')), { range: at(4, 0, 13), newText: 'pciPassthru0.vgpu = "$1"' });
    assert.ok(items.every((i) => String(i.label).startsWith('pciPassthru0.')), 'only device 0 keys');
  });

  test('indented prefix: the range starts at the first non-space; an existing "=" is kept', () => {
    const s = svc([...HEADER, '  pciPassthru3.dev', 'pciPassthru0.pre = "TRUE"']);
    assert.deepEqual(edit(item(s.complete(4, 18), 'pciPassthru3.deviceId')), { range: at(4, 2, 18), newText: 'pciPassthru3.deviceId = "$1"' });
    const plain = item(s.complete(5, 16), 'pciPassthru0.present');
    assert.deepEqual(edit(plain), { range: at(5, 0, 16), newText: 'pciPassthru0.present' });
    assert.equal(plain.insertTextFormat, InsertTextFormat.PlainText);
  });

  test('"pciP" offers the MMIO keys and the next free device index, not keys already set', () => {
    const s = svc([...TWO_A100.filter((l) => !l.startsWith('pciPassthru.')), 'pciP']);
    const items = s.complete(11, 4);
    assert.deepEqual(edit(item(items, 'pciPassthru.use64bitMMIO')), { range: at(11, 0, 4), newText: 'pciPassthru.use64bitMMIO = "$1"' });
    item(items, 'pciPassthru.64bitMMIOSizeGB');
    item(items, 'pciPassthru2.present');
    item(items, 'pciPassthru2.vgpu');
    item(items, 'pciPassthru0.id'); // a missing key of an existing device
    const labels = items.map((i) => i.label);
    assert.ok(!labels.includes('pciPassthru0.present'), 'pciPassthru0.present is already set');
    assert.ok(!labels.includes('firmware'), 'firmware is already set');
    assert.ok(!labels.includes('pciPassthru3.present'));
  });

  test('comment lines get no completion', () => {
    assert.deepEqual(svc([...HEADER, '# pciP']).complete(4, 6), []);
  });
});

describe('VMX value completion', () => {
  test('firmware inside quotes: efi and bios replace the text between the quotes', () => {
    const s = svc([...HEADER, 'firmware = "bi"']);
    const items = s.complete(4, 14);
    assert.deepEqual(items.map((i) => i.label), ['efi', 'bios']);
    assert.deepEqual(edit(item(items, 'efi')), { range: at(4, 12, 14), newText: 'efi' });
  });

  test('without quotes the value is replaced and quoted', () => {
    assert.deepEqual(edit(item(svc([...HEADER, 'firmware = bi']).complete(4, 13), 'efi')), { range: at(4, 11, 13), newText: '"efi"' });
    assert.deepEqual(edit(item(svc([...HEADER, 'firmware = ']).complete(4, 11), 'bios')), { range: at(4, 11, 11), newText: '"bios"' });
    assert.deepEqual(edit(item(svc([...HEADER, 'firmware =']).complete(4, 10), 'efi')), { range: at(4, 10, 10), newText: ' "efi"' });
  });

  test('booleans offer TRUE and FALSE', () => {
    assert.deepEqual(svc([...HEADER, 'vvtd.enable = ""']).complete(4, 15).map((i) => i.label), ['TRUE', 'FALSE']);
  });

  test('MMIO size for 2 × A100 40 GB preselects 256 with the arithmetic, then larger powers of two', () => {
    const s = svc(TWO_A100);
    const items = s.complete(12, 31);
    assert.deepEqual(items.map((i) => i.label), ['256', '512', '1024']);
    assert.equal(items[0].preselect, true);
    assert.ok((items[0].documentation as MarkupContent).value.includes(A100_EXPLANATION));
    assert.deepEqual(edit(items[0]), { range: at(12, 31, 34), newText: '256' });
  });

  test('MMIO size without a sized GPU: powers of two 32..1024', () => {
    const items = svc([...HEADER, 'pciPassthru.64bitMMIOSizeGB = ""']).complete(4, 31);
    assert.deepEqual(items.map((i) => i.label), ['32', '64', '128', '256', '512', '1024']);
    assert.ok(items.every((i) => !i.preselect));
  });

  test('vGPU profiles, GPU device ids, vendor ids, guest OS ids and the reservation', () => {
    const s = svc([
      ...HEADER,
      'pciPassthru0.vgpu = ""',
      'pciPassthru1.deviceId = ""',
      'pciPassthru1.vendorId = ""',
      'guestOS = ""',
      'sched.mem.min = ""',
    ]);
    const profile = item(s.complete(4, 20), 'grid_a100-4c');
    assert.match(profile.detail ?? '', /NVIDIA A100 PCIe 40 GB · 4 GB · C/);
    assert.match((profile.documentation as MarkupContent).value, /C-series: compute/);
    const dev = item(s.complete(5, 24), '0x20b1');
    assert.match(dev.detail ?? '', /^NVIDIA A100 PCIe 40 GB – BAR1 64 GB$/);
    assert.equal(item(s.complete(6, 24), '0x10de').detail, 'NVIDIA');
    item(s.complete(7, 11), 'vmkernel8');
    const min = s.complete(8, 17);
    assert.deepEqual(min.map((i) => i.label), ['65536']);
    assert.deepEqual(edit(min[0]), { range: at(8, 17, 17), newText: '65536' });
  });
});

describe('Dynamic DirectPath I/O: allowedDevices completion and hover', () => {
  test('completion offers the catalog GPUs as vendor:device; hover names the model the value identifies', () => {
    const s = svc([...HEADER, 'pciPassthru0.present = "TRUE"', 'pciPassthru0.allowedDevices = ""', 'pciPassthru1.present = "TRUE"', 'pciPassthru1.allowedDevices = "0x10de:0x20b5"', 'pciPassthru2.allowedDevices = "0x10de:0x20b5,0x10de:0x2236"']);
    const a100 = item(s.complete(5, 31), '0x10de:0x20b5');
    assert.match(a100.detail ?? '', /^NVIDIA A100 PCIe 80 GB – BAR1 128 GB$/);
    assert.deepEqual(edit(a100), { range: at(5, 31, 31), newText: '0x10de:0x20b5' });
    const md = markdown(s.hover(7, 35));
    assert.ok(md.includes('**NVIDIA A100 PCIe 80 GB**'), md);
    assert.ok(md.includes('BAR1 128 GB'), md);
    assert.match(markdown(s.hover(8, 35)), /is not one `0xVVVV:0xDDDD` pair: the device is not identified/);
  });
});

describe('VMX hover', () => {
  test('64bitMMIOSizeGB shows the arithmetic, the configured size against it and the switch', () => {
    const s = svc(TWO_A100);
    const h = s.hover(12, 5);
    const md = markdown(h);
    assert.ok(md.includes(A100_EXPLANATION), md);
    assert.ok(md.includes('Configured: 128 GB – too small, needs 256 GB'), md);
    assert.ok(md.includes('`pciPassthru.use64bitMMIO` is TRUE'), md);
    assert.deepEqual(h!.range, at(12, 0, 27));
    assert.deepEqual(s.hover(12, 32)!.range, at(12, 30, 35), 'on the value: the value range');
  });

  test('MMIO hover lists the GPUs it could not size', () => {
    const unsized = GPUS.find((g) => !g.bars)!;
    const s = svc([...TWO_A100, 'pciPassthru2.present = "TRUE"', 'pciPassthru2.vendorId = "0x10de"', `pciPassthru2.deviceId = "0x${unsized.deviceIds[0]}"`]);
    const md = markdown(s.hover(12, 5));
    assert.ok(md.includes(`pciPassthru2 (0x10de:0x${unsized.deviceIds[0]}, ${unsized.name}: known model, unknown BAR layout)`), md);
  });

  test('deviceId value: the GPU, its BARs and their source', () => {
    const s = svc(TWO_A100);
    const h = s.hover(7, 26);
    const md = markdown(h);
    assert.ok(md.includes('**NVIDIA A100 PCIe 40 GB**'), md);
    assert.ok(md.includes('BAR0 16 MB · BAR1 64 GB · BAR3 32 MB'), md);
    assert.match(md, /BAR sizes: Frank Denneman/);
    assert.deepEqual(h!.range, at(7, 24, 32));
  });

  test('deviceId of a known model without BAR layout, and of an unknown GPU', () => {
    const unsized = GPUS.find((g) => !g.bars)!;
    const s = svc([...HEADER, 'pciPassthru0.present = "TRUE"', 'pciPassthru0.vendorId = "0x10de"', `pciPassthru0.deviceId = "0x${unsized.deviceIds[0]}"`, 'pciPassthru1.deviceId = "0xbeef"']);
    assert.match(markdown(s.hover(6, 27)), /Known model, unknown BAR layout/);
    assert.match(markdown(s.hover(7, 27)), /0xbeef\*\* is not in the catalog/);
  });

  test('vendorId value names the vendor and the GPU', () => {
    const md = markdown(svc(TWO_A100).hover(6, 26));
    assert.ok(md.startsWith('**0x10de** – NVIDIA'), md);
    assert.ok(md.includes('BAR1 64 GB'), md);
  });

  test('vgpu value: profile, series meaning and what a vGPU VM needs', () => {
    const md = markdown(svc([...HEADER, 'pciPassthru0.vgpu = "grid_a100-4c"']).hover(4, 24));
    assert.ok(md.includes('- GPU: NVIDIA A100 PCIe 40 GB'), md);
    assert.ok(md.includes('- Frame buffer: 4 GB'), md);
    assert.ok(md.includes('C-series: compute'), md);
    assert.ok(md.includes('A C-series vGPU VM needs `firmware = "efi"` and `pciPassthru.use64bitMMIO = "TRUE"` with at least 64 GB'), md);
    assert.match(markdown(svc([...HEADER, 'pciPassthru0.vgpu = "grid_a100-4x"']).hover(4, 24)), /not a vGPU profile in the catalog[\s\S]*grid_a100-4c/);
  });

  test('firmware explains BIOS vs EFI against this VM\'s GPUs', () => {
    const md = markdown(svc(TWO_A100.map((l) => (l.startsWith('firmware') ? 'firmware = "bios"' : l))).hover(4, 3));
    assert.ok(md.includes('VMware and Dell require EFI for a passthrough device whose BARs add up to more than 16 GB'), md);
    assert.ok(md.includes('This VM: firmware bios; its GPUs need **EFI**.'), md);
  });

  test('a plain key shows its description, type, default and source; unknown keys show nothing', () => {
    const s = svc([...HEADER, 'vhv.allowPassthru = "TRUE"', 'ethernet0.present = "TRUE"']);
    const md = markdown(s.hover(4, 4));
    assert.ok(md.startsWith('**vhv.allowPassthru**'), md);
    assert.ok(md.includes('Type: boolean (TRUE/FALSE)'), md);
    assert.match(md, /Source: William Lam/);
    assert.equal(s.hover(5, 3), null);
  });
});

describe('VMX outline, folding and code lens', () => {
  test('symbols group devices and the GPU settings', () => {
    const symbols = svc([...TWO_A100, 'sched.mem.pin = "TRUE"', 'vhv.enable = "TRUE"', 'ethernet0.present = "TRUE"', 'ethernet0.virtualDev = "vmxnet3"']).symbols();
    assert.deepEqual(
      symbols.map((s) => s.name),
      ['.encoding', 'config', 'virtualHW', 'Memory reservation', 'Firmware', 'pciPassthru0', 'pciPassthru1', '64-bit MMIO', 'Nested virtualization', 'ethernet0'],
    );
    const dev = symbols.find((s) => s.name === 'pciPassthru0')!;
    assert.equal(dev.detail, 'NVIDIA A100 PCIe 40 GB');
    assert.equal(dev.kind, SymbolKind.Object);
    assert.deepEqual(dev.children!.map((c) => c.name), ['pciPassthru0.present', 'pciPassthru0.vendorId', 'pciPassthru0.deviceId']);
    assert.deepEqual(dev.range, { start: { line: 5, character: 0 }, end: { line: 7, character: 32 } });
    assert.deepEqual(dev.selectionRange, at(5, 0, 20));
    assert.deepEqual(symbols.find((s) => s.name === 'Memory reservation')!.children!.map((c) => c.name), ['memSize', 'sched.mem.pin']);
    assert.deepEqual(symbols.find((s) => s.name === '64-bit MMIO')!.children!.map((c) => c.detail), ['TRUE', '128']);
  });

  test('folding: comment runs and runs of ≥ 3 keys of one device', () => {
    const ranges = svc(['# GPU VM', '# two A100', ...TWO_A100.slice(4), '', 'ethernet0.present = "TRUE"', 'ethernet0.virtualDev = "vmxnet3"']).folding();
    assert.deepEqual(ranges, [
      { startLine: 0, endLine: 1, kind: 'comment' },
      { startLine: 3, endLine: 5 },
      { startLine: 6, endLine: 8 },
    ]);
  });

  test('code lens on the size line shows the required size and the arithmetic', () => {
    assert.deepEqual(svc(TWO_A100).lenses(), [{ range: at(12, 0, 35), command: { title: `MMIO needed: 256 GB (${A100_EXPLANATION})`, command: '' } }]);
  });

  test('without a size key the lens sits on the first passthrough device', () => {
    const lenses = svc(TWO_A100.filter((l) => !l.startsWith('pciPassthru.'))).lenses();
    assert.equal(lenses.length, 1);
    assert.equal(lenses[0].range.start.line, 7);
    assert.equal(lenses[0].command!.title, `MMIO needed: 256 GB (${A100_EXPLANATION}) · not configured: the VM has the 32 GB default`);
  });

  test('no GPU, no lens', () => {
    assert.deepEqual(svc([...HEADER, 'pciPassthru.64bitMMIOSizeGB = "64"']).lenses(), []);
  });
});
