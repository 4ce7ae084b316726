// The VMX snippets, expanded with their default values, must be valid VMX that raises no error or warning:
// a snippet that teaches a broken configuration would be worse than none.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { LanguageService } from '../../server/src/service/languageService';
import { DEFAULT_SETTINGS } from '../../server/src/service/types';

interface Snippet {
  prefix: string | string[];
  description: string;
  body: string[];
}

const repoRoot = path.resolve(__dirname, '..', '..');
const snippets = JSON.parse(readFileSync(path.join(repoRoot, 'snippets', 'vmx.code-snippets'), 'utf8')) as Record<string, Snippet>;

/**
 * Expands a snippet body the way an editor does when the user accepts every default:
 * `${1:foo}` → foo, `${1|a,b|}` → a, `${1}` / `$1` → the value given to tab stop 1 elsewhere (or ''), `$0` → ''.
 */
function expandSnippet(body: string): string {
  const defaults = new Map<string, string>();
  const unescape = (s: string) => s.replace(/\\([$}\\,|])/g, '$1');
  body.replace(/\$\{(\d+):((?:\\.|[^}\\])*)\}/g, (_, n: string, v: string) => (defaults.set(n, unescape(v)), ''));
  body.replace(/\$\{(\d+)\|((?:\\.|[^|\\])*)\|\}/g, (_, n: string, v: string) => (defaults.set(n, unescape(v.split(/(?<!\\),/)[0])), ''));
  return body
    .replace(/\$\{(\d+):((?:\\.|[^}\\])*)\}/g, (_, n: string) => defaults.get(n) ?? '')
    .replace(/\$\{(\d+)\|((?:\\.|[^|\\])*)\|\}/g, (_, n: string) => defaults.get(n) ?? '')
    .replace(/\$\{(\d+)\}|\$(\d+)/g, (_, a: string | undefined, b: string | undefined) => defaults.get((a ?? b)!) ?? '')
    .replace(/\\([$}\\])/g, '$1');
}

/** What a whole .vmx has around the pasted snippet (the snippets bring their own memSize). */
const CONTEXT = ['.encoding = "UTF-8"', 'config.version = "8"', 'virtualHW.version = "19"', 'displayName = "gpu-vm"'];

function diagnoseSnippet(name: string) {
  const snippet = snippets[name];
  assert.ok(snippet, `snippet "${name}" exists`);
  const text = [...CONTEXT, expandSnippet(snippet.body.join('\n'))].join('\n');
  const service = new LanguageService();
  const input = { uri: 'file:///snippet.vmx', text };
  return { text, input, service, diagnostics: service.diagnose(input, DEFAULT_SETTINGS) };
}

function assertClean(name: string) {
  const { diagnostics, text } = diagnoseSnippet(name);
  const serious = diagnostics.filter((d) => d.severity === DiagnosticSeverity.Error || d.severity === DiagnosticSeverity.Warning);
  assert.deepEqual(
    serious.map((d) => `${d.code} @${d.range.start.line}: ${d.message}`),
    [],
    `expanded snippet "${name}" must not raise errors or warnings:\n${text}`,
  );
  return text;
}

function assertKeys(text: string, lines: string[]) {
  const have = new Set(text.split('\n').map((l) => l.trim()));
  for (const l of lines) assert.ok(have.has(l), `expected the line ${l}`);
}

describe('snippet expander', () => {
  test('defaults, choices, mirrors and the final stop', () => {
    assert.equal(expandSnippet('a = "${1:foo}"\nb = "${2|x,y|}"\nc = "${1}" $1$0'), 'a = "foo"\nb = "x"\nc = "foo" foo');
  });
});

describe('VMX snippets', () => {
  test('the file holds the four VMX snippets, each with a prefix and a description', () => {
    assert.deepEqual(Object.keys(snippets).sort(), ['Nested ESXi inner guest', 'Nested ESXi outer VM (GPU passthrough)', 'Passthrough GPU VM', 'vGPU VM']);
    for (const [name, s] of Object.entries(snippets)) {
      assert.ok(s.prefix.length > 0 && s.description.length > 20, name);
      assert.ok(s.body.join('\n').includes('${1'), `${name} has tab stops`);
    }
  });

  test('nested ESXi outer VM: vIOMMU, VHV with passthrough, EFI, MMIO, reservation, AMD note', () => {
    const text = assertClean('Nested ESXi outer VM (GPU passthrough)');
    assertKeys(text, [
      'guestOS = "vmkernel8"',
      'vhv.enable = "TRUE"',
      'vhv.allowPassthru = "TRUE"',
      'vvtd.enable = "TRUE"',
      'firmware = "efi"',
      'pciPassthru0.present = "TRUE"',
      'pciPassthru0.id = "00000:059:00.0"',
      'pciPassthru.use64bitMMIO = "TRUE"',
      'pciPassthru.64bitMMIOSizeGB = "128"',
      'sched.mem.pin = "TRUE"',
      'memSize = "32768"',
      'sched.mem.min = "32768"',
      '# On AMD hosts also add: amd.iommu.supportsPcip = "TRUE"',
    ]);
  });

  test('nested ESXi inner guest: 16 GB window for the Arc A770M, EFI, reservation', () => {
    const text = assertClean('Nested ESXi inner guest');
    assertKeys(text, [
      'pciPassthru.use64bitMMIO = "TRUE"',
      'pciPassthru.64bitMMIOSizeGB = "16"',
      'firmware = "efi"',
      'pciPassthru0.present = "TRUE"',
      'sched.mem.pin = "TRUE"',
      'sched.mem.min = "8192"',
      'guestOS = "ubuntu-64"',
    ]);
  });

  test('passthrough GPU VM: the A100 default gets its 128 GB window', () => {
    const text = assertClean('Passthrough GPU VM');
    assertKeys(text, [
      'firmware = "efi"',
      'pciPassthru0.vendorId = "0x10de"',
      'pciPassthru0.deviceId = "0x20b1"',
      'pciPassthru.64bitMMIOSizeGB = "128"',
      'sched.mem.min = "65536"',
    ]);
    assert.match(snippets['Passthrough GPU VM'].body.join('\n'), /pciPassthru\.64bitMMIOSizeGB = "\$\{\d+\|128,256,512\|\}"/);
  });

  test('vGPU VM: vmiop device with a known profile, EFI, MMIO, reservation', () => {
    const text = assertClean('vGPU VM');
    assertKeys(text, [
      'pciPassthru0.present = "TRUE"',
      'pciPassthru0.virtualDev = "vmiop"',
      'pciPassthru0.vgpu = "grid_a100-4c"',
      'firmware = "efi"',
      'pciPassthru.use64bitMMIO = "TRUE"',
      'sched.mem.pin = "TRUE"',
    ]);
  });

  test('a snippet missing its reservation would be caught (the check has teeth)', () => {
    const snippet = snippets['Passthrough GPU VM'];
    const broken = snippet.body.filter((l) => !l.startsWith('sched.mem.')).join('\n');
    const service = new LanguageService();
    const diagnostics = service.diagnose({ uri: 'file:///broken.vmx', text: [...CONTEXT, expandSnippet(broken)].join('\n') }, DEFAULT_SETTINGS);
    assert.ok(diagnostics.some((d) => d.code === 'vmx/memory-not-reserved'));
  });
});

describe('VMX grammar and language configuration', () => {
  const grammar = JSON.parse(readFileSync(path.join(repoRoot, 'syntaxes', 'vmx.tmLanguage.json'), 'utf8'));
  const config = JSON.parse(readFileSync(path.join(repoRoot, 'language-configuration.vmx.json'), 'utf8'));
  /** The Oniguruma patterns used here, in JS form: \G anchors at the start, (?i:…) becomes the i flag. */
  const js = (re: string) => new RegExp(re.replace(/\\G/g, '^').replace(/\(\?i:/g, '(?:').replace(/^\(\?i\)/, ''), /\(\?i/.test(re) ? 'i' : '');

  test('scope name and the language configuration the package contributes', () => {
    assert.equal(grammar.scopeName, 'source.vmx');
    const pkg = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
    const contributed = pkg.contributes.grammars.find((g: { language: string }) => g.language === 'vmx');
    assert.equal(contributed.scopeName, 'source.vmx');
    assert.equal(contributed.path, './syntaxes/vmx.tmLanguage.json');
    assert.equal(config.comments.lineComment, '#');
    assert.ok(config.autoClosingPairs.some((p: { open: string; close: string }) => p.open === '"' && p.close === '"'));
  });

  test('pciPassthruN keys are split into device, index and property', () => {
    const [device, other] = grammar.repository.key.patterns;
    const m = js(device.match).exec('PCIPASSTHRU12.deviceId = "0x20b1"');
    assert.deepEqual(m && [...m].slice(1), ['PCIPASSTHRU', '12', '.', 'deviceId']);
    assert.equal(device.captures['1'].name, 'entity.name.type.device.vmx');
    assert.equal(js(device.match).exec('pciPassthru.use64bitMMIO'), null, 'the global MMIO keys are not a device');
    assert.equal(js(other.match).exec('ethernet0.present = "TRUE"')![1], 'ethernet0.present');
  });

  test('comments, escapes, booleans and numbers', () => {
    assert.ok(js(grammar.repository.comment.match).test('   # a comment'));
    const [escape, bool, num] = grammar.repository.string.patterns;
    assert.deepEqual('a|22b|7Cc'.match(new RegExp(escape.match, 'g')), ['|22', '|7C']);
    assert.ok(js(bool.match).test('TRUE"') && js(bool.match).test('false"') && !js(bool.match).test('TRUEX"'));
    assert.ok(js(num.match).test('0x10de"') && js(num.match).test('256"') && !js(num.match).test('256GB"'));
  });
});
