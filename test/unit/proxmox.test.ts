// The Proxmox VE front end: parser (lossless, spans), detection, every proxmox/… rule (id, range, severity,
// message, fixed text), the shared hardware rules with the same arithmetic as libvirt, features, CLI.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyEdits } from '../helpers/applyEdits';
import { run } from '../../server/src/cli';
import { LanguageService } from '../../server/src/service/languageService';
import { DEFAULT_SETTINGS, Settings } from '../../server/src/service/types';
import { parseProxmox, parsePropertyString, printProxmox } from '../../server/src/proxmox/parser';
import { looksLikeProxmox } from '../../server/src/proxmox/format';
import { PROXMOX_RULES } from '../../server/src/proxmox/rules';

const A100 = '0000:3b:00.0';
const SETTINGS: Settings = { ...DEFAULT_SETTINGS, host: { ...DEFAULT_SETTINGS.host, enabled: false }, gpuMap: { [A100]: 'A100-PCIE-80GB' } };
const URI = 'file:///etc/pve/qemu-server/100.conf';
const BASE = 'boot: order=scsi0\ncores: 8\nmemory: 16384\nostype: l26\nscsi0: local-lvm:vm-100-disk-0,size=64G\nscsihw: virtio-scsi-single\n';

const svc = new LanguageService({});
const findings = (text: string, uri = URI) => svc.findings({ uri, text }, SETTINGS);
const only = (text: string, id: string) => findings(text).filter((f) => f.ruleId === id);
const fixed = (text: string, f: { fixes?: { edits: Parameters<typeof applyEdits>[1] }[] }, n = 0) => applyEdits(text, f.fixes![n].edits);
const r = (line: number, a: number, b: number) => ({ start: { line, character: a }, end: { line, character: b } });

describe('proxmox parser', () => {
  test('lines, sections and property strings with spans; print is byte-identical', () => {
    const text = '#GPU%20VM\r\nbios: ovmf\nhostpci0: 0000:01:00,pcie=1,x-vga=1\n\n[PENDING]\ndelete: balloon\n[snap1]\nmemory: 8192\nbroken line\n';
    const doc = parseProxmox(text);
    assert.equal(printProxmox(doc), text);
    assert.deepEqual(doc.sections.map((s) => [s.kind, s.name]), [['current', ''], ['pending', 'pending'], ['snapshot', 'snap1']]);
    assert.deepEqual(doc.lines.map((l) => l.kind), ['comment', 'property', 'property', 'blank', 'section', 'property', 'section', 'property', 'invalid']);
    const hp = doc.lines[2];
    const items = parsePropertyString(hp.value!);
    assert.deepEqual(items.map((i) => [i.key?.text, i.value.text, text.slice(i.span.start, i.span.end)]), [[undefined, '0000:01:00', '0000:01:00'], ['pcie', '1', 'pcie=1'], ['x-vga', '1', 'x-vga=1']]);
    for (const t of ['', '\n', 'a', 'key:', 'x: y', '\r\n\r\n', '[a]\n[b]']) assert.equal(printProxmox(parseProxmox(t)), t);
  });

  test('detection: by qemu-server path, by content for other .conf files; nginx.conf is left alone', () => {
    assert.equal(svc.documentKind({ uri: URI, text: 'anything' }, SETTINGS), 'proxmox');
    assert.equal(svc.documentKind({ uri: 'file:///backup/100.conf', text: BASE }, SETTINGS), 'proxmox');
    assert.equal(svc.documentKind({ uri: 'file:///etc/nginx/nginx.conf', text: 'server {\n  listen 80;\n}\n' }, SETTINGS), 'other');
    assert.equal(looksLikeProxmox('[Unit]\nDescription: x\n'), false);
  });
});

describe('proxmox rules', () => {
  test('proxmox/syntax', () => {
    const text = BASE + 'hostpci0 = 0000:01:00.0\n';
    const [f] = only(text, 'proxmox/syntax');
    assert.deepEqual([f.range, f.level], [r(6, 0, 23), 'error']);
    assert.match(f.message, /^Proxmox cannot read this line \("unable to parse config"\)/);
  });

  test('proxmox/syntax: an unknown section (its lines ignored) and delete: outside [PENDING] are warnings', () => {
    const text = BASE + 'delete: balloon\n[my snap]\nhostpci0 = x\n';
    const fs = only(text, 'proxmox/syntax');
    assert.deepEqual(fs.map((f) => [f.range, f.level]), [[r(6, 0, 6), 'warning'], [r(7, 0, 9), 'warning']]);
    assert.match(fs[1].message, /^Proxmox skips this section \("skipping unknown section"\)/);
    assert.deepEqual(only(BASE + '[PENDING]\ndelete: balloon\n', 'proxmox/syntax'), []);
  });

  test('proxmox/unknown-key: did-you-mean keeps the number', () => {
    const text = BASE + 'hostpcii2: 0000:01:00.0\nbaloon: 0\n';
    const fs = only(text, 'proxmox/unknown-key');
    assert.deepEqual(fs.map((f) => [f.range, f.level]), [[r(6, 0, 9), 'warning'], [r(7, 0, 6), 'warning']]);
    assert.equal(fixed(text, fs[0]), BASE + 'hostpci2: 0000:01:00.0\nbaloon: 0\n');
    assert.equal(fixed(text, fs[1]), BASE + 'hostpcii2: 0000:01:00.0\nballoon: 0\n');
    assert.match(only(BASE + 'hostpci16: 01:00.0\n', 'proxmox/unknown-key')[0].message, /hostpci0 to hostpci15/);
  });

  test('proxmox/invalid-value: property names, booleans, hex ids, addresses, host and mapping', () => {
    const text = BASE + 'hostpci0: 0000:01:00.0,rombar=enabled,vendor-id=10de,xvga=1\n';
    const fs = only(text, 'proxmox/invalid-value');
    assert.deepEqual(fs.map((f) => [f.range, f.level, f.message]), [
      [r(6, 30, 37), 'error', 'hostpci0: rombar is a boolean (1 or 0; on/off, yes/no, true/false also work), not enabled.'],
      [r(6, 48, 52), 'error', 'hostpci0: vendor-id is a 16-bit hex id written 0xNNNN (e.g. 0x10de), not 10de.'],
      [r(6, 53, 57), 'error', 'hostpci0: Proxmox does not know the property xvga and refuses the value. Did you mean x-vga?'],
    ]);
    assert.equal(fixed(text, fs[0]), BASE + 'hostpci0: 0000:01:00.0,rombar=1,vendor-id=10de,xvga=1\n');
    assert.equal(fixed(text, fs[1]), BASE + 'hostpci0: 0000:01:00.0,rombar=enabled,vendor-id=0x10de,xvga=1\n');
    assert.equal(fixed(text, fs[2]), BASE + 'hostpci0: 0000:01:00.0,rombar=enabled,vendor-id=10de,x-vga=1\n');
    const both = only(BASE + 'hostpci0: 01:00.0,mapping=gpu\n', 'proxmox/invalid-value');
    assert.match(both[0].message, /Cannot set both 'host' and 'mapping'/);
    const bad = only(BASE + 'hostpci0: 1:0.0\n', 'proxmox/invalid-value');
    assert.deepEqual(bad[0].range, r(6, 10, 15));
    assert.equal(fixed(BASE + 'hostpci0: 1:0.0\n', bad[0]), BASE + 'hostpci0: 01:00.0\n');
    const bios = only(BASE + 'bios: OVMF\n', 'proxmox/invalid-value');
    assert.equal(fixed(BASE + 'bios: OVMF\n', bios[0]), BASE + 'bios: ovmf\n');
    assert.match(only(BASE + 'cpu: host,phys-bits=99\n', 'proxmox/invalid-value')[0].message, /phys-bits is a number from 8 to 64, or host, not 99/);
  });

  test('proxmox/pcie-needs-q35: two fixes, neither safe', () => {
    const text = BASE + 'hostpci0: 0000:01:00,pcie=1,x-vga=1\n';
    const [f] = only(text, 'proxmox/pcie-needs-q35');
    assert.deepEqual([f.range, f.level], [r(6, 21, 27), 'error']);
    assert.match(f.message, /"q35 machine model is not enabled"/);
    assert.equal(fixed(text, f, 0), text + 'machine: q35\n');
    assert.equal(fixed(text, f, 1), BASE + 'hostpci0: 0000:01:00,x-vga=1\n');
    assert.deepEqual(f.fixes!.map((x) => x.safe), [false, false]);
    const withMachine = BASE + 'machine: pc-i440fx-8.1\nhostpci0: 0000:01:00,pcie=1\n';
    assert.equal(fixed(withMachine, only(withMachine, 'proxmox/pcie-needs-q35')[0]), BASE + 'machine: q35\nhostpci0: 0000:01:00,pcie=1\n');
    assert.deepEqual(only(BASE + 'machine: pc-q35-8.1\nhostpci0: 0000:01:00,pcie=1\n', 'proxmox/pcie-needs-q35'), []);
  });

  test('proxmox/duplicate-hostpci: a function-less address covers every function', () => {
    const text = BASE + 'hostpci0: 0000:01:00\nhostpci1: 0000:01:00.1\nhostpci2: 02:00.0;02:00.0\n';
    const fs = only(text, 'proxmox/duplicate-hostpci');
    assert.deepEqual(fs.map((f) => [f.range, f.level]), [[r(7, 10, 22), 'error'], [r(8, 18, 25), 'error']]);
    assert.match(fs[0].message, /^0000:01:00\.1 is already assigned by hostpci0 \(0000:01:00\)/);
    assert.deepEqual(only(BASE + 'hostpci0: 0000:01:00.0\nhostpci1: 0000:01:00.1\n', 'proxmox/duplicate-hostpci'), []);
  });

  test('proxmox/romfile-path', () => {
    const text = BASE + 'hostpci0: 0000:01:00,romfile=/usr/share/kvm/gpu.rom\n';
    const [f] = only(text, 'proxmox/romfile-path');
    assert.deepEqual([f.range, f.level], [r(6, 29, 51), 'error']);
    assert.equal(fixed(text, f), BASE + 'hostpci0: 0000:01:00,romfile=gpu.rom\n');
    const [g] = only(BASE + 'hostpci0: 01:00,romfile=/root/gpu.rom\n', 'proxmox/romfile-path');
    assert.equal(g.fixes?.length ?? 0, 0);
    assert.match(g.message, /Copy the ROM into \/usr\/share\/kvm\//);
  });

  test('proxmox/mdev-multifunction: a warning without the host, an error for a list', () => {
    const text = BASE + 'hostpci0: 0000:01:00,mdev=nvidia-63\n';
    const [f] = only(text, 'proxmox/mdev-multifunction');
    assert.deepEqual([f.range, f.level], [r(6, 10, 20), 'warning']);
    assert.equal(fixed(text, f), BASE + 'hostpci0: 0000:01:00.0,mdev=nvidia-63\n');
    const [g] = only(BASE + 'hostpci0: 01:00.0;01:00.1,mdev=nvidia-63\n', 'proxmox/mdev-multifunction');
    assert.deepEqual([g.range, g.level], [r(6, 10, 25), 'error']);
  });

  test('proxmox/legacy-igd', () => {
    const [f] = only(BASE + 'machine: q35\nhostpci0: 0000:00:02.0,legacy-igd=1,x-vga=1\n', 'proxmox/legacy-igd');
    assert.equal(f.message, "hostpci0: Proxmox refuses to start the VM (PCI.pm): legacy IGD assignment requires VGA mode to be 'none' (vga: none); legacy IGD assignment is not compatible with x-vga; legacy IGD assignment is not compatible with q35.");
    assert.deepEqual(only(BASE + 'vga: none\nhostpci0: 0000:00:02.0,legacy-igd=1\n', 'proxmox/legacy-igd'), []);
  });

  test('proxmox/x-vga-ovmf: info, only under OVMF', () => {
    const text = BASE + 'bios: ovmf\nhostpci0: 0000:01:00,x-vga=1\n';
    const [f] = only(text, 'proxmox/x-vga-ovmf');
    assert.deepEqual([f.range, f.level], [r(7, 21, 28), 'info']);
    assert.match(f.message, /does not add x-vga=on.*hides KVM from the guest.*sets the emulated display to none/);
    assert.deepEqual(only(BASE + 'hostpci0: 0000:01:00,x-vga=1\n', 'proxmox/x-vga-ovmf'), []);
  });

  test('proxmox/balloon', () => {
    const text = BASE + 'balloon: 4096\nhostpci0: 0000:01:00\n';
    const [f] = only(text, 'proxmox/balloon');
    assert.deepEqual([f.range, f.level], [r(6, 9, 13), 'warning']);
    assert.match(f.message, /^hostpci0 passes a device through with VFIO, which pins all guest RAM \(16384 MiB\)/);
    assert.equal(fixed(text, f), BASE + 'balloon: 0\nhostpci0: 0000:01:00\n');
    assert.deepEqual(only(BASE + 'balloon: 0\nhostpci0: 0000:01:00\n', 'proxmox/balloon'), []);
  });

  test('snapshot and pending sections are parsed, not judged', () => {
    const text = BASE + 'hostpci0: 0000:01:00\n\n[snap1]\nhostpci0: 0000:01:00,pcie=1\nhostpci1: 0000:01:00\n';
    assert.deepEqual(findings(text).map((f) => f.ruleId), ['proxmox/unknown-gpu']);
  });

  test('whole-VM rules wait while a line is broken', () => {
    const text = BASE + 'balloon: 4096\nhostpci0: 0000:01:00\nbroken\n';
    assert.deepEqual(findings(text).map((f) => f.ruleId), ['proxmox/syntax']);
  });
});

describe('shared hardware rules on Proxmox configs', () => {
  const OVMF = BASE + 'bios: ovmf\nefidisk0: local-lvm:vm-100-disk-1,efitype=4m,size=4M\nmachine: q35\n';

  test('proxmox/mmio-window: the classic window with an explicit aperture too small, same arithmetic as libvirt', () => {
    const text = OVMF + 'cpu: host\nhostpci0: 0000:3b:00.0,pcie=1\nargs: -fw_cfg name=opt/ovmf/X-PciMmio64Mb,string=65536\n';
    const [f] = only(text, 'proxmox/mmio-window');
    assert.deepEqual([f.range, f.level], [r(11, 49, 54), 'warning']); // a host with 46+ address bits gives a dynamic window that holds it
    assert.match(f.message, /^OVMF cannot place hostpci0 \(0000:3b:00\.0\) \(A100 PCIe 80 GB\): 128 GB \+ 32 MB of 64-bit BARs → a 256 GiB root-port window/);
    assert.equal(fixed(text, f), text.replace('string=65536', 'string=262144'));
    const libvirt = `<domain type='kvm'><name>v</name><memory unit='MiB'>16384</memory><os firmware='efi'><type arch='x86_64' machine='q35'>hvm</type></os><cpu mode='host-passthrough'/><devices><hostdev mode='subsystem' type='pci' managed='yes'><source><address domain='0x0000' bus='0x3b' slot='0x00' function='0x0'/></source></hostdev></devices><qemu:commandline xmlns:qemu='http://libvirt.org/schemas/domain/qemu/1.0'><qemu:arg value='-fw_cfg'/><qemu:arg value='name=opt/ovmf/X-PciMmio64Mb,string=65536'/></qemu:commandline></domain>`;
    const lv = svc.findings({ uri: 'file:///vm.xml', text: libvirt }, SETTINGS).filter((x) => x.ruleId === 'libvirt/mmio-window');
    assert.deepEqual(lv.map((x) => x.level), ['warning']);
    const tail = (m: string) => m.slice(m.indexOf(': 128 GB'));
    assert.equal(tail(f.message).replace(/CPU: .*$/, ''), tail(lv[0].message).replace(/CPU: .*$/, ''));
  });

  test('proxmox/mmio-window: no aperture, adds args', () => {
    const text = OVMF + 'cpu: host\nhostpci0: 0000:3b:00.0,pcie=1\nhostpci1: 0000:3c:00.0,pcie=1\n';
    const settings = { ...SETTINGS, gpuMap: { [A100]: 'A100-PCIE-80GB', '0000:3c:00.0': 'A100-PCIE-80GB' } };
    const [f] = svc.findings({ uri: URI, text }, settings).filter((x) => x.ruleId === 'proxmox/mmio-window');
    assert.equal(f.level, 'warning'); // fits a dynamic window on a host with enough address bits
    assert.equal(fixed(text, f), text + 'args: -fw_cfg name=opt/ovmf/X-PciMmio64Mb,string=524288\n');
  });

  test('proxmox/phys-bits: SeaBIOS beyond 2^36', () => {
    const text = BASE + 'cpu: kvm64,phys-bits=36\nhostpci0: 0000:3b:00.0\n';
    const [f] = only(text, 'proxmox/phys-bits');
    assert.deepEqual([f.range, f.level], [r(6, 21, 23), 'error']);
    assert.match(f.message, /SeaBIOS places the 64-bit BARs above RAM from .* beyond the guest's 36 physical address bits/);
    assert.equal(fixed(text, f), BASE + 'cpu: kvm64,phys-bits=39\nhostpci0: 0000:3b:00.0\n');
  });

  test('proxmox/unknown-gpu', () => {
    const [f] = only(BASE + 'hostpci0: 0000:41:00.0\n', 'proxmox/unknown-gpu');
    assert.deepEqual([f.range, f.level], [r(6, 0, 8), 'info']);
  });
});

describe('proxmox rule docs', () => {
  for (const rule of PROXMOX_RULES) {
    const id = rule.meta.id;
    test(`${id}: page, severity, examples behave as the page says`, () => {
      const page = readFileSync(join(__dirname, '..', '..', 'docs', 'rules', `${id.replace('/', '-')}.md`), 'utf8');
      assert.equal(page.split('\n')[0], `# ${id}`);
      assert.match(page, new RegExp(`\\| Default severity \\| ${rule.meta.defaultSeverity}\\b`));
      const [bad, good] = [...page.matchAll(/```proxmox\n([\s\S]*?)```/g)].map((m) => m[1]);
      // Host checks name the fake sysfs tree their examples run against.
      const fixture = /^Host: `(test\/fixtures\/sysfs\/[\w-]+)`/m.exec(page)?.[1];
      const { createSysfsInventory } = require('../../server/src/host/sysfs') as typeof import('../../server/src/host/sysfs');
      const run = (text: string) =>
        fixture
          ? new LanguageService({ host: () => createSysfsInventory(join(__dirname, '..', '..', fixture)) }).findings({ uri: URI, text }, { ...SETTINGS, host: { ...DEFAULT_SETTINGS.host } }).filter((f) => f.ruleId === id)
          : only(text, id);
      assert.ok(run(bad).length > 0, 'the bad example is not reported');
      assert.deepEqual(run(good), [], 'the fixed example is still reported');
    });
  }
});

describe('proxmox features', () => {
  const text = BASE + 'bios: ovmf\nmachine: q35\ncpu: host\nhostpci0: 0000:3b:00.0,pcie=1\n';
  test('completion of a hostpci property and of a value', () => {
    const props = svc.complete({ uri: URI, text: text.replace('pcie=1', 'pcie=1,') }, { line: 9, character: 30 }, SETTINGS).map((c) => c.label);
    assert.ok(props.includes('x-vga') && props.includes('rombar') && props.includes('mdev'));
    const t2 = text.replace('pcie=1', 'pcie=1,driver=');
    assert.deepEqual(svc.complete({ uri: URI, text: t2 }, { line: 9, character: 37 }, SETTINGS).map((c) => c.label), ['vfio', 'keep']);
  });
  test('hover on hostpci0 shows the device, its BARs and the firmware verdict; on a property its doc', () => {
    const h = svc.hover({ uri: URI, text }, { line: 9, character: 3 }, SETTINGS)!;
    const v = (h.contents as { value: string }).value;
    assert.match(v, /A100 PCIe 80 GB/);
    assert.match(v, /BAR1 128 GiB/);
    const p = svc.hover({ uri: URI, text }, { line: 9, character: 26 }, SETTINGS)!;
    assert.match((p.contents as { value: string }).value, /^\*\*hostpci0: pcie\*\* \(default 0\)/);
  });
  test('outline, folding, code lens', () => {
    const t = text + '\n[snap1]\nmemory: 8192\nsnaptime: 1\n';
    assert.deepEqual(svc.symbols({ uri: URI, text: t }, SETTINGS).map((s) => s.name), ['memory', 'bios', 'machine', 'cpu', 'hostpci0', '[snap1]']);
    assert.deepEqual(svc.folding({ uri: URI, text: t }, SETTINGS), [{ startLine: 11, endLine: 13 }]);
    assert.match(svc.codeLenses({ uri: URI, text }, SETTINGS)[0].command!.title, /^64-bit MMIO: 256 GiB needed; fits with the dynamic 8 TiB window/);
  });
});

describe('vgpu-lint on a qemu-server folder', () => {
  test('--format json lints qemu-server/*.conf, skips other .conf files; an explicit non-Proxmox .conf is skipped with a note', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pve-'));
    mkdirSync(join(dir, 'qemu-server'));
    writeFileSync(join(dir, 'qemu-server', '100.conf'), BASE + 'balloon: 2048\nhostpci0: 0000:01:00,pcie=1\n');
    writeFileSync(join(dir, 'nginx.conf'), 'server { listen 80; }\n');
    let out = '';
    let err = '';
    const code = run(['--format', 'json', '--no-host', dir], { out: (s) => (out += s), err: (s) => (err += s) });
    assert.equal(code, 1);
    const report = JSON.parse(out);
    const files = (Array.isArray(report) ? report : report.files).map((f: { file: string }) => f.file);
    assert.deepEqual(files, [join(dir, 'qemu-server', '100.conf')]);
    assert.match(out, /proxmox\/pcie-needs-q35/);
    let sarif = '';
    run(['--format', 'sarif', '--no-host', dir], { out: (s) => (sarif += s), err: () => {} });
    const log = JSON.parse(sarif);
    assert.ok(log.runs[0].tool.driver.rules.some((r: { id: string }) => r.id === 'proxmox/pcie-needs-q35'));
    assert.deepEqual([...new Set(log.runs[0].results.map((r: { ruleId: string }) => r.ruleId))].sort(), ['proxmox/balloon', 'proxmox/pcie-needs-q35', 'proxmox/unknown-gpu']);
    err = '';
    assert.equal(run(['--no-host', join(dir, 'nginx.conf')], { out: () => {}, err: (s) => (err += s) }), 0);
    assert.match(err, /skipped .*nginx\.conf: not a Proxmox VE VM config/);
    // Named explicitly, a .conf elsewhere that reads as a Proxmox config is linted.
    writeFileSync(join(dir, 'vm-backup.conf'), BASE + 'hostpci0: 0000:01:00,pcie=1\n');
    let named = '';
    assert.equal(run(['--format', 'json', '--no-host', join(dir, 'vm-backup.conf')], { out: (s) => (named += s), err: () => {} }), 1);
    assert.match(named, /proxmox\/pcie-needs-q35/);
  });
});

describe('proxmox host checks and mappings', () => {
  const { createSysfsInventory } = require('../../server/src/host/sysfs') as typeof import('../../server/src/host/sysfs');
  const { parsePveMappings, readPveMappings } = require('../../server/src/host/pveMapping') as typeof import('../../server/src/host/pveMapping');
  const FIX = join(__dirname, '..', 'fixtures', 'sysfs');
  const hostSvc = (host: import('../../server/src/host/inventory').HostInventory) => new LanguageService({ host: () => host });
  const HOST_SETTINGS: Settings = { ...DEFAULT_SETTINGS };
  const onHost = (text: string, host: import('../../server/src/host/inventory').HostInventory, id: string) => hostSvc(host).findings({ uri: URI, text }, HOST_SETTINGS).filter((f) => f.ruleId === id);

  test('proxmox/iommu-group: one function of a group assigned; all functions (no .f) make the group viable', () => {
    const host = createSysfsInventory(join(FIX, 'geforce-usbc'));
    const text = BASE + 'hostpci0: 0000:09:00.0,pcie=1\nmachine: q35\n';
    const [f] = onHost(text, host, 'proxmox/iommu-group');
    assert.deepEqual([f.range, f.level], [r(6, 0, 8), 'error']);
    assert.match(f.message, /^IOMMU group 15 of 0000:09:00\.0 is not viable: 0000:09:00\.1 \(audio 0x0403, driver snd_hda_intel\); 0000:09:00\.2 \(USB 0x0c03, driver xhci_hcd\); 0000:09:00\.3 /);
    assert.match(f.message, /Assign them too \(a hostpci address without a function, 09:00, takes every function/);
    assert.deepEqual(onHost(BASE + 'hostpci0: 0000:09:00,pcie=1\nmachine: q35\n', host, 'proxmox/iommu-group'), []);
  });

  test('proxmox/boot-gpu and proxmox/host-driver', () => {
    const host = createSysfsInventory(join(FIX, 'geforce-usbc'));
    const [b] = onHost(BASE + 'hostpci0: 0000:00:02.0\n', host, 'proxmox/boot-gpu');
    assert.deepEqual([b.range, b.level], [r(6, 0, 8), 'warning']);
    assert.match(b.message, /^0000:00:02\.0 is the host's boot GPU/);
    const text = BASE + 'hostpci0: 0000:09:00.1,driver=keep\n';
    const [k] = onHost(text, host, 'proxmox/host-driver');
    assert.deepEqual([k.range, k.level], [r(6, 23, 34), 'error']);
    assert.match(k.message, /0000:09:00\.1 is bound to snd_hda_intel/);
    assert.equal(fixed(text, k), BASE + 'hostpci0: 0000:09:00.1\n');
  });

  test('mapping= resolved through etc/pve/mapping/pci.cfg beside the sysfs root; an unknown id is an error on the host', () => {
    const cfg = 'gpu-a100\n\tdescription A100\n\tmap id=10de:20b5,node=pve1,path=0000:3b:00.0,subsystem-id=10de:1533,iommugroup=15\n';
    const m = parsePveMappings(cfg, 'pci.cfg');
    assert.deepEqual(m.ids.get('gpu-a100'), [{ node: 'pve1', path: '0000:3b:00.0', vendorId: 0x10de, deviceId: '20b5', subsystemId: '1533' }]);
    const dir = mkdtempSync(join(tmpdir(), 'pve-root-'));
    mkdirSync(join(dir, 'etc', 'pve', 'mapping'), { recursive: true });
    writeFileSync(join(dir, 'etc', 'pve', 'mapping', 'pci.cfg'), cfg);
    assert.equal(readPveMappings(dir)?.ids.size, 1);
    const host = { root: join(dir, 'sys'), device: () => undefined, devices: () => [], mdevTypes: () => [], mdevs: () => [], pveMappings: () => m };
    const text = BASE + 'bios: ovmf\nmachine: q35\ncpu: host\nhostpci0: mapping=gpu-a100,pcie=1\n';
    const lens = hostSvc(host).codeLenses({ uri: URI, text }, HOST_SETTINGS);
    assert.match(lens[0].command!.title, /^64-bit MMIO: 256 GiB needed/); // identified by the mapping's id=10de:20b5
    const [nf] = onHost(BASE + 'hostpci0: mapping=gpu-b\n', host, 'proxmox/invalid-value');
    assert.equal(nf.message, `hostpci0: the host's pci.cfg has no mapping gpu-b: Proxmox refuses to start the VM ("PCI device mapping not found").`);
  });
});

describe('proxmox completion from the host and snippets', () => {
  const { createSysfsInventory } = require('../../server/src/host/sysfs') as typeof import('../../server/src/host/sysfs');
  test('mdev= offers the types of the device at the address (a100-80gb fixture)', () => {
    const host = createSysfsInventory(join(__dirname, '..', 'fixtures', 'sysfs', 'a100-80gb'));
    const text = BASE + 'hostpci0: 0000:83:00.0,mdev=\n';
    const items = new LanguageService({ host: () => host }).complete({ uri: URI, text }, { line: 6, character: 28 }, DEFAULT_SETTINGS);
    assert.deepEqual(items.map((i) => [i.label, i.detail]).sort(), [['nvidia-692', 'GRID A100D-4C'], ['nvidia-693', 'GRID A100D-8C'], ['nvidia-694', 'GRID A100D-10C'], ['nvidia-695', 'GRID A100D-16C']].sort());
  });

  test('every snippet, placeholders at their defaults, gets no error or warning', () => {
    const snippets = JSON.parse(readFileSync(join(__dirname, '..', '..', 'snippets', 'proxmox.code-snippets'), 'utf8')) as Record<string, { body: string[] }>;
    assert.equal(Object.keys(snippets).length, 3);
    for (const [name, s] of Object.entries(snippets)) {
      const text = BASE + s.body.join('\n').replace(/\$\{\d+:([^}]*)\}/g, '$1').replace(/\$\d+/g, '') + '\n';
      const bad = findings(text).filter((f) => f.level === 'error' || f.level === 'warning');
      assert.deepEqual(bad.map((f) => `${f.ruleId}: ${f.message}`), [], name);
    }
  });
});

describe('firmware verdicts only where the lab measured', () => {
  const OVMF = BASE + 'bios: ovmf\nefidisk0: local-lvm:vm-100-disk-1,efitype=4m,size=4M\ncpu: kvm64\n';
  test('q35 with pcie=1 (own root port): a verdict; without pcie=1 (root complex) or hostpci4+ on i440fx (bridge): none', () => {
    assert.equal(only(OVMF + 'machine: q35\nhostpci0: 0000:3b:00.0,pcie=1\n', 'proxmox/mmio-window').length, 1);
    assert.deepEqual(only(OVMF + 'machine: q35\nhostpci0: 0000:3b:00.0\n', 'proxmox/mmio-window'), []);
    assert.equal(only(OVMF + 'hostpci0: 0000:3b:00.0\n', 'proxmox/mmio-window').length, 1);
    assert.deepEqual(only(OVMF + 'hostpci4: 0000:3b:00.0\n', 'proxmox/mmio-window'), []);
  });
});

describe('proxmox/vgpu-sriov', () => {
  const { createSysfsInventory } = require('../../server/src/host/sysfs') as typeof import('../../server/src/host/sysfs');
  const host = createSysfsInventory(join(__dirname, '..', 'fixtures', 'sysfs', 'l40s-sriov'));
  const run = (text: string) => new LanguageService({ host: () => host }).findings({ uri: URI, text }, DEFAULT_SETTINGS).filter((f) => f.ruleId === 'proxmox/vgpu-sriov');
  test('mdev on the PF of a vGPU 17+ GPU; a VF type that is not creatable; a creatable one is fine', () => {
    const [pf] = run(BASE + 'hostpci0: 0000:41:00.0,mdev=nvidia-1155\n');
    assert.deepEqual([pf.range, pf.level], [r(6, 28, 39), 'error']);
    assert.match(pf.message, /^0000:41:00\.0 offers its vGPUs on SR-IOV virtual functions \(vGPU 17\+: 0000:41:00\.4, 0000:41:00\.5\)/);
    const [vf] = run(BASE + 'hostpci0: 0000:41:00.4,mdev=nvidia-9\n');
    assert.match(vf.message, /nvidia-9 is not among its creatable types .*: nvidia-1155 \(NVIDIA L40S-1B\)/);
    assert.deepEqual(run(BASE + 'hostpci0: 0000:41:00.4,mdev=nvidia-1155\n'), []);
  });
});

describe('proxmox/vgpu-mixed-profiles', () => {
  const { createSysfsInventory } = require('../../server/src/host/sysfs') as typeof import('../../server/src/host/sysfs');
  const fixture = (name: string) => createSysfsInventory(join(__dirname, '..', 'fixtures', 'sysfs', name));
  const run = (host: import('../../server/src/host/inventory').HostInventory, text: string, uri = URI) =>
    new LanguageService({ host: () => host }).findings({ uri, text }, DEFAULT_SETTINGS).filter((f) => f.ruleId === 'proxmox/vgpu-mixed-profiles');
  const TAIL = / \(host sysfs\)\. A GPU runs vGPUs of one framebuffer size unless heterogeneous \(mixed-size\) mode is enabled, and sysfs does not show that mode \(NVML\/nvidia-smi do\), so it is unconfirmed here/;

  test('vGPU 17+: a 1Q type on one VF of the L40S while another VF runs a 2Q (another VM): a warning on the mdev value', () => {
    const [f, ...rest] = run(fixture('l40s-sriov'), BASE + 'hostpci0: 0000:41:00.4,mdev=nvidia-1162\n');
    assert.equal(rest.length, 0);
    assert.deepEqual([f.range, f.level], [r(6, 28, 39), 'warning']);
    assert.ok(f.message.startsWith('Time-sliced vGPUs of different sizes on 0000:41:00.0: NVIDIA L40S-1Q 1 GB on this VM (hostpci0, VF 0000:41:00.4); NVIDIA L40S-2Q 2 GB on VF 0000:41:00.5 (host sysfs).'), f.message);
    assert.match(f.message, TAIL);
    // The same size as the other VF's: nothing.
    assert.deepEqual(run(fixture('l40s-sriov'), BASE + 'hostpci0: 0000:41:00.4,mdev=nvidia-1163\n'), []);
  });

  test("this VM's own VFs are not counted twice: two sizes inside this config are reported once, on the first", () => {
    const text = BASE + 'hostpci0: 0000:41:00.4,mdev=nvidia-1162\nhostpci1: 0000:41:00.5,mdev=nvidia-1163\n';
    const fs = run(fixture('l40s-sriov'), text);
    assert.deepEqual(fs.map((f) => f.range), [r(6, 28, 39)]);
    assert.match(fs[0].message, /NVIDIA L40S-1Q 1 GB on this VM \(hostpci0, VF 0000:41:00\.4\); NVIDIA L40S-2Q 2 GB on this VM \(hostpci1, VF 0000:41:00\.5\) \(host sysfs\)/);
    assert.deepEqual(run(fixture('l40s-sriov'), text.replace('nvidia-1162', 'nvidia-1163')), []);
  });

  test('mdev-capable GPU: an 8C next to the host\'s existing 4C mdev; the 4C itself is fine', () => {
    const [f] = run(fixture('a100-80gb'), BASE + 'hostpci0: 0000:83:00.0,mdev=nvidia-693\n');
    assert.deepEqual([f.range, f.level], [r(6, 28, 38), 'warning']);
    assert.ok(f.message.startsWith('Time-sliced vGPUs of different sizes on 0000:83:00.0: GRID A100D-8C 8 GB on this VM (hostpci0); GRID A100D-4C 4 GB on mdev c2177883-f1bb-47f0-914d-32a22e3a8804 (host sysfs).'), f.message);
    assert.deepEqual(run(fixture('a100-80gb'), BASE + 'hostpci0: 0000:83:00.0,mdev=nvidia-692\n'), []);
  });

  test("the running VM's own mdev (Proxmox's uuid from the VMID of <vmid>.conf and the hostpci index) is not another VM's", () => {
    const a100 = fixture('a100-80gb');
    const own = '00000000-0000-0000-0000-000000000100'; // VM 100, hostpci0 (PCI/Mdev.pm generate_mdev_uuid)
    const host = Object.assign(Object.create(a100) as typeof a100, { mdevs: () => [{ uuid: own, typeId: 'nvidia-692', parent: '0000:83:00.0' }] });
    const text = BASE + 'hostpci0: 0000:83:00.0,mdev=nvidia-693\n';
    assert.deepEqual(run(host, text, 'file:///etc/pve/qemu-server/100.conf'), []);
    const [other] = run(host, text, 'file:///etc/pve/qemu-server/101.conf');
    assert.match(other.message, /GRID A100D-4C 4 GB on mdev 00000000-0000-0000-0000-000000000100 \(host sysfs\)/);
    // hostpci1 of VM 100 would be 00000001-…-000000000100: not this one.
    assert.equal(run(host, BASE + 'hostpci1: 0000:83:00.0,mdev=nvidia-693\n', 'file:///etc/pve/qemu-server/100.conf').length, 1);
  });

  test('a whole-VM rule, as libvirt/vgpu-mixed-profiles: silent while a line cannot be read', () => {
    const text = BASE + 'hostpci0: 0000:41:00.4,mdev=nvidia-1162\n';
    assert.equal(run(fixture('l40s-sriov'), text).length, 1);
    assert.deepEqual(run(fixture('l40s-sriov'), text + 'this is not a config line\n'), []);
  });

  test('without a host inventory, nothing', () => {
    assert.deepEqual(only(BASE + 'hostpci0: 0000:41:00.4,mdev=nvidia-1162\n', 'proxmox/vgpu-mixed-profiles'), []);
  });
});

describe('proxmox/numa', () => {
  const { createSysfsInventory } = require('../../server/src/host/sysfs') as typeof import('../../server/src/host/sysfs');
  const h100 = createSysfsInventory(join(__dirname, '..', 'fixtures', 'sysfs', 'h100-vf')); // the H100 on node 1 (CPUs 16-31,48-63)
  const run = (text: string) => new LanguageService({ host: () => h100 }).findings({ uri: URI, text }, DEFAULT_SETTINGS).filter((f) => f.ruleId === 'proxmox/numa');
  const NODE0 = 'numa: 1\nnuma0: cpus=0-7,hostnodes=0,memory=16384,policy=bind\naffinity: 0-7\n';

  test('memory (numa: 1, hostnodes=0) and vCPU threads (affinity 0-7) on node 0, the GPU on node 1: a hint on the hostpci key', () => {
    const fs = run(BASE + NODE0 + 'hostpci0: 0000:c1:00.0\n');
    assert.deepEqual(fs.map((f) => [f.range, f.level]), [[r(9, 0, 8), 'hint']]);
    assert.equal(fs[0].message, '0000:c1:00.0 sits on NUMA node 1 (host sysfs: numa_node), but hostnodes= puts memory on host node 0 and affinity runs the VM on CPUs of node 0: GPU DMA and interrupts then cross the socket link. Use hostnodes= and affinity of node 1 (node 1 has CPUs 16-31,48-63)');
  });

  test('hostnodes= counts only with numa: 1 (Proxmox ignores numaN otherwise); affinity alone still counts', () => {
    const [f] = run(BASE + NODE0.replace('numa: 1', 'numa: 0') + 'hostpci0: 0000:c1:00.0\n');
    assert.match(f.message, /, but affinity runs the VM on CPUs of node 0: /);
  });

  test('a whole-VM rule, as libvirt/numa: silent while a line cannot be read, back once it can', () => {
    const text = BASE + NODE0 + 'hostpci0: 0000:c1:00.0\n';
    assert.equal(run(text).length, 1);
    assert.deepEqual(run(text + 'this is not a config line\n'), []);
  });

  test('CPU lists are bounded: at most 65,536 values in all, so a pasted megabyte is no placement (and no slow parse)', () => {
    const { parseSet } = require('../../server/src/host/numa') as typeof import('../../server/src/host/numa');
    assert.equal(parseSet('0-4096,'.repeat(10) + '1')?.size, 4097);
    assert.equal(parseSet('0-4096,'.repeat(20) + '1'), undefined);
    assert.deepEqual([...parseSet('0;2-3', ';')!], [0, 2, 3]);
    assert.deepEqual(run(BASE + `affinity: ${'0-4096,'.repeat(140_000)}1\nhostpci0: 0000:c1:00.0\n`), []);
  });

  test('placed on the GPU\'s node, or spanning it, or not placed at all: nothing', () => {
    assert.deepEqual(run(BASE + 'numa: 1\nnuma0: cpus=0-7,hostnodes=1,memory=16384,policy=bind\naffinity: 16-23\nhostpci0: 0000:c1:00.0\n'), []);
    assert.deepEqual(run(BASE + 'numa: 1\nnuma0: cpus=0-7,hostnodes=0;1,memory=16384,policy=interleave\naffinity: 0-31\nhostpci0: 0000:c1:00.0\n'), []);
    assert.deepEqual(run(BASE + 'hostpci0: 0000:c1:00.0\n'), []);
    // A malformed affinity is not read as a placement (Proxmox itself rejects it: pve-cpuset).
    assert.deepEqual(run(BASE + 'affinity: 0-x\nhostpci0: 0000:c1:00.0\n'), []);
  });
});

describe('proxmox hover on the aperture and address completion', () => {
  test('hover on the X-PciMmio64Mb number shows each device need and the suggested size', () => {
    const text = BASE + 'bios: ovmf\nmachine: q35\ncpu: host\nhostpci0: 0000:3b:00.0,pcie=1\nargs: -fw_cfg name=opt/ovmf/X-PciMmio64Mb,string=65536\n';
    const h = svc.hover({ uri: URI, text }, { line: 10, character: 50 }, SETTINGS)!;
    const v = (h.contents as { value: string }).value;
    assert.match(v, /^\*\*X-PciMmio64Mb\*\* = 65536 MiB \(64 GiB\)/);
    assert.match(v, /hostpci0 \(0000:3b:00\.0\) \(A100 PCIe 80 GB\): 128 GB \+ 32 MB of 64-bit BARs → a 256 GiB root-port window/);
    assert.match(v, /at least 262144 MiB/);
  });
  test('after "hostpci0: " the host\'s display devices are offered (geforce-usbc fixture)', () => {
    const { createSysfsInventory } = require('../../server/src/host/sysfs') as typeof import('../../server/src/host/sysfs');
    const host = createSysfsInventory(join(__dirname, '..', 'fixtures', 'sysfs', 'geforce-usbc'));
    const text = BASE + 'hostpci0: \n';
    const labels = new LanguageService({ host: () => host }).complete({ uri: URI, text }, { line: 6, character: 10 }, DEFAULT_SETTINGS).map((i) => i.label);
    assert.ok(labels.includes('0000:09:00.0') && labels.includes('0000:00:02.0'), labels.join(', '));
    assert.ok(!labels.includes('0000:09:00.1'));
  });
});
