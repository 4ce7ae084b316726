// The bundled `vgpu-lint` on libvirt domain and node-device XML with the same options as VMX:
// --sysfs-root (a fake sysfs tree read for real), --no-host, --format json, --fix.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { buildBundles, repoRoot } from './support/bundles';

const SYSFS = path.join(repoRoot, 'test', 'fixtures', 'sysfs', 'a100-80gb');
let cliJs = '';

interface Report {
  file: string;
  diagnostics: { code: string; severity: number; range: { start: { line: number; character: number } }; message: string }[];
}

function lint(args: string[], cwd: string): { code: number | null; reports: Report[]; stderr: string } {
  const r = spawnSync(process.execPath, [cliJs, '--format', 'json', '--rule', 'libvirt/schema=off', ...args], { cwd, encoding: 'utf8', env: { ...process.env, GITHUB_ACTIONS: '' } });
  return { code: r.status, reports: JSON.parse(r.stdout || '[]') as Report[], stderr: r.stderr };
}

const codes = (r: Report[]) => r.flatMap((x) => x.diagnostics.map((d) => `${d.range.start.line}:${d.code}`));

// A BIOS q35 domain with the GPU at 0000:83:00.0 (the fake sysfs has an A100 80 GB there).
const DOMAIN = `<domain type='kvm'>
  <name>gpu</name>
  <memory unit='GiB'>16</memory>
  <os>
    <type arch='x86_64' machine='q35'>hvm</type>
  </os>
  <features>
    <hyperv mode='custom'>
      <relaxed state=‘on’/>
    </hyperv>
  </features>
  <devices>
    <hostdev mode='subsystem' type='pci' managed='yes'>
      <source>
        <address domain='0x0000' bus='0x83' slot='0x00' function='0x0'/>
      </source>
    </hostdev>
  </devices>
</domain>
`;

const NODEDEV = `<device>
  <name>mdev_3627463d_b7f0_4fea_b468_f1da537d301b</name>
  <parent>pci_0000_83_00_0</parent>
  <capability type='mdev'>
    <type id='nvidia-299'/>
    <uuid>3627463d-b7f0-4fea-b468-f1da537d301b</uuid>
  </capability>
</device>
`;

describe('vgpu-lint on libvirt XML', () => {
  before(async () => {
    cliJs = (await buildBundles()).cli;
  });

  test('--sysfs-root: the GPU at the hostdev address is read from sysfs and sized (SeaBIOS places it; under OVMF → mmio-window)', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'vgpu-lint-xml-'));
    writeFileSync(path.join(dir, 'domain.xml'), DOMAIN);
    writeFileSync(path.join(dir, 'efi.xml'), DOMAIN.replace('  <os>', "  <os firmware='efi'>"));
    const r = lint(['--sysfs-root', SYSFS, 'domain.xml', 'efi.xml'], dir);
    assert.equal(r.code, 1, r.stderr);
    assert.deepEqual(r.reports.map((x) => x.file), ['domain.xml', 'efi.xml']);
    const bios = codes([r.reports[0]]);
    assert.ok(bios.includes('8:xml/smart-quotes'), bios.join(', '));
    assert.ok(!bios.some((c) => /libvirt\/(bios-large-bar|mmio-window|phys-bits)$/.test(c)), bios.join(', '));
    assert.ok(codes([r.reports[1]]).includes('14:libvirt/mmio-window'), codes([r.reports[1]]).join(', '));
    const mmio = r.reports[1].diagnostics.find((d) => d.code === 'libvirt/mmio-window')!;
    assert.equal(mmio.severity, 1);
    assert.match(mmio.message, /A100 PCIe 80 GB\): 128 GB \+ 32 MB of 64-bit BARs → a 256 GiB root-port window/);
  });

  test('--sysfs-root: a complete UEFI/q35 domain with a 256 GB aperture gets no warning or error (schemas on when installed)', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'vgpu-lint-xml-'));
    const complete = readFileSync(path.join(repoRoot, 'test', 'fixtures', 'libvirt', 'a100-80gb-complete.xml'), 'utf8').replace("bus='0x3b'", "bus='0x83'");
    writeFileSync(path.join(dir, 'complete.xml'), complete);
    const r = spawnSync(process.execPath, [cliJs, '--format', 'json', '--sysfs-root', SYSFS, 'complete.xml'], { cwd: dir, encoding: 'utf8', env: { ...process.env, GITHUB_ACTIONS: '' } });
    assert.equal(r.status, 0, r.stdout + r.stderr);
    const reports = JSON.parse(r.stdout) as Report[];
    assert.deepEqual(reports[0].diagnostics.filter((d) => d.severity <= 2).map((d) => d.code), []);
    // The same file with the GPU's aperture halved is caught, so the clean result above is not vacuous.
    writeFileSync(path.join(dir, 'small.xml'), complete.replace('string=262144', 'string=131072'));
    assert.ok(codes(lint(['--sysfs-root', SYSFS, 'small.xml'], dir).reports).some((c) => c.endsWith(':libvirt/mmio-window')));
  });

  test('--no-host: nothing is read from sysfs, so the GPU cannot be sized (info), and no firmware error', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'vgpu-lint-xml-'));
    writeFileSync(path.join(dir, 'domain.xml'), DOMAIN);
    const r = lint(['--no-host', '--sysfs-root', SYSFS, 'domain.xml'], dir);
    const got = codes(r.reports);
    assert.ok(!got.some((c) => c.endsWith('libvirt/bios-large-bar')), got.join(', '));
    const unknown = r.reports[0].diagnostics.find((d) => d.code === 'libvirt/unknown-gpu');
    assert.ok(unknown, got.join(', '));
    assert.equal(unknown.severity, 3);
  });

  test('node-device XML: a type the host does not offer → unknown-mdev-type naming the offered ones', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'vgpu-lint-xml-'));
    writeFileSync(path.join(dir, 'mdev.xml'), NODEDEV);
    const r = lint(['--sysfs-root', SYSFS, 'mdev.xml'], dir);
    const d = r.reports[0].diagnostics.find((x) => x.code === 'libvirt/unknown-mdev-type');
    assert.ok(d, codes(r.reports).join(', '));
    assert.equal(d.range.start.line, 4);
    assert.match(d.message, /nvidia-692/);
    assert.match(d.message, /A100D-4C/);
  });

  test('--fix straightens the smart quotes in place and changes no other byte', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'vgpu-lint-xml-'));
    const file = path.join(dir, 'domain.xml');
    writeFileSync(file, DOMAIN);
    lint(['--fix', '--no-host', 'domain.xml'], dir);
    assert.equal(readFileSync(file, 'utf8'), DOMAIN.replace('state=‘on’', "state='on'"));
  });

  test('a folder: libvirt XML is linted, other XML is skipped without a diagnostic', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'vgpu-lint-xml-'));
    writeFileSync(path.join(dir, 'domain.xml'), DOMAIN);
    writeFileSync(path.join(dir, 'pom.xml'), '<project><modelVersion>4.0.0</modelVersion><x a=‘b’/></project>\n');
    const r = lint(['--no-host', '.'], dir);
    const files = r.reports.filter((x) => x.diagnostics.length > 0).map((x) => x.file);
    assert.deepEqual(files, ['domain.xml']);
  });
});
