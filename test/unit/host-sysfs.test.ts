import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createSysfsInventory, parseCreatableVgpuTypes, parseResource } from '../../server/src/host/sysfs';

const fixtures = path.resolve(__dirname, '..', 'fixtures', 'sysfs');
const GIB = 1024;

describe('sysfs host inventory', () => {
  test('A100 80 GB: ids, class and BAR sizes from the resource file (ROM skipped)', () => {
    const inv = createSysfsInventory(path.join(fixtures, 'a100-80gb'));
    const dev = inv.device('0000:83:00.0');
    assert.ok(dev);
    assert.equal(dev.vendorId, 0x10de);
    assert.equal(dev.deviceId, '20b5');
    assert.equal(dev.subsystemVendorId, 0x10de);
    assert.equal(dev.subsystemId, '1533');
    assert.equal(dev.classCode, 0x030200);
    assert.deepEqual(dev.bars, [
      { index: 0, sizeMb: 16, is64Bit: false, prefetchable: false },
      { index: 1, sizeMb: 128 * GIB, is64Bit: true, prefetchable: true },
      { index: 3, sizeMb: 32, is64Bit: true, prefetchable: true },
    ]);
    assert.deepEqual(dev.creatableVgpuTypes, []);
  });

  test('A100 80 GB: mdev types with names, descriptions and available instances', () => {
    const inv = createSysfsInventory(path.join(fixtures, 'a100-80gb'));
    const types = inv.mdevTypes('0000:83:00.0');
    assert.deepEqual(
      types.map((t) => [t.id, t.name, t.availableInstances, t.parent]),
      [
        ['nvidia-692', 'GRID A100D-4C', 19, '0000:83:00.0'],
        ['nvidia-693', 'GRID A100D-8C', 0, '0000:83:00.0'],
        ['nvidia-694', 'GRID A100D-10C', 0, '0000:83:00.0'],
        ['nvidia-695', 'GRID A100D-16C', 0, '0000:83:00.0'],
      ],
    );
    assert.equal(types[0].description, 'num_heads=1, frl_config=60, framebuffer=4096M, max_resolution=4096x2160, max_instance=20');
    assert.deepEqual(inv.mdevTypes().map((t) => t.id), ['nvidia-692', 'nvidia-693', 'nvidia-694', 'nvidia-695']);
    assert.deepEqual(inv.mdevTypes('0000:84:00.0'), []);
  });

  test('existing mdevs: type from the mdev_type symlink, parent from its resolved path', () => {
    const inv = createSysfsInventory(path.join(fixtures, 'a100-80gb'));
    assert.deepEqual(inv.mdevs(), [{ uuid: 'c2177883-f1bb-47f0-914d-32a22e3a8804', typeId: 'nvidia-692', parent: '0000:83:00.0' }]);
  });

  test('mdev_type as a plain file (tree copied without symlinks) is accepted', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'sysfs-'));
    try {
      const dir = path.join(root, 'bus', 'mdev', 'devices', '0d2ee2a6-7a2c-4c3e-9d5e-0a3b8f6c1e21');
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, 'mdev_type'), 'nvidia-290\n');
      fs.writeFileSync(path.join(dir, 'parent'), '0000:3B:00.0\n');
      assert.deepEqual(createSysfsInventory(root).mdevs(), [
        { uuid: '0d2ee2a6-7a2c-4c3e-9d5e-0a3b8f6c1e21', typeId: 'nvidia-290', parent: '0000:3b:00.0' },
      ]);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  test('L40S SR-IOV: PF BARs, VF creatable vGPU types', () => {
    const inv = createSysfsInventory(path.join(fixtures, 'l40s-sriov'));
    assert.deepEqual(inv.devices().map((d) => d.address), ['0000:41:00.0', '0000:41:00.4', '0000:41:00.5']);
    const pf = inv.device('0000:41:00.0');
    assert.deepEqual(pf?.bars.map((b) => [b.index, b.sizeMb]), [[0, 16], [1, 64 * GIB], [3, 32]]);
    const vf = inv.device('0000:41:00.4');
    assert.ok(vf);
    assert.equal(vf.deviceId, '26b9');
    assert.deepEqual(vf.bars, []);
    assert.deepEqual(vf.creatableVgpuTypes, [
      { id: '1155', name: 'NVIDIA L40S-1B' },
      { id: '1156', name: 'NVIDIA L40S-2B' },
      { id: '1162', name: 'NVIDIA L40S-1Q' },
      { id: '1163', name: 'NVIDIA L40S-2Q' },
      { id: '1170', name: 'NVIDIA L40S-48C' },
    ]);
    assert.deepEqual(vf.mdevTypes, []);
    assert.deepEqual(inv.mdevs(), []);
  });

  test('only canonical lspci addresses; nothing outside the root is read', () => {
    const inv = createSysfsInventory(path.join(fixtures, 'a100-80gb'));
    assert.equal(inv.device('83:00.0'), undefined);
    assert.equal(inv.device('0000:83:00.0/../../../../l40s-sriov/bus/pci/devices/0000:41:00.0'), undefined);
    assert.equal(inv.device('../0000:83:00.0'), undefined);
    assert.ok(inv.device('0000:83:00.0'));
    assert.ok(inv.device('0000:83:00.0'.toUpperCase()), 'hex case does not matter');
  });

  test('a root that does not exist gives an empty inventory, no exception', () => {
    const inv = createSysfsInventory(path.join(fixtures, 'no-such-root'));
    assert.deepEqual(inv.devices(), []);
    assert.deepEqual(inv.mdevTypes(), []);
    assert.deepEqual(inv.mdevs(), []);
    assert.equal(inv.device('0000:83:00.0'), undefined);
    assert.equal(inv.root, path.join(fixtures, 'no-such-root'));
  });

  test('reads lazily and caches per root', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'sysfs-'));
    try {
      const dev = path.join(root, 'bus', 'pci', 'devices', '0000:01:00.0');
      fs.mkdirSync(dev, { recursive: true });
      fs.writeFileSync(path.join(dev, 'vendor'), '0x10de\n');
      fs.writeFileSync(path.join(dev, 'device'), '0x2331\n');
      const inv = createSysfsInventory(root);
      assert.equal(createSysfsInventory(root), inv, 'same object per root');
      assert.equal(inv.device('0000:01:00.0')?.deviceId, '2331');
      fs.writeFileSync(path.join(dev, 'device'), '0x2335\n');
      assert.equal(inv.device('0000:01:00.0')?.deviceId, '2331', 'a device directory is read once');
      assert.deepEqual(inv.device('0000:01:00.0')?.bars, [], 'missing resource file: no BARs');
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  test('a FIFO, a device or a huge file named like an attribute is skipped, never read (a FIFO would block forever)', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'sysfs-fifo-'));
    try {
      const devices = path.join(root, 'bus', 'pci', 'devices');
      const fifoVendor = path.join(devices, '0000:01:00.0');
      fs.mkdirSync(fifoVendor, { recursive: true });
      execFileSync('mkfifo', [path.join(fifoVendor, 'vendor')]);
      fs.writeFileSync(path.join(fifoVendor, 'device'), '0x2331\n');
      const gpu = path.join(devices, '0000:02:00.0');
      fs.mkdirSync(path.join(gpu, 'mdev_supported_types', 'nvidia-289'), { recursive: true });
      fs.writeFileSync(path.join(gpu, 'vendor'), '0x10de\n');
      fs.writeFileSync(path.join(gpu, 'device'), '0x20b5\n');
      execFileSync('mkfifo', [path.join(gpu, 'resource')]);
      execFileSync('mkfifo', [path.join(gpu, 'mdev_supported_types', 'nvidia-289', 'name')]);
      fs.symlinkSync('/dev/zero', path.join(gpu, 'class'));
      fs.writeFileSync(path.join(gpu, 'subsystem_device'), Buffer.alloc(2 * 1024 * 1024, 0x31));
      // In a child process with a deadline: a blocking read would hang this test runner for good.
      const script = `const { createSysfsInventory } = require(${JSON.stringify(path.resolve(__dirname, '..', '..', 'server', 'src', 'host', 'sysfs.ts'))});
        const inv = createSysfsInventory(${JSON.stringify(root)});
        process.stdout.write(JSON.stringify({ devices: inv.devices(), mdevTypes: inv.mdevTypes() }));`;
      const r = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], { encoding: 'utf8', timeout: 20_000 });
      assert.equal(r.signal, null, `reading the tree did not finish within 20 s (killed by ${String(r.signal)}): a read blocked`);
      assert.equal(r.status, 0, r.stderr);
      const got = JSON.parse(r.stdout) as { devices: { address: string; deviceId: string; bars: unknown[]; classCode?: number; subsystemId?: string }[]; mdevTypes: { id: string; name?: string }[] };
      // The device whose vendor is a FIFO is not a device; the other has no BARs, class or subsystem id, and an unnamed type.
      assert.deepEqual(got.devices.map((d) => [d.address, d.deviceId, d.bars, d.classCode, d.subsystemId]), [['0000:02:00.0', '20b5', [], undefined, undefined]]);
      assert.deepEqual(got.mdevTypes, [{ id: 'nvidia-289', parent: '0000:02:00.0' }]);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  test('host facts: group, driver, boot_vga, reset_method, numa_node, rom, read through relative links as the kernel makes them', () => {
    const inv = createSysfsInventory(path.join(fixtures, 'geforce-usbc'));
    const gpu = inv.device('0000:09:00.0');
    assert.ok(gpu);
    assert.deepEqual(
      [gpu.iommuGroup, gpu.driver, gpu.bootVga, gpu.resetMethods, gpu.numaNode, gpu.hasRom, gpu.classCode],
      ['15', 'vfio-pci', false, ['bus'], undefined, true, 0x030000],
    );
    assert.deepEqual(inv.iommuGroupMembers('15'), ['0000:09:00.0', '0000:09:00.1', '0000:09:00.2', '0000:09:00.3']);
    assert.deepEqual(['0000:09:00.1', '0000:09:00.2', '0000:09:00.3'].map((a) => inv.device(a)?.driver), ['snd_hda_intel', 'xhci_hcd', 'nvidia-gpu']);
    assert.equal(inv.device('0000:00:02.0')?.bootVga, true);
    assert.deepEqual(inv.iommuGroupMembers('../15'), [], 'a group name is a number');
    assert.deepEqual(createSysfsInventory(path.join(fixtures, 'no-reset')).device('0000:0c:00.0')?.resetMethods, [], 'an empty reset_method is "no reset", not "unknown"');
  });

  test('SR-IOV and vGPU 17+: sriov_totalvfs/numvfs, virtfnN and physfn links, current_vgpu_type; NUMA nodes; interfaces that are up', () => {
    const h100 = createSysfsInventory(path.join(fixtures, 'h100-vf'));
    const pf = h100.device('0000:c1:00.0');
    assert.deepEqual([pf?.sriov, pf?.virtfns, pf?.numaNode, pf?.driver], [{ totalVfs: 32, numVfs: 2 }, ['0000:c1:00.4', '0000:c1:00.5'], 1, 'nvidia']);
    const vf = h100.device('0000:c1:00.4');
    assert.deepEqual([vf?.physfn, vf?.currentVgpuType, vf?.creatableVgpuTypes.length, vf?.driver], ['0000:c1:00.0', '1063', 7, 'nvidia-vgpu-vfio']);
    assert.equal(h100.device('0000:c1:00.5')?.currentVgpuType, '0');
    assert.deepEqual(h100.numaNodes().map((n) => [n.node, n.cpus.size, n.cpus.has(16), n.cpus.has(48)]), [[0, 32, false, false], [1, 32, true, true]]);
    const a100 = createSysfsInventory(path.join(fixtures, 'a100-sriov-off')).device('0000:3b:00.0');
    assert.deepEqual(a100?.sriov, { totalVfs: 20, numVfs: 0 });
    const nic = createSysfsInventory(path.join(fixtures, 'nvme-shared-group')).device('0000:04:00.0');
    assert.deepEqual([nic?.netUp, nic?.classCode], [['enp4s0'], 0x020000]);
  });

  test('only regular files and symlinks inside the root are opened: a FIFO and links escaping the root are never followed', () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sysfs-escape-'));
    const root = path.join(tmp, 'root');
    const outside = path.join(tmp, 'outside');
    try {
      fs.cpSync(path.join(fixtures, 'geforce-usbc'), root, { recursive: true, verbatimSymlinks: true });
      fs.mkdirSync(path.join(outside, 'dev'), { recursive: true });
      fs.writeFileSync(path.join(outside, 'vendor'), '0x1234\n');
      fs.writeFileSync(path.join(outside, 'dev', 'vendor'), '0x1234\n');
      fs.writeFileSync(path.join(outside, 'dev', 'device'), '0x5678\n');
      const gpuDir = path.join(root, 'devices', 'pci0000:00', '0000:00:01.0', '0000:09:00.0');
      // numa_node becomes a FIFO, vendor of the audio function a link out of the root, a whole device a link out.
      fs.rmSync(path.join(gpuDir, 'numa_node'));
      execFileSync('mkfifo', [path.join(gpuDir, 'numa_node')]);
      const audioDir = path.join(root, 'devices', 'pci0000:00', '0000:00:01.0', '0000:09:00.1');
      fs.rmSync(path.join(audioDir, 'vendor'));
      fs.symlinkSync(path.relative(audioDir, path.join(outside, 'vendor')), path.join(audioDir, 'vendor'));
      fs.symlinkSync(path.relative(path.join(root, 'bus', 'pci', 'devices'), path.join(outside, 'dev')), path.join(root, 'bus', 'pci', 'devices', '0000:0a:00.0'));
      fs.mkdirSync(path.join(root, 'kernel', 'iommu_groups', '99'), { recursive: true });
      fs.symlinkSync(path.relative(path.join(root, 'kernel', 'iommu_groups', '99'), outside), path.join(root, 'kernel', 'iommu_groups', '99', 'devices'));
      // Every open() the inventory makes is recorded (in a child process with a deadline: a FIFO read would block).
      const script = `const fs = require('node:fs');
        const opened = [];
        const open = fs.openSync;
        fs.openSync = (p, ...rest) => { opened.push(String(p)); return open(p, ...rest); };
        const { createSysfsInventory } = require(${JSON.stringify(path.resolve(__dirname, '..', '..', 'server', 'src', 'host', 'sysfs.ts'))});
        const inv = createSysfsInventory(${JSON.stringify(root)});
        const devices = inv.devices().map((d) => ({ address: d.address, vendorId: d.vendorId, numaNode: d.numaNode }));
        const group99 = inv.iommuGroupMembers('99');
        process.stdout.write(JSON.stringify({ devices, group99, opened }));`;
      const r = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], { encoding: 'utf8', timeout: 20_000 });
      assert.equal(r.signal, null, 'a read blocked');
      assert.equal(r.status, 0, r.stderr);
      const got = JSON.parse(r.stdout) as { devices: { address: string; vendorId: number; numaNode?: number }[]; group99: string[]; opened: string[] };
      assert.deepEqual(got.devices.map((d) => d.address), ['0000:00:01.0', '0000:00:02.0', '0000:09:00.0', '0000:09:00.2', '0000:09:00.3'], 'the audio function (vendor outside) and the escaping device are not read');
      assert.equal(got.devices.find((d) => d.address === '0000:09:00.0')?.numaNode, undefined, 'the FIFO is not read');
      assert.deepEqual(got.group99, []);
      assert.ok(got.opened.length > 20);
      const realRoot = fs.realpathSync(root);
      for (const p of got.opened) {
        assert.ok(p.startsWith(realRoot + path.sep), `opened outside the root: ${p}`);
        assert.ok(fs.lstatSync(p).isFile(), `opened something that is not a regular file: ${p}`);
      }
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });

  test('malformed files never throw', () => {
    assert.deepEqual(parseResource('garbage\n0xzz 0x1 0x200\n\n'), []);
    assert.deepEqual(parseResource('0x0000000000001000 0x000000000000107f 0x0000000000040101\n'), [], 'I/O ports are not memory BARs');
    assert.deepEqual(parseCreatableVgpuTypes('ID    : vGPU Name\n\nnot a line\n'), []);
  });
});
