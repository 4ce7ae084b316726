// The bundled `vgpu-lint` CLI run as a process on temp files: exit codes, formats, --rule, --fix;
// and the fix-all logic it shares with the server.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { TextEdit } from 'vscode-languageserver-types';
import { applyEdits, fixAllEdits, fixToFixedPoint, lineDiffEdit, MAX_FIX_PASSES } from '../../server/src/service/fixAll';
import { LanguageService } from '../../server/src/service/languageService';
import { DEFAULT_SETTINGS } from '../../server/src/service/types';
import { applyEdits as fuzzApplyEdits } from '../fuzz/check';
import { applyEdits as helperApplyEdits } from '../helpers/applyEdits';
import { A2_BIOS } from '../helpers/fixtures';
import { applyEdits as libvirtApplyEdits } from './libvirt-helpers';
import { buildBundles } from './support/bundles';

let cliJs = '';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runCli(args: string[], cwd: string, env: Record<string, string> = {}): Run {
  const r = spawnSync(process.execPath, [cliJs, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, GITHUB_ACTIONS: '', ...env },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function tempDir(): string {
  return mkdtempSync(path.join(tmpdir(), 'vgpu-lint-cli-'));
}

const CLEAN = ['config.version = "8"', 'virtualHW.version = "19"', 'guestOS = "ubuntu-64"', 'memsize = "4096"', ''].join('\n');

describe('vgpu-lint CLI', () => {
  before(async () => {
    cliJs = (await buildBundles()).cli;
  });

  test('a clean file exits 0 and prints the summary', () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'clean.vmx'), CLEAN);
    const r = runCli(['clean.vmx'], dir);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout.trim(), '0 problems (0 errors, 0 warnings) in 1 file');
  });

  test('an error-level problem exits 1; text output has file:line:col severity code message and a code frame', () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'a2.vmx'), A2_BIOS);
    const r = runCli(['a2.vmx'], dir);
    assert.equal(r.code, 1, r.stdout + r.stderr);
    const lines = r.stdout.split('\n');
    const i = lines.findIndex((l) => l.startsWith('a2.vmx:9:1 error vmx/bios-large-bar '));
    assert.ok(i >= 0, r.stdout);
    assert.match(lines[i], /BIOS/);
    assert.equal(lines[i + 1], '  9 | pciPassthru0.deviceId = "0x25b6"');
    assert.equal(lines[i + 2], '    | ^^^^^^^^^^^^^^^^^^^^^');
    assert.match(r.stdout, /\n\d+ problems? \(1 error, \d+ warnings?.*\) in 1 file\n$/);
  });

  test('--format json prints one array with one entry per file and LSP diagnostics', () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, 'vms'));
    writeFileSync(path.join(dir, 'vms', 'a2.vmx'), A2_BIOS);
    writeFileSync(path.join(dir, 'vms', 'clean.vmx'), CLEAN);
    writeFileSync(path.join(dir, 'vms', 'pom.xml'), '<project><modelVersion>4.0.0</modelVersion></project>\n');
    writeFileSync(path.join(dir, 'vms', 'notes.txt'), 'not linted\n');
    const r = runCli(['--format', 'json', 'vms'], dir);
    assert.equal(r.code, 1, r.stderr);
    const out = JSON.parse(r.stdout) as { file: string; diagnostics: { code: string; severity: number; source: string; message: string; range: { start: { line: number; character: number } } }[] }[];
    // Non-libvirt XML and non-config files are skipped silently.
    assert.deepEqual(out.map((e) => e.file), [path.join('vms', 'a2.vmx'), path.join('vms', 'clean.vmx')]);
    const bios = out[0].diagnostics.find((d) => d.code === 'vmx/bios-large-bar');
    assert.ok(bios, JSON.stringify(out[0]));
    assert.equal(bios.severity, 1);
    assert.equal(bios.source, 'vgpu-lint');
    assert.deepEqual(bios.range.start, { line: 8, character: 0 });
    assert.deepEqual(out[1].diagnostics, []);
  });

  test('--rule ID=off silences a rule and the exit code follows', () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'a2.vmx'), A2_BIOS);
    const r = runCli(['--format', 'json', '--rule', 'vmx/bios-large-bar=off', 'a2.vmx'], dir);
    const out = JSON.parse(r.stdout) as { diagnostics: { code: string; severity: number }[] }[];
    assert.ok(!out[0].diagnostics.some((d) => d.code === 'vmx/bios-large-bar'));
    assert.equal(r.code, out[0].diagnostics.some((d) => d.severity === 1) ? 1 : 0);
    const warn = runCli(['--format', 'json', '--rule', 'vmx/bios-large-bar=warning', 'a2.vmx'], dir);
    const w = JSON.parse(warn.stdout) as { diagnostics: { code: string; severity: number }[] }[];
    assert.equal(w[0].diagnostics.find((d) => d.code === 'vmx/bios-large-bar')?.severity, 2);
  });

  test('a missing path exits 2 and names the path', () => {
    const dir = tempDir();
    const r = runCli(['does-not-exist.vmx'], dir);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /cannot read does-not-exist\.vmx: no such file or directory/);
  });

  test('bad usage exits 2 with the usage text', () => {
    const dir = tempDir();
    for (const args of [[], ['--format', 'xml', 'x.vmx'], ['--rule', 'vmx/syntax=loud', 'x.vmx'], ['--bogus', 'x.vmx'], ['--gpu', 'nonsense=A2', 'x.vmx']]) {
      const r = runCli(args, dir);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, /^vgpu-lint: .+\nusage: vgpu-lint/, args.join(' '));
    }
  });

  test('--rule with an unknown rule id and --gpu with an unknown model exit 2 naming the problem', () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'a2.vmx'), A2_BIOS);
    const rule = runCli(['--rule', 'vmx/unknownkey=off', 'a2.vmx'], dir);
    assert.equal(rule.code, 2, rule.stdout);
    assert.equal(rule.stdout, '');
    assert.match(rule.stderr, /^vgpu-lint: --rule vmx\/unknownkey: unknown rule id \(did you mean "vmx\/unknown-key"\?\)\nusage: vgpu-lint/);
    const far = runCli(['--rule', 'eslint/no-undef=off', 'a2.vmx'], dir);
    assert.equal(far.code, 2, far.stdout);
    assert.match(far.stderr, /^vgpu-lint: --rule eslint\/no-undef: unknown rule id \(rule ids look like "vmx\/unknown-key"/);
    const gpu = runCli(['--gpu', '83:00.0=A100-PCIE-80G', 'a2.vmx'], dir);
    assert.equal(gpu.code, 2, gpu.stdout);
    assert.match(gpu.stderr, /^vgpu-lint: --gpu: unknown GPU model "A100-PCIE-80G" \(did you mean "A100-PCIE-80GB"\?\)/);
  });

  test('--fix edits only the lines it must: CRLF, comments and other lines stay byte-identical', () => {
    const dir = tempDir();
    const original = [
      '# GPU VM template\t(keep this comment)',
      'config.version = "8"',
      'virtualHW.version = "19"',
      'guestOS = "ubuntu-64"',
      'vhv.enable = TRUE',
      '   memsize   =   "4096"   # odd spacing kept',
      'pciPassthru.set.usebitMMIO = "TRUE"',
      'displayName = "café ✓"',
      '',
    ].join('\r\n');
    const file = path.join(dir, 'tpl.vmx');
    writeFileSync(file, original);
    const r = runCli(['--fix', '--format', 'json', 'tpl.vmx'], dir);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    const after = readFileSync(file, 'utf8');
    const expected = original
      .replace('vhv.enable = TRUE', 'vhv.enable = "TRUE"')
      .replace('pciPassthru.set.usebitMMIO', 'pciPassthru.use64bitMMIO');
    assert.equal(after, expected);
    const remaining = JSON.parse(r.stdout) as { diagnostics: { code: string }[] }[];
    assert.ok(!remaining[0].diagnostics.some((d) => d.code === 'vmx/unquoted-value' || d.code === 'vmx/unknown-key'), r.stdout);
  });

  test('--fix leaves a file without fixable problems untouched (not even rewritten)', () => {
    const dir = tempDir();
    const file = path.join(dir, 'clean.vmx');
    writeFileSync(file, CLEAN);
    const before = readFileSync(file);
    runCli(['--fix', 'clean.vmx'], dir);
    assert.deepEqual(readFileSync(file), before);
  });

  test('bytes that are not UTF-8 and NUL bytes are analysed without a crash', () => {
    const dir = tempDir();
    const file = path.join(dir, 'binary.vmx');
    const bytes = Buffer.concat([Buffer.from('guestOS = "ubuntu-64"\n'), Buffer.from([0xff, 0xfe, 0x00, 0x80, 0x0a]), Buffer.from('vhv.enable = TRUE\n')]);
    writeFileSync(file, bytes);
    const r = runCli(['--fix', '--format', 'json', 'binary.vmx'], dir);
    assert.ok(r.code === 0 || r.code === 1, r.stderr);
    assert.doesNotMatch(r.stderr, /internal error/);
    const out = JSON.parse(r.stdout) as { diagnostics: { code: string }[] }[];
    assert.ok(out[0].diagnostics.length > 0);
    // Not valid UTF-8: --fix refuses to rewrite it rather than alter bytes.
    assert.deepEqual(readFileSync(file), bytes);
    assert.match(r.stderr, /not fixing 'binary\.vmx'/);
  });

  test('GITHUB_ACTIONS=true adds workflow annotations with escaped properties', () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'a,b.vmx'), A2_BIOS);
    const r = runCli(['a,b.vmx'], dir, { GITHUB_ACTIONS: 'true' });
    const line = r.stdout.split('\n').find((l) => l.startsWith('::error ') && l.includes('title=vmx/bios-large-bar'));
    assert.ok(line, r.stdout);
    assert.match(line, /^::error file=a%2Cb\.vmx,line=9,col=1,endLine=9,endColumn=\d+,title=vmx\/bios-large-bar::/);
    const plain = runCli(['a,b.vmx'], dir);
    assert.doesNotMatch(plain.stdout, /^::/m);
  });
});

describe('fix all (service/fixAll, used by --fix and the server command)', () => {
  const at = (l1: number, c1: number, l2: number, c2: number, newText: string): TextEdit => ({ range: { start: { line: l1, character: c1 }, end: { line: l2, character: c2 } }, newText });

  test('applyEdits applies edits against the original text; inserts at one point keep their order', () => {
    assert.equal(applyEdits('a = "1"\r\nb = "2"\r\n', [at(1, 4, 1, 7, '"3"'), at(0, 0, 0, 1, 'A')]), 'A = "1"\r\nb = "3"\r\n');
    assert.equal(applyEdits('xy', [at(0, 1, 0, 1, '1'), at(0, 1, 0, 1, '2'), at(0, 1, 0, 2, 'Y')]), 'x12Y');
  });

  test('applyEdits refuses overlapping edits instead of dropping one (LSP forbids them)', () => {
    assert.throws(() => applyEdits('abcdef', [at(0, 0, 0, 3, 'X'), at(0, 2, 0, 4, 'Y')]), /overlapping edits at offset 2 \(the previous edit ends at 3\)/);
    assert.throws(() => applyEdits('abcdef', [at(0, 1, 0, 5, 'X'), at(0, 2, 0, 2, 'Y')]), /overlapping edits/);
  });

  test('the test helpers apply edits with this one implementation', () => {
    assert.equal(helperApplyEdits, applyEdits);
    assert.equal(fuzzApplyEdits, applyEdits);
    assert.equal(libvirtApplyEdits, applyEdits);
  });

  test('fixToFixedPoint and fixAllEdits reach the same text; one pass gives the service its own edits', () => {
    const service = new LanguageService();
    const settings = { ...DEFAULT_SETTINGS, host: { ...DEFAULT_SETTINGS.host, enabled: false } };
    const input = { uri: 'file:///vms/tpl.vmx', text: 'guestOS = "ubuntu-64"\nvhv.enable = TRUE\npciPassthru.set.usebitMMIO = "TRUE"\n' };
    const { text, passes } = fixToFixedPoint(service, input, settings);
    assert.equal(text, 'guestOS = "ubuntu-64"\nvhv.enable = "TRUE"\npciPassthru.use64bitMMIO = "TRUE"\n');
    assert.ok(passes >= 1 && passes <= MAX_FIX_PASSES, `passes ${passes}`);
    const edits = fixAllEdits(service, input, settings);
    assert.equal(applyEdits(input.text, edits), text);
    if (passes === 1) assert.deepEqual(edits, service.fixAll(input, settings));
    assert.deepEqual(fixAllEdits(service, { uri: input.uri, text }, settings), []);
  });

  test('lineDiffEdit replaces whole differing lines only', () => {
    const e = lineDiffEdit('a = "1"\nb = "2"\nc = "3"\n', 'a = "1"\nb = "22"\nc = "3"\n');
    assert.deepEqual(e, at(1, 0, 1, 6, 'b = "22'));
    assert.equal(applyEdits('a = "1"\nb = "2"\nc = "3"\n', [e]), 'a = "1"\nb = "22"\nc = "3"\n');
  });
});
