// VMX → libvirt / Proxmox conversion: golden outputs for representative GPU VMs (test/fixtures/convert), every libvirt
// output clean under the product's own rules (no error) and valid for libvirt's own validator (virt-xml-validate), and
// the same for every valid .vmx of the corpus that has a GPU.
import type { VmxAnalysis } from '../../server/src/vmx/analyse';
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { preloadLibvirtSchemaValidator } from '../../server/src/libvirt/schema';
import { LanguageService } from '../../server/src/service/languageService';
import type { Settings } from '../../server/src/service/types';
import { TEST_SETTINGS } from '../helpers/vmx';
import { buildBundles } from './support/bundles';

const repoRoot = path.resolve(__dirname, '..', '..');
const FIXTURES = path.join(repoRoot, 'test', 'fixtures', 'convert');
const CORPUS = path.join(repoRoot, 'test', 'corpus', 'vmx');
const GOLDEN = ['single-gpu-efi', 'two-gpus-mmio', 'vgpu', 'nested-esxi', 'bios-t4'];
const UPDATE = process.env.UPDATE_GOLDEN === '1';

const service = new LanguageService({ client: 'cli' });

function convert(name: string, text: string, target: 'libvirt' | 'proxmox', settings: Settings = TEST_SETTINGS): string {
  const r = service.convert({ uri: `file:///vms/${name}.vmx`, text }, target, settings);
  assert.ok(r, `${name}: not converted (not a .vmx?)`);
  assert.ok(r.ok, `${name}: ${JSON.stringify(!r.ok && r.problems)}`);
  return r.text;
}

/** The GPU models the .vmx names, by host address: the libvirt analysis then sizes the same BARs. */
function gpuMapOf(name: string, text: string): Record<string, string> {
  const a = service.analyse({ uri: `file:///vms/${name}.vmx`, text }, TEST_SETTINGS);
  const map: Record<string, string> = {};
  const r = service.convert({ uri: `file:///vms/${name}.vmx`, text }, 'libvirt', TEST_SETTINGS);
  if (!r?.ok) return map;
  for (const d of a.kind === 'vmx' ? (a as VmxAnalysis).model.devices : []) {
    const m = new RegExp(`<!-- ${d.label}: [^>]*host address ([0-9a-f:.]+)`).exec(r.text);
    if (d.gpu && m) map[m[1]] = d.gpu.id;
  }
  return map;
}

/** Error-level findings of the product on the converted domain. */
function errorsOf(xml: string, gpuMap: Record<string, string>): string[] {
  const settings: Settings = { ...TEST_SETTINGS, gpuMap };
  return service
    .diagnose({ uri: 'file:///converted/domain.xml', text: xml }, settings)
    .filter((d) => d.severity === DiagnosticSeverity.Error)
    .map((d) => `${d.range.start.line + 1}: ${d.code}: ${d.message}`);
}

const virtXmlValidate = spawnSync('virt-xml-validate', ['--version'], { encoding: 'utf8' }).status === 0;
const work = mkdtempSync(path.join(tmpdir(), 'vgpu-convert-'));

function libvirtValidate(xml: string, name: string): void {
  if (!virtXmlValidate) return;
  const file = path.join(work, `${name}.xml`);
  writeFileSync(file, xml);
  const r = spawnSync('virt-xml-validate', [file, 'domain'], { encoding: 'utf8' });
  assert.equal(r.status, 0, `${name}: virt-xml-validate failed:\n${r.stdout}${r.stderr}`);
}

before(async () => {
  await preloadLibvirtSchemaValidator();
  if (!virtXmlValidate) console.warn('SKIPPED: virt-xml-validate (libvirt-clients) is not installed: libvirt outputs are not checked by libvirt itself');
});

describe('convert: golden outputs', () => {
  for (const name of GOLDEN) {
    const text = readFileSync(path.join(FIXTURES, `${name}.vmx`), 'utf8');
    for (const target of ['libvirt', 'proxmox'] as const) {
      test(`${name} → ${target}`, () => {
        const out = convert(name, text, target);
        const golden = path.join(FIXTURES, `${name}.${target === 'libvirt' ? 'xml' : 'conf'}`);
        if (UPDATE) writeFileSync(golden, out);
        assert.equal(out, readFileSync(golden, 'utf8'));
        if (target === 'libvirt') {
          assert.deepEqual(errorsOf(out, gpuMapOf(name, text)), []);
          libvirtValidate(out, name);
        }
      });
    }
  }
});

describe('convert: facts each output carries', () => {
  const read = (name: string) => readFileSync(path.join(FIXTURES, `${name}.vmx`), 'utf8');

  test("ESXi's decimal pciPassthruN.id becomes the hex host address", () => {
    const xml = convert('single-gpu-efi', read('single-gpu-efi'), 'libvirt');
    assert.match(xml, /<address domain='0x0000' bus='0x3b' slot='0x00' function='0x0'\/>/);
    assert.match(convert('single-gpu-efi', read('single-gpu-efi'), 'proxmox'), /^hostpci0: 0000:3b:00\.0,pcie=1$/m);
  });

  test("two A100 40 GB: the aperture is the product's own suggestion for the converted domain", () => {
    const text = read('two-gpus-mmio');
    const xml = convert('two-gpus-mmio', text, 'libvirt');
    // Without the aperture, the product's libvirt/mmio-window rule asks for exactly this size.
    const without = xml.replace(/ xmlns:qemu='[^']*'/, '').replace(/\s*<qemu:commandline>[\s\S]*<\/qemu:commandline>/, '');
    const settings: Settings = { ...TEST_SETTINGS, gpuMap: gpuMapOf('two-gpus-mmio', text) };
    const mmio = service.findings({ uri: 'file:///converted/domain.xml', text: without }, settings).filter((f) => f.ruleId === 'libvirt/mmio-window');
    assert.ok(mmio.length > 0, 'expected libvirt/mmio-window on the domain without the aperture');
    const fixText = mmio.flatMap((f) => f.fixes ?? []).flatMap((f) => f.edits.map((e) => e.newText)).join('\n');
    assert.match(fixText, /string=262144/);
    assert.match(xml, /<qemu:arg value='name=opt\/ovmf\/X-PciMmio64Mb,string=262144'\/>/);
  });

  test('a Dynamic DirectPath device (allowedDevices, no .id): a placeholder naming the lspci query for matching GPUs', () => {
    const text = '.encoding = "UTF-8"\nconfig.version = "8"\nvirtualHW.version = "17"\nguestOS = "ubuntu-64"\nmemSize = "65536"\nfirmware = "efi"\nsched.mem.pin = "TRUE"\npciPassthru0.present = "TRUE"\npciPassthru0.allowedDevices = "0x10de:0x20b5"\n';
    const xml = convert('ddpio', text, 'libvirt');
    assert.match(xml, /^ {2}- pciPassthru0\.allowedDevices = "0x10de:0x20b5" \(Dynamic DirectPath I\/O: ESXi picks a matching device at power-on\) → a passed-through device whose host address you choose \(lspci -D -d 10de:20b5 lists the matching devices\)$/m);
    assert.match(xml, /<!-- pciPassthru0: NVIDIA A100 PCIe 80 GB \(10de:20b5\) -->\n\s*<!-- PLACEHOLDER: pciPassthru0 has no \.id; put the GPU's host address \(lspci -D -d 10de:20b5\) here -->/);
    assert.doesNotMatch(xml, /pciPassthru0\.\* \(/, 'allowedDevices is carried, not listed as dropped');
    libvirtValidate(xml, 'ddpio');
    assert.match(convert('ddpio', text, 'proxmox'), /^# - pciPassthru0: NVIDIA A100 PCIe 80 GB \(10de:20b5\); PLACEHOLDER: no \.id, put the host address \(lspci -D -d 10de:20b5\) in its hostpci line$/m);
  });

  test('a VMX with unreadable lines is not converted', () => {
    const r = service.convert({ uri: 'file:///vms/bad.vmx', text: 'memSize = "4096\nfirmware = “efi”\n' }, 'libvirt', TEST_SETTINGS);
    assert.ok(r && !r.ok);
    assert.deepEqual(
      r.problems.map((p) => p.line),
      [0, 1],
    );
  });

  test('a document that is not a .vmx is not converted', () => {
    assert.equal(service.convert({ uri: 'file:///vms/domain.xml', text: '<domain/>' }, 'libvirt', TEST_SETTINGS), undefined);
  });
});

function vmxFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) out.push(...vmxFiles(p));
    else if (/\.vmx$/i.test(name)) out.push(p);
  }
  return out.sort();
}

describe('convert: every valid corpus .vmx with a GPU', () => {
  const files = vmxFiles(CORPUS).filter((f) => /pcipassthru\d+\.present/i.test(readFileSync(f, 'utf8')));
  test('the corpus GPU VMs this suite converts', () =>
    assert.deepEqual(
      files.map((f) => path.relative(CORPUS, f).split(path.sep).join('/')),
      [
        'wild/doc-2x-rtx3090-esxi.fragment.vmx',
        'wild/doc-directpath-sample.fragment.vmx',
        'wild/doc-gpu-passthrough-quickref-p40.fragment.vmx',
        'wild/doc-k3s-gpu-agent-tesla-p40.fragment.vmx',
        'wild/doc-script-a100-heredoc.fragment.vmx',
        'wild/doc-sriov-connectx4-directpath.fragment.vmx',
      ],
    ));
  for (const file of files) {
    const rel = path.relative(CORPUS, file).split(path.sep).join('/');
    const text = readFileSync(file, 'utf8');
    const name = path.basename(file, '.vmx');
    const inputErrors = service.diagnose({ uri: `file:///vms/${name}.vmx`, text }, TEST_SETTINGS).filter((d) => d.severity === DiagnosticSeverity.Error);
    // Not a valid VMX (doc-2x-rtx3090-esxi: sched.mem.min = "<VM_MEMORY_MB>"): the output would carry its errors.
    if (inputErrors.length) continue;
    test(rel, () => {
      const xml = convert(name, text, 'libvirt');
      assert.deepEqual(errorsOf(xml, gpuMapOf(name, text)), []);
      libvirtValidate(xml, name.replace(/[^\w.-]/g, '_'));
      convert(name, text, 'proxmox');
    });
  }
});

describe('vgpu-lint convert', () => {
  let cliJs = '';
  before(async () => {
    cliJs = (await buildBundles()).cli;
  });
  const run = (args: string[]) => spawnSync(process.execPath, [cliJs, 'convert', ...args], { cwd: FIXTURES, encoding: 'utf8' });

  test('prints the golden output on stdout, exit 0', () => {
    const r = run(['--to', 'proxmox', '--no-host', 'two-gpus-mmio.vmx']);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, readFileSync(path.join(FIXTURES, 'two-gpus-mmio.conf'), 'utf8'));
    assert.equal(r.stderr, '');
  });

  test('unreadable lines: the problems on stderr, nothing on stdout, exit 1', () => {
    const file = path.join(work, 'broken.vmx');
    writeFileSync(file, 'memSize = "4096\n');
    const r = run(['--to', 'libvirt', '--no-host', file]);
    assert.equal(r.status, 1);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /broken\.vmx:1: /);
    assert.match(r.stderr, /not converted: fix these lines first\n$/);
  });

  test('--gpu ADDR=MODEL identifies a GPU the .vmx gives only by address: the aperture comes from its BARs', () => {
    const r = run(['--to', 'proxmox', '--no-host', '--gpu', '0000:03:00.0=A100-PCIE-80GB', 'nested-esxi.vmx']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^# - pciPassthru0: NVIDIA A100 PCIe 80 GB, host address 0000:03:00\.0 \(ESXi wrote it in decimal: 00000:003:00\.0\)$/m);
    assert.match(r.stdout, /^args: -fw_cfg name=opt\/ovmf\/X-PciMmio64Mb,string=262144$/m);
  });

  test('a vGPU profile → the mdev type id from the host inventory (the fake sysfs of an A100 80 GB host)', () => {
    const file = path.join(work, 'vgpu-a100d.vmx');
    writeFileSync(
      file,
      ['config.version = "8"', 'virtualHW.version = "19"', 'memSize = "32768"', 'firmware = "efi"', 'pciPassthru0.present = "TRUE"', 'pciPassthru0.virtualDev = "vmiop"', 'pciPassthru0.vgpu = "grid_a100d-4c"', 'sched.mem.pin = "TRUE"', ''].join('\n'),
    );
    const r = run(['--to', 'proxmox', '--sysfs-root', path.join(repoRoot, 'test', 'fixtures', 'sysfs', 'a100-80gb'), file]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^hostpci0: 0000:83:00\.0,mdev=nvidia-692,pcie=1$/m);
    assert.match(r.stdout, /^# - pciPassthru0\.vgpu = "grid_a100d-4c" → mdev type nvidia-692 \("GRID A100D-4C"\) of the host GPU 0000:83:00\.0, from the host inventory$/m);
  });

  test('bad usage: exit 2', () => {
    for (const args of [['single-gpu-efi.vmx'], ['--to', 'qemu', 'single-gpu-efi.vmx'], ['--to', 'libvirt'], ['--to', 'libvirt', 'domain.xml'], ['--to', 'libvirt', '--gpu', 'x', 'a.vmx']]) {
      const r = run(args);
      assert.equal(r.status, 2, args.join(' '));
      assert.match(r.stderr, /^vgpu-lint convert: /);
    }
  });
});

test('package.json contributes the two editor commands with their titles', () => {
  const pkg = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { contributes: { commands: { command: string; title: string }[] } };
  const titles = Object.fromEntries(pkg.contributes.commands.map((c) => [c.command, c.title]));
  assert.equal(titles['vgpuLint.convertToLibvirt'], 'Convert GPU settings to libvirt domain XML');
  assert.equal(titles['vgpuLint.convertToProxmox'], 'Convert GPU settings to Proxmox config');
});
