// The firmware is the judge: for every row the lab measured (test/lab/truth-table.json, made by `npm run lab`
// booting the real SeaBIOS and OVMF), an equivalent libvirt domain — its devices' BARs read from a fake sysfs
// tree, the OVMF version from a fake package database — goes through the real analysis. The verdicts of
// libvirt/mmio-window and libvirt/phys-bits, and every address the model predicts, must equal what the
// firmware did. libvirt/bios-large-bar is retired: it must never appear.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSysfsInventory } from '../../server/src/host/sysfs';
import { analyseLibvirt } from '../../server/src/libvirt/analyse';
import { DEFAULT_SETTINGS } from '../../server/src/service/types';

interface LabDevice { bdf: string; barBytes: number; firmwareStart: string | null; finalStart: string | null; firmwareRaw: string }
interface LabRow {
  id: string;
  firmware: 'seabios' | 'ovmf';
  machine: 'q35' | 'pc';
  ramMiB: number;
  cpu: { arg: string; physBits: number | null; pdpe1gb: boolean };
  bars: number[];
  fwCfgMmio64Mb?: number | null;
  pciHole64Bytes?: number | null;
  observed: null | { vendor: string; guestPhysBits: number; pdpe1gb: boolean; devices: LabDevice[]; firmwarePlacedAll: boolean };
}
interface TruthTable { environment: { ovmf: string }; rows: LabRow[] }

const table = JSON.parse(readFileSync(join(__dirname, '..', 'lab', 'truth-table.json'), 'utf8')) as TruthTable;
const measured = table.rows.filter((r) => r.observed);
const tmp = mkdtempSync(join(tmpdir(), 'vgpu-oracle-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

const ovmfVersion = /^(\S+)/.exec(table.environment.ovmf)![1];

/** `-cpu` as the lab passed it → the libvirt <cpu> that makes QEMU do the same. */
function cpuXml(arg: string): string {
  const [model, ...opts] = arg.split(',');
  const lines = model === 'max' ? [] : [`<model fallback='forbid'>${model}</model>`];
  for (const o of opts) {
    const bits = /^phys-bits=(\d+)$/.exec(o);
    if (bits) lines.push(`<maxphysaddr mode='emulate' bits='${bits[1]}'/>`);
    else if (/^\+/.test(o)) lines.push(`<feature policy='require' name='${o.slice(1)}'/>`);
    else if (/^-/.test(o)) lines.push(`<feature policy='disable' name='${o.slice(1)}'/>`);
    else throw new Error(`unexpected -cpu option ${o}`);
  }
  return model === 'max' ? `<cpu mode='maximum'>${lines.join('')}</cpu>` : `<cpu mode='custom' match='exact'>${lines.join('')}</cpu>`;
}

/** A host root with sys/ (the devices) and var/lib/dpkg/status (the OVMF the lab ran). */
function fakeHost(row: LabRow): string {
  const root = join(tmp, row.id);
  row.observed!.devices.forEach((d, i) => {
    const dir = join(root, 'sys', 'bus', 'pci', 'devices', `0000:${(i + 1).toString(16).padStart(2, '0')}:00.0`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'vendor'), '0x1b36\n');
    writeFileSync(join(dir, 'device'), '0x0005\n');
    writeFileSync(join(dir, 'class'), '0x00ff00\n');
    // pci-testdev: BAR0 4 KiB 32-bit MMIO, BAR2 the 64-bit prefetchable membar; addresses from an imaginary host.
    const hex = (n: bigint) => `0x${n.toString(16).padStart(16, '0')}`;
    const base = 0x100000000000n * BigInt(i + 1);
    const size = BigInt(d.barBytes);
    const lines = [
      `${hex(0xfe000000n + BigInt(i) * 0x1000n)} ${hex(0xfe000fffn + BigInt(i) * 0x1000n)} 0x0000000000040200`,
      `${hex(0n)} ${hex(0n)} ${hex(0n)}`,
      `${hex(base)} ${hex(base + size - 1n)} 0x000000000014220c`,
      ...Array(4).fill(`${hex(0n)} ${hex(0n)} ${hex(0n)}`),
    ];
    writeFileSync(join(dir, 'resource'), lines.join('\n') + '\n');
  });
  mkdirSync(join(root, 'var', 'lib', 'dpkg'), { recursive: true });
  writeFileSync(join(root, 'var', 'lib', 'dpkg', 'status'), `Package: ovmf\nStatus: install ok installed\nVersion: ${ovmfVersion}\n\n`);
  return join(root, 'sys');
}

function domainXml(row: LabRow): string {
  const qemu = row.fwCfgMmio64Mb != null;
  const hole = row.pciHole64Bytes != null ? `<pcihole64 unit='KiB'>${row.pciHole64Bytes / 1024}</pcihole64>` : '';
  const hostdevs = row.observed!.devices.map(
    (_, i) => `    <hostdev mode='subsystem' type='pci' managed='yes'><source><address domain='0x0000' bus='0x${(i + 1).toString(16).padStart(2, '0')}' slot='0x00' function='0x0'/></source></hostdev>`,
  );
  return [
    `<domain type='qemu'${qemu ? " xmlns:qemu='http://libvirt.org/schemas/domain/qemu/1.0'" : ''}>`,
    `  <name>${row.id}</name>`,
    `  <memory unit='MiB'>${row.ramMiB}</memory>`,
    `  <os${row.firmware === 'ovmf' ? " firmware='efi'" : ''}><type arch='x86_64' machine='${row.machine}'>hvm</type></os>`,
    `  ${cpuXml(row.cpu.arg)}`,
    '  <devices>',
    `    <controller type='pci' index='0' model='${row.machine === 'q35' ? 'pcie-root' : 'pci-root'}'>${hole}</controller>`,
    ...hostdevs,
    '  </devices>',
    ...(qemu ? [`  <qemu:commandline><qemu:arg value='-fw_cfg'/><qemu:arg value='name=opt/ovmf/X-PciMmio64Mb,string=${row.fwCfgMmio64Mb}'/></qemu:commandline>`] : []),
    '</domain>',
  ].join('\n');
}

/**
 * Where the firmware programmed the BAR (the raw register value the guest kernel enumerated), or null when it left
 * it unassigned: 0, or the all-ones pattern sizing leaves behind (0xfff…000).
 */
function programmed(d: LabDevice): number | null {
  const raw = BigInt(d.firmwareRaw);
  if (raw === 0n || raw >= 1n << 56n) return null;
  return Number(raw);
}
/** Placed where the guest kept it (usable), as opposed to unassigned, or programmed where the guest cannot use it. */
function firmwareOk(d: LabDevice): boolean {
  const at = programmed(d);
  return at !== null && d.finalStart !== null && Number(BigInt(d.finalStart)) === at;
}

describe('firmware oracle: every measured lab row', () => {
  test(`the truth table has at least 40 measured rows (${measured.length})`, () => {
    assert.ok(measured.length >= 40, `only ${measured.length} measured rows`);
  });
  for (const row of measured) {
    test(row.id, () => {
      const settings = { ...DEFAULT_SETTINGS, host: { enabled: true, sysfsRoot: fakeHost(row) } };
      const text = domainXml(row);
      const a = analyseLibvirt(text, settings, createSysfsInventory(settings.host.sysfsRoot))!;
      const ids = a.findings.map((f) => f.ruleId);
      assert.ok(!ids.includes('libvirt/bios-large-bar'));
      const devices = row.observed!.devices;
      const unassigned = devices.some((d) => programmed(d) === null);
      const unusable = devices.some((d) => programmed(d) !== null && !firmwareOk(d));
      // The analysis ran on exactly one combination: the lab's CPU and the lab's OVMF, both decided.
      const fa = a.firmware!;
      assert.equal(fa.outcomes.length, 1, 'one scenario: TCG vendor and the host OVMF version are known');
      const result = fa.outcomes[0].result;
      const cpu = fa.outcomes[0].cpu.cpu;
      assert.equal(cpu.physBits, row.observed!.guestPhysBits, 'phys-bits as the guest saw them');
      assert.equal(cpu.pdpe1gb, row.observed!.pdpe1gb, '1 GiB pages as the guest saw them');
      assert.equal(cpu.vendor, row.observed!.vendor === 'GenuineIntel' ? 'intel' : row.observed!.vendor === 'AuthenticAMD' ? 'amd' : 'other');
      assert.deepEqual(
        result.devices.map((d) => d.placed && !d.beyondPhysBits),
        devices.map(firmwareOk),
        'per device: placed by the firmware where the guest can use it',
      );
      assert.deepEqual(result.devices.map((d) => d.placed), devices.map((d) => programmed(d) !== null), 'per device: programmed by the firmware at all');
      const mmio = a.findings.filter((f) => f.ruleId === 'libvirt/mmio-window');
      const phys = a.findings.filter((f) => f.ruleId === 'libvirt/phys-bits');
      assert.equal(mmio.length, row.firmware === 'ovmf' && unassigned ? 1 : 0, `libvirt/mmio-window: ${mmio.map((f) => f.message).join(' | ')}`);
      assert.equal(phys.length, unusable ? 1 : 0, `libvirt/phys-bits: ${phys.map((f) => f.message).join(' | ')}`);
      for (const f of [...mmio, ...phys]) assert.equal(f.severity ?? 'error', 'error', 'a decided fact is an error');
      // Every address the firmware programmed is the one the model predicts, device by device; BARs the model keeps
      // in SeaBIOS's 32-bit window were programmed below 4 GiB.
      devices.forEach((d, i) => {
        const at = programmed(d);
        const p = result.devices[i];
        if (p.below4G) assert.ok(at !== null && at < 2 ** 32, `device ${i}: below 4 GiB, got ${d.firmwareRaw}`);
        else assert.equal(p.placed ? `0x${p.start!.toString(16)}` : null, at === null ? null : `0x${at.toString(16)}`, `device ${i}: address`);
      });
    });
  }
});
