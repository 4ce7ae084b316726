// The installed OVMF's version decides verdicts the domain XML cannot: read from the package database beside the
// sysfs root (read-only, a regular file only), and used to pick one OVMF build instead of evaluating both.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { readOvmfVersion } from '../../server/src/host/firmware';
import { createSysfsInventory } from '../../server/src/host/sysfs';
import { analyseLibvirt } from '../../server/src/libvirt/analyse';
import { DEFAULT_SETTINGS } from '../../server/src/service/types';
import { domain, pciHostdev } from './libvirt-helpers';

function hostWith(status: string | undefined): string {
  const root = mkdtempSync(path.join(tmpdir(), 'vgpu-ovmf-'));
  const dev = path.join(root, 'sys', 'bus', 'pci', 'devices', '0000:3b:00.0');
  mkdirSync(dev, { recursive: true });
  writeFileSync(path.join(dev, 'vendor'), '0x10de\n');
  writeFileSync(path.join(dev, 'device'), '0x20b5\n');
  writeFileSync(path.join(dev, 'class'), '0x030200\n');
  writeFileSync(path.join(dev, 'resource'), ['0x00000000fa000000 0x00000000faffffff 0x0000000000040200', '0x0000380000000000 0x0000381fffffffff 0x000000000014220c', '0x0 0x0 0x0', '0x0000382000000000 0x0000382001ffffff 0x000000000014220c', '0x0 0x0 0x0', '0x0 0x0 0x0'].join('\n') + '\n');
  if (status !== undefined) {
    mkdirSync(path.join(root, 'var', 'lib', 'dpkg'), { recursive: true });
    writeFileSync(path.join(root, 'var', 'lib', 'dpkg', 'status'), status);
  }
  return root;
}

const stanza = (pkg: string, version: string) => `Package: ${pkg}\nStatus: install ok installed\nArchitecture: all\nVersion: ${version}\nDescription: x\n\n`;

test('Debian, Ubuntu and older version strings give the edk2 release', () => {
  for (const [version, release] of [['2022.11-6+deb12u2', 202211], ['2022.02-3ubuntu0.22.04.1', 202202], ['2024.02-2', 202402], ['0~20191122.bd85bf54-2', 201911]] as const) {
    const root = hostWith(stanza('qemu-system-x86', '1:7.2') + stanza('ovmf', version));
    assert.deepEqual(readOvmfVersion(root), { version, release, source: path.join(root, 'var', 'lib', 'dpkg', 'status') });
  }
  assert.equal(readOvmfVersion(hostWith(stanza('ovmf-ia32', '2022.11-6'))), undefined, 'only the ovmf package');
  assert.equal(readOvmfVersion(hostWith(undefined)), undefined, 'no package database');
});

test('a FIFO in place of the package database is never opened', () => {
  const root = hostWith(undefined);
  mkdirSync(path.join(root, 'var', 'lib', 'dpkg'), { recursive: true });
  const fifo = path.join(root, 'var', 'lib', 'dpkg', 'status');
  const made = spawnSync('mkfifo', [fifo]).status === 0;
  assert.ok(made, 'mkfifo');
  assert.equal(readOvmfVersion(root), undefined);
});

test('the host OVMF decides the build: 2022.02 → the classic window only, 2022.11 → the dynamic one, unknown → both', () => {
  const efi = "  <os firmware='efi'>\n    <type arch='x86_64' machine='q35'>hvm</type>\n  </os>";
  const epyc = "  <cpu mode='custom' match='exact'>\n    <model fallback='forbid'>EPYC</model>\n  </cpu>";
  const text = domain({ os: efi, extra: epyc, devices: pciHostdev() });
  const builds = (status: string | undefined) => {
    const sys = path.join(hostWith(status), 'sys');
    const a = analyseLibvirt(text, { ...DEFAULT_SETTINGS, host: { enabled: true, sysfsRoot: sys } }, createSysfsInventory(sys))!;
    return [...new Set(a.firmware!.outcomes.map((o) => o.build.build))];
  };
  assert.deepEqual(builds(stanza('ovmf', '2022.02-3ubuntu0.22.04.1')), ['ovmf-classic']);
  assert.deepEqual(builds(stanza('ovmf', '2022.11-6+deb12u2')), ['ovmf-dynamic']);
  assert.deepEqual(builds(undefined), ['ovmf-dynamic', 'ovmf-classic']);
});
