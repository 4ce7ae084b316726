// User text in messages is bounded and its control characters are escaped, whatever rule quotes it:
// a 5 MB value must not become a 5 MB message, and an escape sequence, NUL or bidi override in a
// value, key, element or attribute name must not reach a terminal, JSON/SARIF output or the editor.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { Diagnostic } from 'vscode-languageserver-types';
import { LanguageService } from '../../server/src/service/languageService';
import { boundMessage, MAX_MESSAGE, quoteUserText } from '../../server/src/util/userText';
import { TEST_SETTINGS, vmx, VMX_HEADER } from '../helpers/vmx';
import { domain, pciHostdev } from './libvirt-helpers';
import { buildBundles } from './support/bundles';
import { startServer } from './support/lspClient';

const BIG = 'x'.repeat(5_000_000);
const X60 = 'x'.repeat(60);
/** What must never appear raw in a message: C0 (tab and line breaks too), DEL, C1, bidi controls, separators. */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/;

const VMX_TEXT = vmx([
  ...VMX_HEADER,
  'pciPassthru0.present = "TRUE"',
  'pciPassthru0.vgpu = "grid_a100\x1b[31m-4c"',
  `numvcpus = "${BIG}"`,
  `pciPassthru0.y${BIG} = "1"`,
  'pciPassthru0.prese\u0000nt = "TRUE"',
  'sched.mem.min = 4096\x1b[2J',
  'firmware = "ef\u202ei"',
]);
const XML_ESC = domain({ devices: pciHostdev().replace("bus='0x3b'", "bus='\x1b[2J'") });
const XML_BIG = domain({
  devices: [
    pciHostdev().replace("bus='0x3b'", `bus='${BIG}'`),
    `    <hostdev mode='subsystem' type='mdev' model='vfio-pci'><source><address uuid='\u202e${BIG}'/></source></hostdev>`,
  ].join('\n'),
});
const XML_NAMES = domain({ devices: pciHostdev().replace('domain=', 'dom\u0000ain=') + '\n    <vcpu\x1b[31m>4</vcpu\x1b[31m>' });

const DOCS = [
  { uri: 'file:///vms/hostile.vmx', text: VMX_TEXT },
  { uri: 'file:///vms/esc.xml', text: XML_ESC },
  { uri: 'file:///vms/big.xml', text: XML_BIG },
  { uri: 'file:///vms/names.xml', text: XML_NAMES },
];

function assertSafe(what: string, s: string): void {
  assert.ok(s.length <= MAX_MESSAGE, `${what}: ${s.length} characters`);
  assert.doesNotMatch(s, UNSAFE, `${what}: ${JSON.stringify(s.slice(0, 200))}`);
}

function message(ds: Diagnostic[], code: string, line: number): string {
  const d = ds.find((x) => x.code === code && x.range.start.line === line);
  assert.ok(d, `no ${code} on line ${line + 1}: ${JSON.stringify(ds.map((x) => [x.code, x.range.start.line]))}`);
  return d.message;
}

describe('user text in messages', () => {
  test('quoteUserText clips to the limit with … and escapes controls; boundMessage never exceeds its limit', () => {
    assert.equal(quoteUserText('a\x1bb\u0000c\u202ed\u009be\tf'), 'a\\x1bb\\x00c\\u202ed\\x9be\\x09f');
    assert.equal(quoteUserText('y'.repeat(100), 10), 'yyyyyyyyyy…');
    assert.equal(quoteUserText('ab\u{1F600}', 3), 'ab…', 'a surrogate pair is not cut in half');
    assert.equal(boundMessage('\x1b'.repeat(10), 10), '\\x1b\\x1b…');
    assert.equal(boundMessage('short'), 'short');
  });

  test('through the service: every message and fix title is bounded and escaped, in every rule', () => {
    const service = new LanguageService();
    for (const doc of DOCS) {
      const ds = service.diagnose(doc, TEST_SETTINGS);
      assert.ok(ds.length > 0, doc.uri);
      for (const d of ds) assertSafe(`${doc.uri} ${d.code}`, d.message);
      const whole = { start: { line: 0, character: 0 }, end: { line: 1e9, character: 0 } };
      for (const a of service.codeActions(doc, whole, TEST_SETTINGS)) assertSafe(`${doc.uri} action`, a.title);
    }
  });

  test('through the service: the exact messages quote a clipped, escaped value, key or attribute', () => {
    const service = new LanguageService();
    const v = service.diagnose(DOCS[0], TEST_SETTINGS);
    assert.equal(message(v, 'vmx/unknown-vgpu-profile', 7), 'Unknown vGPU profile "grid_a100\\x1b[31m-4c" Profile names look like grid_<gpu>-<framebuffer GB><series>, e.g. "grid_a100-4c".');
    assert.equal(message(v, 'vmx/invalid-value', 8), `numvcpus: "${X60}…" is not a whole number`);
    assert.equal(message(v, 'vmx/unknown-key', 9), `Unknown key "pciPassthru0.y${'x'.repeat(46)}…" VMware ignores keys it does not know, so this setting has no effect`);
    assert.equal(message(v, 'vmx/unknown-key', 10), 'Unknown key "pciPassthru0.prese\\x00nt": did you mean "pciPassthru0.present"? VMware ignores keys it does not know, so this setting has no effect');
    assert.equal(message(v, 'vmx/unquoted-value', 11), 'The value of "sched.mem.min" must be in double quotes: sched.mem.min = "4096\\x1b[2J"');
    assert.equal(message(v, 'vmx/invalid-value', 12), 'firmware: "ef\\u202ei" is not a valid value: use "efi" or "bios"');
    const e = service.diagnose(DOCS[1], TEST_SETTINGS);
    assert.equal(message(e, 'libvirt/hostdev-address', 10), "bus='\\x1b[2J' is malformed: write hex with 0x (e.g. bus='0x00') or a decimal number");
    const b = service.diagnose(DOCS[2], TEST_SETTINGS);
    assert.equal(message(b, 'libvirt/hostdev-address', 10), `bus='${X60}…' is malformed: write hex with 0x (e.g. bus='0x00') or a decimal number`);
    assert.equal(message(b, 'libvirt/mdev-uuid', 13), `'\\u202e${'x'.repeat(59)}…' is not a UUID: only hex digits and dashes are allowed (8-4-4-4-12)`);
  });

  describe('through the CLI and the server', () => {
    let cli = '';
    let server = '';
    let dir = '';
    before(async () => {
      ({ cli, server } = await buildBundles());
      dir = mkdtempSync(path.join(tmpdir(), 'vgpu-lint-user-text-'));
      writeFileSync(path.join(dir, 'hostile.vmx'), VMX_TEXT);
      writeFileSync(path.join(dir, 'esc.xml'), XML_ESC);
      writeFileSync(path.join(dir, 'big.xml'), XML_BIG);
      writeFileSync(path.join(dir, 'names.xml'), XML_NAMES);
    });
    const run = (format: string) =>
      spawnSync(process.execPath, [cli, '--no-host', '--format', format, 'hostile.vmx', 'esc.xml', 'big.xml', 'names.xml'], {
        cwd: dir,
        encoding: 'utf8',
        maxBuffer: 64 * 1024 * 1024,
        env: { ...process.env, GITHUB_ACTIONS: '' },
      });

    test('text output: no control character reaches the terminal, and the output stays small', () => {
      const r = run('text');
      assert.equal(r.status, 1, r.stderr);
      assert.ok(r.stdout.length < 64 * 1024, `${r.stdout.length} bytes of output`);
      assert.doesNotMatch(r.stdout.replace(/\n/g, ''), UNSAFE);
      assert.ok(r.stdout.includes('hostile.vmx:12:17 warning vmx/unquoted-value The value of "sched.mem.min" must be in double quotes: sched.mem.min = "4096\\x1b[2J"'), r.stdout.slice(0, 4000));
    });

    test('json and sarif output: messages are bounded and escaped', () => {
      const j = run('json');
      assert.ok(j.stdout.length < 128 * 1024, `${j.stdout.length} bytes of JSON`);
      const files = JSON.parse(j.stdout) as { file: string; diagnostics: Diagnostic[] }[];
      assert.deepEqual(files.map((f) => f.file), ['hostile.vmx', 'esc.xml', 'big.xml', 'names.xml']);
      for (const f of files) for (const d of f.diagnostics) assertSafe(`${f.file} ${d.code}`, d.message);
      const s = run('sarif');
      assert.ok(s.stdout.length < 256 * 1024, `${s.stdout.length} bytes of SARIF`);
      const sarif = JSON.parse(s.stdout) as { runs: { results: { message: { text: string } }[] }[] };
      assert.ok(sarif.runs[0].results.length > 10);
      for (const r of sarif.runs[0].results) assertSafe('sarif', r.message.text);
    });

    test('the server publishes bounded, escaped messages', async () => {
      const client = await startServer(server);
      try {
        client.configuration = { host: { enabled: false } };
        for (const [i, doc] of DOCS.entries()) {
          const published = client.diagnostics(doc.uri, (p) => p.diagnostics.length > 0, 30000);
          await client.connection.sendNotification('textDocument/didOpen', {
            textDocument: { uri: doc.uri, languageId: i === 0 ? 'vmx' : 'xml', version: 1, text: doc.text },
          });
          const p = await published;
          for (const d of p.diagnostics) assertSafe(`${doc.uri} ${String(d.code)}`, d.message);
        }
      } finally {
        await client.close();
      }
    });
  });
});
