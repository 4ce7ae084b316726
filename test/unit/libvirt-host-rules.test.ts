// The host checks ("will this device actually attach?") on fake sysfs trees read for real, through the
// service, the bundled CLI (--sysfs-root) and the language server over stdio: rule id, range, severity,
// message and fixed text. A complete domain on each fixture host gets none of them, and without a host
// inventory they say nothing.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-protocol';
import { createSysfsInventory } from '../../server/src/host/sysfs';
import { DEFAULT_SETTINGS } from '../../server/src/service/types';
import { applyEdits, domain, findingsOf, fixed, NO_HOST_SETTINGS, rangeOf, service } from './libvirt-helpers';
import { buildBundles } from './support/bundles';
import { startServer } from './support/lspClient';

const FIXTURES = path.resolve(__dirname, '..', 'fixtures', 'sysfs');
const HOST_RULES = ['libvirt/iommu-group', 'libvirt/host-driver', 'libvirt/boot-gpu', 'libvirt/reset', 'libvirt/rom', 'libvirt/vgpu-sriov', 'libvirt/vgpu-mixed-profiles', 'libvirt/numa'];
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'vgpu-host-rules-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

const efiOs = "  <os firmware='efi'>\n    <type arch='x86_64' machine='pc-q35-8.2'>hvm</type>\n  </os>";
function hostdev(address: string, opts: { managed?: string; inner?: string } = {}): string {
  const [d, b, sf] = address.split(':');
  const [s, f] = sf.split('.');
  return [
    `    <hostdev mode='subsystem' type='pci' managed='${opts.managed ?? 'yes'}'>`,
    '      <source>',
    `        <address domain='0x${d}' bus='0x${b}' slot='0x${s}' function='0x${f}'/>`,
    '      </source>',
    ...(opts.inner ? [opts.inner] : []),
    '    </hostdev>',
  ].join('\n');
}
const vm = (devices: string[], extra?: string) => domain({ os: efiOs, devices: devices.join('\n'), ...(extra ? { extra } : {}) });
const addressTag = (address: string) => {
  const [d, b, sf] = address.split(':');
  const [s, f] = sf.split('.');
  return `<address domain='0x${d}' bus='0x${b}' slot='0x${s}' function='0x${f}'/>`;
};

/** A copy of a fixture tree with some files rewritten (links kept as links). */
function variant(tree: string, name: string, files: Record<string, string>): string {
  const root = path.join(tmp, name);
  fs.cpSync(path.join(FIXTURES, tree), root, { recursive: true, verbatimSymlinks: true });
  for (const [f, text] of Object.entries(files)) fs.writeFileSync(path.join(root, f), text);
  return root;
}

/** A synthetic PCI option ROM image: 0x55AA, PCIR at 0x40 with vendor/device, after `pad` bytes of header. */
function romImage(vendor: number, device: number, pad = 0): Buffer {
  const img = Buffer.alloc(2048);
  img[0] = 0x55;
  img[1] = 0xaa;
  img[2] = 4;
  img.writeUInt16LE(0x40, 0x18);
  img.write('PCIR', 0x40, 'latin1');
  img.writeUInt16LE(vendor, 0x44);
  img.writeUInt16LE(device, 0x46);
  return Buffer.concat([Buffer.from('NVGI'.padEnd(pad, '\0')).subarray(0, pad), img]);
}
const romFile = (name: string, bytes: Buffer) => {
  const p = path.join(tmp, name);
  fs.writeFileSync(p, bytes);
  return p;
};

interface Case {
  name: string;
  rule: string;
  root: string;
  text: string;
  /** What the finding's range covers. */
  at: string;
  severity: 'error' | 'warning' | 'info' | 'hint';
  message: RegExp;
  fixed?: string;
  uri?: string;
}

const GEFORCE = path.join(FIXTURES, 'geforce-usbc');
const geforceAll = ['0000:09:00.0', '0000:09:00.1', '0000:09:00.2', '0000:09:00.3'];
const mixedRoot = () => variant('l40s-sriov', 'l40s-mixed', { 'bus/pci/devices/0000:41:00.4/nvidia/current_vgpu_type': '1162\n' });
const wrongTypeRoot = () => variant('h100-vf', 'h100-wrong-type', { 'devices/pci0000:c0/0000:c0:01.1/0000:c1:00.4/nvidia/current_vgpu_type': '1064\n' });

function cases(): Case[] {
  const wrongRom = romFile('other.rom', romImage(0x10de, 0x2204));
  const romVm = (file: string) => vm([hostdev('0000:09:00.0', { inner: `      <rom file='${file}'/>` }), ...geforceAll.slice(1).map((a) => hostdev(a))]);
  return [
    {
      name: 'a GeForce whose audio, USB and UCSI functions stay on host drivers',
      rule: 'libvirt/iommu-group',
      root: GEFORCE,
      text: vm([hostdev('0000:09:00.0')]),
      at: addressTag('0000:09:00.0'),
      severity: 'error',
      message: /^IOMMU group 15 of 0000:09:00\.0 is not viable: 0000:09:00\.1 \(audio 0x0403, driver snd_hda_intel\); 0000:09:00\.2 \(USB 0x0c03, driver xhci_hcd\); 0000:09:00\.3 \(serial bus \(UCSI\) 0x0c80, driver nvidia-gpu\) are in the group, neither assigned to this VM nor bound to vfio-pci\/pci-stub/,
      fixed: vm(geforceAll.map((a) => hostdev(a))),
    },
    {
      name: 'a GPU in the chipset group with the NVMe system disk and the NIC that is up: called out, no fix',
      rule: 'libvirt/iommu-group',
      root: path.join(FIXTURES, 'nvme-shared-group'),
      text: vm([hostdev('0000:05:00.0'), hostdev('0000:05:00.1')]),
      at: addressTag('0000:05:00.0'),
      severity: 'error',
      message: /IOMMU group 12 of 0000:05:00\.0 is not viable: 0000:01:00\.0 \(USB 0x0c03, driver xhci_hcd\); 0000:01:00\.1 \(SATA storage 0x0106, driver ahci\); 0000:03:00\.0 \(NVMe storage 0x0108, driver nvme\); 0000:04:00\.0 \(Ethernet 0x0200, driver igc, interface enp4s0 up\).*0000:03:00\.0 is a storage controller: the host loses its disks; 0000:04:00\.0 is a network device whose interface enp4s0 is up.*move the GPU to a slot with its own group/,
    },
    {
      name: "managed='no' on the audio function that is still on snd_hda_intel",
      rule: 'libvirt/host-driver',
      root: GEFORCE,
      text: vm([hostdev('0000:09:00.0'), hostdev('0000:09:00.1', { managed: 'no' }), hostdev('0000:09:00.2'), hostdev('0000:09:00.3')]),
      at: addressTag('0000:09:00.1'),
      severity: 'error',
      message: /^0000:09:00\.1 is bound to snd_hda_intel \(host sysfs: bus\/pci\/devices\/0000:09:00\.1\/driver\), and managed='no' tells libvirt not to detach it: QEMU cannot open it/,
      fixed: vm(geforceAll.map((a) => hostdev(a))),
    },
    {
      name: "managed='yes' on a GPU bound to nvidia: a hint",
      rule: 'libvirt/host-driver',
      root: path.join(FIXTURES, 'h100-vf'),
      text: vm([hostdev('0000:c1:00.0')]),
      at: addressTag('0000:c1:00.0'),
      severity: 'hint',
      message: /^0000:c1:00\.0 is bound to the nvidia driver.*nvidia-persistenced/,
    },
    {
      name: 'the boot VGA',
      rule: 'libvirt/boot-gpu',
      root: path.join(FIXTURES, 'boot-vga'),
      text: vm([hostdev('0000:01:00.0'), hostdev('0000:01:00.1')]),
      at: addressTag('0000:01:00.0'),
      severity: 'warning',
      message: /^0000:01:00\.0 is the host's boot GPU \(host sysfs: boot_vga = 1\).*"BAR 0: can't reserve".*initcall_blacklist=sysfb_init.*video=efifb:off/,
    },
    {
      name: 'a Navi 10 with an empty reset_method',
      rule: 'libvirt/reset',
      root: path.join(FIXTURES, 'no-reset'),
      text: vm([hostdev('0000:0c:00.0'), hostdev('0000:0c:00.1')]),
      at: addressTag('0000:0c:00.0'),
      severity: 'warning',
      message: /^0000:0c:00\.0 has no usable reset: its reset_method is empty.*1002:731f \(AMD Navi 10\) is on the reset-bug list of gnif\/vendor-reset, src\/device-db\.h.*the next start fails/,
    },
    {
      name: "a ROM file for another GPU (PCIR 10de:2204 on a 10de:21c4)",
      rule: 'libvirt/rom',
      root: GEFORCE,
      text: romVm(wrongRom),
      at: `'${wrongRom}'`,
      severity: 'error',
      message: /is for 10de:2204 \(its PCIR structure\), but 0000:09:00\.0 is 10de:21c4 \(host sysfs\)/,
    },
    {
      name: 'a VF without a vGPU type',
      rule: 'libvirt/vgpu-sriov',
      root: path.join(FIXTURES, 'l40s-sriov'),
      text: vm([hostdev('0000:41:00.4', { managed: 'no' })]),
      at: addressTag('0000:41:00.4'),
      severity: 'error',
      message: /^VF 0000:41:00\.4 of 0000:41:00\.0 has no vGPU type \(host sysfs: bus\/pci\/devices\/0000:41:00\.4\/nvidia\/current_vgpu_type = 0\).*1155 \(NVIDIA L40S-1B\), 1156 \(NVIDIA L40S-2B\), 1162 \(NVIDIA L40S-1Q\), 1163 \(NVIDIA L40S-2Q\), 1170 \(NVIDIA L40S-48C\)$/,
    },
    {
      name: 'an 2Q vGPU VF next to a 1Q one on the same L40S',
      rule: 'libvirt/vgpu-mixed-profiles',
      root: mixedRoot(),
      text: vm([hostdev('0000:41:00.5', { managed: 'no' })]),
      at: addressTag('0000:41:00.5'),
      severity: 'warning',
      message: /^Time-sliced vGPUs of different sizes on 0000:41:00\.0: NVIDIA L40S-2Q 2 GB on this VM \(VF 0000:41:00\.5\); NVIDIA L40S-1Q 1 GB on VF 0000:41:00\.4 \(host sysfs\).*sysfs does not show that mode/,
    },
    {
      name: 'vCPUs and memory on node 0, the H100 VF on node 1',
      rule: 'libvirt/numa',
      root: path.join(FIXTURES, 'h100-vf'),
      text: vm([hostdev('0000:c1:00.4', { managed: 'no' })], "  <cputune>\n    <vcpupin vcpu='0' cpuset='2'/>\n    <vcpupin vcpu='1' cpuset='3'/>\n  </cputune>\n  <numatune>\n    <memory mode='strict' nodeset='0'/>\n  </numatune>"),
      at: addressTag('0000:c1:00.4'),
      severity: 'hint',
      message: /^0000:c1:00\.4 sits on NUMA node 1 \(host sysfs: numa_node\), but <numatune> puts memory on node 0 and the vCPUs are pinned to CPUs of node 0.*node 1 has CPUs 16-31,48-63/,
    },
    {
      name: "function 1 on a guest slot whose function 0 lacks multifunction='on' (static)",
      rule: 'libvirt/guest-address',
      root: GEFORCE,
      text: vm([guestDev('0', '0x0'), guestDev('1', '0x1')]),
      at: "<address type='pci' domain='0x0000' bus='0x05' slot='0x00' function='0x1'/>",
      severity: 'error',
      message: /^Function 0x1 of guest slot 0x0000:0x05:0x00 needs multifunction='on' on function 0 \(line 13\)/,
      fixed: vm([guestDev('0', '0x0', " multifunction='on'"), guestDev('1', '0x1')]),
    },
  ];
}

const guestDev = (hostFn: string, guestFn: string, mf = '') =>
  `    <hostdev mode='subsystem' type='pci' managed='yes'>\n      <source>\n        ${addressTag(`0000:09:00.${hostFn}`)}\n      </source>\n      <address type='pci' domain='0x0000' bus='0x05' slot='0x00' function='${guestFn}'${mf}/>\n    </hostdev>`;

const CASES = cases();

describe('host rules through the service (fake sysfs trees read for real)', () => {
  for (const c of CASES) {
    test(`${c.rule}: ${c.name}`, () => {
      const host = createSysfsInventory(c.root);
      const fs_ = findingsOf(c.text, { host }).filter((f) => f.ruleId === c.rule);
      assert.equal(fs_.length, 1, JSON.stringify(fs_, null, 1));
      assert.equal(fs_[0].level, c.severity);
      assert.deepEqual(fs_[0].range, rangeOf(c.text, c.at));
      assert.match(fs_[0].message, c.message);
      assert.ok(fs_[0].message.length < 1500, 'message stays bounded');
      if (c.fixed) assert.equal(fixed(c.text, fs_[0]), c.fixed);
      else assert.equal(fs_[0].fixes, undefined, 'no fix offered');
      // Without the host inventory the host rules say nothing.
      assert.deepEqual(findingsOf(c.text, { settings: NO_HOST_SETTINGS }).filter((f) => HOST_RULES.includes(f.ruleId)), []);
    });
  }

  test('libvirt/iommu-group: an unassigned member already on vfio-pci, and PCI bridges, keep the group viable', () => {
    const text = vm([hostdev('0000:0a:00.0')]);
    const host = createSysfsInventory(path.join(FIXTURES, 'nvme-shared-group'));
    assert.equal(host.device('0000:0a:00.1')?.driver, 'vfio-pci');
    assert.deepEqual(findingsOf(text, { host }).filter((f) => f.ruleId === 'libvirt/iommu-group'), []);
  });

  test('libvirt/boot-gpu with managed=yes also gets the host-driver hint about the console', () => {
    const c = CASES.find((x) => x.rule === 'libvirt/boot-gpu')!;
    const hints = findingsOf(c.text, { host: createSysfsInventory(c.root) }).filter((f) => f.ruleId === 'libvirt/host-driver');
    assert.deepEqual(hints.map((h) => [h.level, h.range]), [['hint', rangeOf(c.text, addressTag('0000:01:00.0'))]]);
    assert.match(hints[0].message, /is the host's boot VGA \(host sysfs: boot_vga = 1\)/);
  });

  describe('libvirt/rom: what the file is', () => {
    const host = createSysfsInventory(GEFORCE);
    const romVm = (file: string) => vm([hostdev('0000:09:00.0', { inner: `      <rom file='${file}'/>` }), ...geforceAll.slice(1).map((a) => hostdev(a))]);
    const romFindings = (file: string) => findingsOf(romVm(file), { host }).filter((f) => f.ruleId === 'libvirt/rom');
    test("this GPU's own ROM image is fine", () => {
      assert.deepEqual(romFindings(romFile('own.rom', romImage(0x10de, 0x21c4))), []);
    });
    test('an nvflash header before the image: the offset to strip', () => {
      const fsx = romFindings(romFile('header.rom', romImage(0x10de, 0x21c4, 1536)));
      assert.equal(fsx.length, 1);
      assert.match(fsx[0].message, /starts with 1536 bytes before the 0x55AA signature – an NVIDIA flash-tool \(nvflash\) header.*skip=1536/);
    });
    test('no signature, empty, missing', () => {
      assert.match(romFindings(romFile('text.rom', Buffer.from('not a rom\n'.repeat(100))))[0].message, /has no PCI option ROM image \(no 0x55AA signature/);
      assert.match(romFindings(romFile('empty.rom', Buffer.alloc(0)))[0].message, /is empty$/);
      assert.match(romFindings(path.join(tmp, 'no-such.rom'))[0].message, /does not exist: QEMU cannot load it/);
    });
    test('a FIFO or a directory is not opened (a FIFO read would block)', () => {
      const fifo = path.join(tmp, 'fifo.rom');
      execFileSync('mkfifo', [fifo]);
      assert.match(romFindings(fifo)[0].message, /is not a regular file \(a FIFO\); it was not opened/);
      assert.match(romFindings(tmp)[0].message, /is not a regular file \(a directory\)/);
    });
    test('a path longer than 200 characters is clipped in the message', () => {
      const long = '/' + 'x'.repeat(400) + '.rom';
      const m = romFindings(long)[0].message;
      assert.ok(m.length < 400, m);
      assert.match(m, /x…'/);
    });
  });

  describe('libvirt/vgpu-sriov: mdevs and node devices where vGPUs are VFs', () => {
    test('an mdev hostdev on a host whose vGPUs are SR-IOV VFs', () => {
      const text = vm(["    <hostdev mode='subsystem' type='mdev' model='vfio-pci'>\n      <source>\n        <address uuid='0d2ee2a6-7a2c-4c3e-9d5e-0a3b8f6c1e21'/>\n      </source>\n    </hostdev>"]);
      const f = findingsOf(text, { host: createSysfsInventory(path.join(FIXTURES, 'l40s-sriov')) }).filter((x) => x.ruleId === 'libvirt/vgpu-sriov');
      assert.deepEqual(f.map((x) => [x.level, x.range]), [['error', rangeOf(text, "<address uuid='0d2ee2a6-7a2c-4c3e-9d5e-0a3b8f6c1e21'/>")]]);
      assert.match(f[0].message, /^This host offers NVIDIA vGPUs on SR-IOV virtual functions \(0000:41:00\.4, 0000:41:00\.5\), not as mdevs/);
    });
    const nodedev = (parent: string) => `<device>\n  <name>mdev_x</name>\n  <parent>${parent}</parent>\n  <capability type='mdev'>\n    <type id='nvidia-1163'/>\n    <uuid>0d2ee2a6-7a2c-4c3e-9d5e-0a3b8f6c1e21</uuid>\n  </capability>\n</device>\n`;
    test('a node-device mdev whose parent offers vGPUs on its VFs', () => {
      const text = nodedev('pci_0000_41_00_0');
      const f = findingsOf(text, { host: createSysfsInventory(path.join(FIXTURES, 'l40s-sriov')) }).filter((x) => x.ruleId === 'libvirt/vgpu-sriov');
      assert.deepEqual(f.map((x) => [x.level, x.range]), [['error', rangeOf(text, 'parent', 0)]]);
      assert.match(f[0].message, /^0000:41:00\.0 offers vGPUs on SR-IOV virtual functions \(vGPU 17\+: 0000:41:00\.4, 0000:41:00\.5\), not as mdevs/);
    });
    test('a node-device mdev on an A100 whose SR-IOV is off', () => {
      const text = nodedev('pci_0000_3b_00_0');
      const f = findingsOf(text, { host: createSysfsInventory(path.join(FIXTURES, 'a100-sriov-off')) }).filter((x) => x.ruleId === 'libvirt/vgpu-sriov');
      assert.deepEqual(f.map((x) => [x.level, x.range]), [['error', rangeOf(text, 'parent', 0)]]);
      assert.match(f[0].message, /^SR-IOV is not enabled on 0000:3b:00\.0 \(host sysfs: sriov_numvfs = 0 of sriov_totalvfs = 20\).*sriov-manage -e 0000:3b:00\.0/);
    });
    test('a VF whose current type is not among its creatable types', () => {
      const text = vm([hostdev('0000:c1:00.4', { managed: 'no' })]);
      const f = findingsOf(text, { host: createSysfsInventory(wrongTypeRoot()) }).filter((x) => x.ruleId === 'libvirt/vgpu-sriov');
      assert.equal(f.length, 1);
      assert.match(f[0].message, /^VF 0000:c1:00\.4 has vGPU type 1064 .*not among its creatable_vgpu_types: 1057 \(NVIDIA H100-4C\)/);
    });
  });

  describe('libvirt/guest-address (static: no host needed)', () => {
    const dev = (hostFn: string, guestFn: string, mf = '') =>
      `    <hostdev mode='subsystem' type='pci' managed='yes'>\n      <source>\n        ${addressTag(`0000:09:00.${hostFn}`)}\n      </source>\n      <address type='pci' domain='0x0000' bus='0x05' slot='0x00' function='${guestFn}'${mf}/>\n    </hostdev>`;
    test("function 1 without multifunction='on' on function 0: the safe fix adds it", () => {
      const text = vm([dev('0', '0x0'), dev('1', '0x1')]);
      const f = findingsOf(text).filter((x) => x.ruleId === 'libvirt/guest-address');
      assert.equal(f.length, 1);
      assert.equal(f[0].level, 'error');
      assert.deepEqual(f[0].range, rangeOf(text, "<address type='pci' domain='0x0000' bus='0x05' slot='0x00' function='0x1'/>"));
      assert.match(f[0].message, /^Function 0x1 of guest slot 0x0000:0x05:0x00 needs multifunction='on' on function 0 \(line 13\)/);
      assert.equal(fixed(text, f[0]), vm([dev('0', '0x0', " multifunction='on'"), dev('1', '0x1')]));
      assert.equal(f[0].fixes![0].safe, true);
      assert.deepEqual(findingsOf(fixed(text, f[0])).filter((x) => x.ruleId === 'libvirt/guest-address'), []);
    });
    test('two devices on one guest address', () => {
      const text = vm([dev('0', '0x0', " multifunction='on'"), dev('1', '0x0')]);
      const f = findingsOf(text).filter((x) => x.ruleId === 'libvirt/guest-address');
      assert.equal(f.length, 1);
      assert.deepEqual(f[0].range, rangeOf(text, "<address type='pci' domain='0x0000' bus='0x05' slot='0x00' function='0x0'/>"));
      assert.match(f[0].message, /^Guest PCI address domain 0x0000 bus 0x05 slot 0x00 function 0 is already used on line 13/);
    });
  });
});

/** A complete, correct domain for each fixture host: none of the host findings. */
const COMPLETE: { tree: string; text: string }[] = [
  { tree: 'geforce-usbc', text: vm(geforceAll.map((a) => hostdev(a))) },
  { tree: 'a100-sriov-off', text: vm([hostdev('0000:3b:00.0')], "  <cputune>\n    <vcpupin vcpu='0' cpuset='4'/>\n  </cputune>\n  <numatune>\n    <memory mode='strict' nodeset='0'/>\n  </numatune>") },
  { tree: 'l40s-sriov', text: vm([hostdev('0000:41:00.5', { managed: 'no' })]) },
  { tree: 'h100-vf', text: vm([hostdev('0000:c1:00.4', { managed: 'no' })], "  <cputune>\n    <vcpupin vcpu='0' cpuset='16'/>\n    <vcpupin vcpu='1' cpuset='48'/>\n  </cputune>\n  <numatune>\n    <memory mode='strict' nodeset='1'/>\n  </numatune>") },
  { tree: 'nvme-shared-group', text: vm([hostdev('0000:0a:00.0'), hostdev('0000:0a:00.1')]) },
  { tree: 'boot-vga', text: vm([hostdev('0000:02:00.0'), hostdev('0000:02:00.1')]) },
  { tree: 'no-reset', text: vm([hostdev('0000:0d:00.0'), hostdev('0000:0d:00.1')]) },
];

describe('a complete domain on each fixture host gets none of the host findings', () => {
  for (const c of COMPLETE) {
    test(c.tree, () => {
      const all = findingsOf(c.text, { host: createSysfsInventory(path.join(FIXTURES, c.tree)) });
      assert.deepEqual(all.filter((f) => HOST_RULES.includes(f.ruleId) || f.ruleId === 'libvirt/guest-address').map((f) => `${f.ruleId}: ${f.message}`), []);
    });
  }
});

const SEVERITY_NUMBER = { error: 1, warning: 2, info: 3, hint: 4 } as const;

describe('host rules through the bundled CLI (--sysfs-root)', () => {
  let cliJs = '';
  before(async () => {
    cliJs = (await buildBundles()).cli;
  });
  for (const c of CASES) {
    test(`${c.rule}: ${c.name}`, () => {
      const dir = fs.mkdtempSync(path.join(tmp, 'cli-'));
      fs.writeFileSync(path.join(dir, 'vm.xml'), c.text);
      const run = (extra: string[]) => spawnSync(process.execPath, [cliJs, '--format', 'json', '--schema-dir', path.join(tmp, 'no-schemas'), ...extra, 'vm.xml'], { cwd: dir, encoding: 'utf8', env: { ...process.env, GITHUB_ACTIONS: '' } });
      const r = run(['--sysfs-root', c.root]);
      const reports = JSON.parse(r.stdout) as { diagnostics: Diagnostic[] }[];
      const ds = reports[0].diagnostics.filter((d) => d.code === c.rule);
      assert.equal(ds.length, 1, r.stdout + r.stderr);
      assert.equal(ds[0].severity, SEVERITY_NUMBER[c.severity]);
      assert.deepEqual(ds[0].range, rangeOf(c.text, c.at));
      assert.match(ds[0].message, c.message);
      assert.equal(r.status, reports[0].diagnostics.some((d) => d.severity === 1) ? 1 : 0);
      const none = JSON.parse(run(['--no-host']).stdout) as { diagnostics: Diagnostic[] }[];
      assert.deepEqual(none[0].diagnostics.filter((d) => HOST_RULES.includes(String(d.code))), [], '--no-host: nothing');
    });
  }
  test("libvirt/guest-address: --fix adds multifunction='on'", () => {
    const dir = fs.mkdtempSync(path.join(tmp, 'cli-fix-'));
    const dev = (fn: string, mf = '') => `    <hostdev mode='subsystem' type='pci' managed='yes'>\n      <source>\n        ${addressTag(`0000:09:00.${fn}`)}\n      </source>\n      <address type='pci' domain='0x0000' bus='0x05' slot='0x00' function='0x${fn}'${mf}/>\n    </hostdev>`;
    fs.writeFileSync(path.join(dir, 'vm.xml'), vm([dev('0'), dev('1')]));
    spawnSync(process.execPath, [cliJs, '--fix', '--no-host', '--schema-dir', path.join(tmp, 'no-schemas'), 'vm.xml'], { cwd: dir, encoding: 'utf8' });
    assert.equal(fs.readFileSync(path.join(dir, 'vm.xml'), 'utf8'), vm([dev('0', " multifunction='on'"), dev('1')]));
  });
});

describe('host rules through the language server over stdio', () => {
  for (const c of CASES) {
    test(`${c.rule}: ${c.name}`, async () => {
      const { server } = await buildBundles();
      const client = await startServer(server);
      try {
        client.configuration = { host: { enabled: true, sysfsRoot: c.root }, libvirt: { schemaDir: path.join(tmp, 'no-schemas') } };
        await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
        const uri = pathToFileURL(path.join(tmp, `${c.rule.replace('/', '-')}.xml`)).href;
        const published = client.diagnostics(uri, (p) => p.diagnostics.some((d) => d.code === c.rule));
        await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'xml', version: 1, text: c.text } });
        const ds = (await published).diagnostics.filter((d) => d.code === c.rule);
        assert.equal(ds.length, 1);
        assert.equal(ds[0].severity, SEVERITY_NUMBER[c.severity]);
        assert.deepEqual(ds[0].range, rangeOf(c.text, c.at));
        assert.match(ds[0].message, c.message);
        if (c.fixed) {
          const actions = await client.connection.sendRequest<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: ds[0].range, context: { diagnostics: [ds[0]], only: ['quickfix'] } });
          const action = actions.find((a) => a.diagnostics?.[0]?.code === c.rule)!;
          assert.ok(action, JSON.stringify(actions));
          assert.equal(applyEdits(c.text, action.edit!.changes![uri]), c.fixed);
        }
      } finally {
        await client.close();
      }
    });
  }
});

describe('hover and code lens on a hostdev show what the host knows', () => {
  const host = createSysfsInventory(GEFORCE);
  const text = vm([hostdev('0000:09:00.0'), hostdev('0000:09:00.1')]);
  test('hover: model and BARs, the IOMMU group members with class and driver, reset method, NUMA node', () => {
    const pos = rangeOf(text, addressTag('0000:09:00.0')).start;
    const h = service(host).hover({ uri: 'file:///vm.xml', text }, { line: pos.line, character: pos.character + 3 }, DEFAULT_SETTINGS);
    const value = (h?.contents as { value: string }).value;
    assert.match(value, /\*\*hostdev 0000:09:00\.0\*\*/);
    assert.match(value, /BARs: /);
    assert.match(value, /\*\*IOMMU group 15\*\* \(2 of 4 functions assigned to this VM\):/);
    assert.match(value, /- `0000:09:00\.1` audio 0x0403, driver `snd_hda_intel` – assigned/);
    assert.match(value, /- `0000:09:00\.2` USB 0x0c03, driver `xhci_hcd`\n/);
    assert.match(value, /- `0000:09:00\.3` serial bus \(UCSI\) 0x0c80, driver `nvidia-gpu`/);
    assert.match(value, /reset: bus/);
    const h100 = createSysfsInventory(path.join(FIXTURES, 'h100-vf'));
    const vfText = vm([hostdev('0000:c1:00.4', { managed: 'no' })]);
    const p2 = rangeOf(vfText, addressTag('0000:c1:00.4')).start;
    const v2 = (service(h100).hover({ uri: 'file:///vf.xml', text: vfText }, { line: p2.line, character: p2.character + 3 }, DEFAULT_SETTINGS)?.contents as { value: string }).value;
    assert.match(v2, /reset: flr · NUMA node 1 · SR-IOV VF of `0000:c1:00\.0` · vGPU type: 1063 \(NVIDIA H100-40C\)/);
  });
  test('code lens: "IOMMU group 15: 2 of 4 functions assigned (2 not)" on the first hostdev of the group', () => {
    const lenses = service(host).codeLenses({ uri: 'file:///vm.xml', text }, DEFAULT_SETTINGS).filter((l) => l.command?.title.startsWith('IOMMU'));
    assert.deepEqual(lenses.map((l) => [l.command?.title, l.range]), [['IOMMU group 15: 2 of 4 functions assigned (2 not)', rangeOf(text, addressTag('0000:09:00.0'))]]);
    assert.deepEqual(service().codeLenses({ uri: 'file:///vm.xml', text }, NO_HOST_SETTINGS).filter((l) => l.command?.title.startsWith('IOMMU')), [], 'no host: no group lens');
  });
});

describe('completion in a hostdev address offers the vGPU VFs with their types', () => {
  test('L40S: both VFs, the current type or the creatable ones, replacing the whole <address/>', () => {
    const host = createSysfsInventory(path.join(FIXTURES, 'l40s-sriov'));
    const text = vm([hostdev('0000:41:00.0', { managed: 'no' })]);
    const tag = addressTag('0000:41:00.0');
    const r = rangeOf(text, tag);
    const at = { line: r.start.line, character: r.start.character + tag.indexOf("bus='") + 6 };
    const items = service(host).complete({ uri: 'file:///vm.xml', text }, at, DEFAULT_SETTINGS).filter((i) => i.label.startsWith('0000:41'));
    assert.deepEqual(items.map((i) => [i.label, i.detail]), [
      ['0000:41:00.4', 'VF of 0000:41:00.0 – no vGPU type yet'],
      ['0000:41:00.5', 'VF of 0000:41:00.0 – type 1163 (NVIDIA L40S-2Q)'],
    ]);
    assert.match((items[0].documentation as { value: string }).value, /Creatable vGPU types: 1155 \(NVIDIA L40S-1B\), 1156 \(NVIDIA L40S-2B\), 1162 \(NVIDIA L40S-1Q\), 1163 \(NVIDIA L40S-2Q\), 1170 \(NVIDIA L40S-48C\)/);
    const edit = items[1].textEdit as { range: typeof r; newText: string };
    assert.equal(applyEdits(text, [edit]), vm([hostdev('0000:41:00.5', { managed: 'no' })]));
    assert.deepEqual(service().complete({ uri: 'file:///vm.xml', text }, at, NO_HOST_SETTINGS).filter((i) => i.label.startsWith('0000:41')), [], 'no host: nothing offered');
  });
});
