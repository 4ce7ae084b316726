// Which libvirt schemas libvirt/schema uses: the folder the user set, else the host's, else the copy
// bundled with vgpu-lint (libvirt 9.0.0) – and that the user is told which, and told once when the
// folder they set cannot be used. "No host schemas" is simulated with empty temporary folders (the
// lookup folders are a parameter, and VGPU_LINT_TEST_HOST_ROOT for the CLI and server processes).
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { preloadLibvirtSchemaValidator, describeSchemaValidation } from '../../server/src/libvirt/schema';
import { bundledSchemaDir, dpkgLibvirtVersion, HOST_ROOT_ENV, resolveSchemaSet } from '../../server/src/libvirt/schema/schemaSet';
import { editorSettings, mergeSettings } from '../../server/src/config/settings';
import { LanguageService } from '../../server/src/service/languageService';
import { DEFAULT_SETTINGS, Settings } from '../../server/src/service/types';
import { buildBundles, repoRoot } from './support/bundles';
import { startServer } from './support/lspClient';

const BUNDLED = path.join(repoRoot, 'server', 'schemas', 'libvirt');
const tmp = mkdtempSync(path.join(tmpdir(), 'vgpu-schema-set-'));
process.once('exit', () => rmSync(tmp, { recursive: true, force: true }));

/** A fresh empty folder: a machine root or schema folder with nothing in it. */
function emptyDir(name: string): string {
  const d = path.join(tmp, name);
  mkdirSync(d, { recursive: true });
  return d;
}

/** A fake machine root whose /usr/share/libvirt/schemas is a copy of the bundled set (optionally changed). */
function hostRootWithSchemas(name: string, change?: (dir: string) => void): string {
  const root = emptyDir(name);
  const dir = path.join(root, 'usr', 'share', 'libvirt', 'schemas');
  cpSync(BUNDLED, dir, { recursive: true, filter: (src) => !/(NOTICE|COPYING\.LESSER|VERSION)$/.test(src) });
  change?.(dir);
  return root;
}

// A libvirt domain with one schema mistake (an unknown element inside <hostdev>) on line 8.
const BAD_DOMAIN = `<domain type='kvm'>
  <name>vm</name>
  <memory unit='GiB'>4</memory>
  <os><type arch='x86_64' machine='q35'>hvm</type></os>
  <devices>
    <hostdev mode='subsystem' type='pci' managed='yes'>
      <source><address domain='0x0000' bus='0x83' slot='0x00' function='0x0'/></source>
      <bogus/>
    </hostdev>
  </devices>
</domain>
`;

before(async () => {
  assert.ok(await preloadLibvirtSchemaValidator(), 'libxml2-wasm did not load');
});

describe('the bundled schema set', () => {
  test('is libvirt 9.0.0: VERSION, NOTICE and the files agree', () => {
    assert.equal(readFileSync(path.join(BUNDLED, 'VERSION'), 'utf8'), '9.0.0\n');
    const notice = readFileSync(path.join(BUNDLED, 'NOTICE'), 'utf8');
    assert.match(notice, /^libvirt RelaxNG schemas, version 9\.0\.0$/m);
    assert.match(notice, /LGPL-2\.1-or-later/);
    assert.match(readFileSync(path.join(BUNDLED, 'COPYING.LESSER'), 'utf8'), /GNU LESSER GENERAL PUBLIC LICENSE\s+Version 2\.1, February 1999/);
    // Every .rng is listed in NOTICE with its SHA-256, and nothing else is.
    const listed = [...notice.matchAll(/^([0-9a-f]{64})  (\S+\.rng)$/gm)].map((m) => [m[2], m[1]]);
    const files = readdirSync(BUNDLED).filter((f) => f.endsWith('.rng')).sort();
    assert.equal(files.length, 26);
    assert.deepEqual(
      listed,
      files.map((f) => [f, createHash('sha256').update(readFileSync(path.join(BUNDLED, f))).digest('hex')]),
    );
  });

  test('is found beside the code run from source', () => {
    assert.equal(bundledSchemaDir(), BUNDLED);
  });
});

describe('resolveSchemaSet', () => {
  test('unset, host schemas present: the host set, its version told by identical files', () => {
    const root = hostRootWithSchemas('host-same');
    const hostDir = path.join(root, 'usr', 'share', 'libvirt', 'schemas');
    const set = resolveSchemaSet(undefined, { hostDirs: [path.join(root, 'nowhere'), hostDir], bundledDir: BUNDLED });
    assert.deepEqual(set, { origin: 'host', dir: hostDir, version: '9.0.0', label: `host ${hostDir} (libvirt 9.0.0)`, short: 'host libvirt 9.0.0' });
  });

  test('unset, host schemas absent: the bundled set', () => {
    const set = resolveSchemaSet(undefined, { hostDirs: [emptyDir('no-host/usr/share/libvirt/schemas')], bundledDir: BUNDLED });
    assert.deepEqual(set, { origin: 'bundled', dir: BUNDLED, version: '9.0.0', label: 'bundled (libvirt 9.0.0)', short: 'bundled libvirt 9.0.0' });
  });

  test("'' (the setting's default in VS Code) is unset", () => {
    const hostDirs = [emptyDir('empty-setting')];
    assert.equal(resolveSchemaSet('', { hostDirs, bundledDir: BUNDLED }).origin, 'bundled');
  });

  test('host schemas that differ from the bundled ones: the version dpkg knows, else "unknown"', () => {
    const root = hostRootWithSchemas('host-newer', (dir) => writeFileSync(path.join(dir, 'domain.rng'), readFileSync(path.join(dir, 'domain.rng'), 'utf8') + '\n<!-- changed -->\n'));
    const status = path.join(root, 'var', 'lib', 'dpkg', 'status');
    mkdirSync(path.dirname(status), { recursive: true });
    writeFileSync(status, 'Package: libvirt-clients\nStatus: install ok installed\nVersion: 1.0\n\nPackage: libvirt0\nStatus: install ok installed\nArchitecture: amd64\nVersion: 10.0.0-2ubuntu8.3\n\n');
    const prev = process.env[HOST_ROOT_ENV];
    process.env[HOST_ROOT_ENV] = root;
    try {
      const set = resolveSchemaSet(undefined, { bundledDir: BUNDLED });
      assert.equal(set.origin, 'host');
      assert.equal(set.label, `host ${path.join(root, 'usr/share/libvirt/schemas')} (libvirt 10.0.0)`);
      rmSync(status);
      const unknown = resolveSchemaSet(undefined, { bundledDir: BUNDLED, dpkgStatus: status });
      assert.equal(unknown.label, `host ${path.join(root, 'usr/share/libvirt/schemas')} (libvirt version unknown)`);
      assert.equal(unknown.short, 'host libvirt version unknown');
    } finally {
      if (prev === undefined) delete process.env[HOST_ROOT_ENV];
      else process.env[HOST_ROOT_ENV] = prev;
    }
  });

  test('dpkg versions lose their epoch and Debian revision; a removed package does not count', () => {
    const f = path.join(tmp, 'status');
    writeFileSync(f, 'Package: libvirt0\nStatus: deinstall ok config-files\nVersion: 8.0.0-1\n\nPackage: libvirt0\nStatus: install ok installed\nVersion: 1:9.0.0-4+deb12u2\n');
    assert.equal(dpkgLibvirtVersion(f), '9.0.0');
    assert.equal(dpkgLibvirtVersion(path.join(tmp, 'no-status')), undefined);
  });

  test('a folder the user set is used when it has domain.rng, even with host schemas present', () => {
    const mine = path.join(tmp, 'my-schemas');
    cpSync(BUNDLED, mine, { recursive: true });
    const host = path.join(hostRootWithSchemas('host-ignored'), 'usr', 'share', 'libvirt', 'schemas');
    const set = resolveSchemaSet(mine, { hostDirs: [host], bundledDir: BUNDLED });
    assert.deepEqual(set, { origin: 'user', dir: mine, version: '9.0.0', label: `${mine} (libvirt 9.0.0, set by the user)`, short: `${mine}, libvirt 9.0.0` });
  });

  test('a folder the user set that is missing or has no domain.rng: the bundled set, with the problem stated', () => {
    const host = path.join(hostRootWithSchemas('host-not-used'), 'usr', 'share', 'libvirt', 'schemas');
    const missing = path.join(tmp, 'does-not-exist');
    const a = resolveSchemaSet(missing, { hostDirs: [host], bundledDir: BUNDLED });
    assert.equal(a.origin, 'bundled');
    assert.equal(a.dir, BUNDLED);
    assert.equal(a.problem, `libvirt schema folder ${missing} does not exist: using the bundled schemas (libvirt 9.0.0) instead`);
    const empty = emptyDir('no-domain-rng');
    const b = resolveSchemaSet(empty, { hostDirs: [host], bundledDir: BUNDLED });
    assert.equal(b.problem, `libvirt schema folder ${empty} has no domain.rng: using the bundled schemas (libvirt 9.0.0) instead`);
  });

  test('a value users may have set before, /usr/share/libvirt/schemas, still means that folder', () => {
    const set = resolveSchemaSet('/usr/share/libvirt/schemas', { hostDirs: [], bundledDir: BUNDLED });
    if (set.origin === 'user') assert.equal(set.dir, '/usr/share/libvirt/schemas');
    else assert.match(set.problem ?? '', /^libvirt schema folder \/usr\/share\/libvirt\/schemas (does not exist|has no domain\.rng): using the bundled schemas/);
  });

  test('describeSchemaValidation names the set, and says when validation cannot run', () => {
    const bundled = resolveSchemaSet(undefined, { hostDirs: [], bundledDir: BUNDLED });
    assert.equal(describeSchemaValidation(bundled), 'libvirt schemas: bundled (libvirt 9.0.0)');
    const broken = path.join(repoRoot, 'test', 'fixtures', 'schema', 'escaping-include');
    assert.match(describeSchemaValidation(resolveSchemaSet(broken, { hostDirs: [], bundledDir: BUNDLED })), /^libvirt schemas: .*escaping-include \(libvirt version unknown, set by the user\); validation off \(libvirt RelaxNG schema .* could not be compiled/);
  });
});

describe('settings', () => {
  test('unset means automatic: the defaults, the VS Code default "" and a config file without schemaDir set no folder', () => {
    assert.deepEqual(DEFAULT_SETTINGS.libvirt, {});
    assert.deepEqual(editorSettings({ libvirt: { schemaDir: '' } }), {});
    assert.deepEqual(mergeSettings(DEFAULT_SETTINGS, { path: '/p/.vgpu-lint.json', libvirt: {} } as never, {}).libvirt, {});
    assert.deepEqual(mergeSettings(DEFAULT_SETTINGS, undefined, editorSettings({ libvirt: { schemaDir: '/opt/s' } })).libvirt, { schemaDir: '/opt/s' });
    const pkg = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
    assert.equal(pkg.contributes.configuration.properties['vgpuLint.libvirt.schemaDir'].default, '');
  });
});

describe('the hover of a libvirt/schema finding names the schema set', () => {
  test('bundled set (explicit folder missing → fallback) and a folder the user set', () => {
    const svc = new LanguageService();
    const at = { line: 7, character: 8 }; // inside <bogus/>
    const noHost: Settings = { ...DEFAULT_SETTINGS, host: { ...DEFAULT_SETTINGS.host, enabled: false }, libvirt: { schemaDir: path.join(tmp, 'missing-for-hover') } };
    const schema = svc.findings({ uri: 'file:///h.xml', text: BAD_DOMAIN }, noHost).filter((f) => f.ruleId === 'libvirt/schema');
    assert.deepEqual(schema.map((f) => [f.range.start.line, f.range.start.character]), [[7, 7]]);
    const h = svc.hover({ uri: 'file:///h.xml', text: BAD_DOMAIN }, at, noHost);
    assert.deepEqual(h?.contents, { kind: 'markdown', value: '_libvirt/schema: checked against the bundled libvirt 9.0.0 schemas_' });
    assert.deepEqual(h?.range, schema[0].range);
    const mine = path.join(tmp, 'my-schemas-hover');
    cpSync(BUNDLED, mine, { recursive: true });
    const h2 = svc.hover({ uri: 'file:///h.xml', text: BAD_DOMAIN }, at, { ...noHost, libvirt: { schemaDir: mine } });
    assert.equal((h2?.contents as { value: string }).value, `_libvirt/schema: checked against the ${mine}, libvirt 9.0.0 schemas_`);
  });

  test('an attribute hover on a schema finding keeps its text and gets the note below a rule', () => {
    const svc = new LanguageService();
    const settings: Settings = { ...DEFAULT_SETTINGS, host: { ...DEFAULT_SETTINGS.host, enabled: false }, libvirt: { schemaDir: BUNDLED } };
    const text = BAD_DOMAIN.replace("mode='subsystem'", "mode='subsytem'").replace('      <bogus/>\n', '');
    const line = text.split('\n').findIndex((l) => l.includes('subsytem'));
    const character = text.split('\n')[line].indexOf('mode') + 1; // on the attribute name the schema error covers
    const h = svc.hover({ uri: 'file:///h.xml', text }, { line, character }, settings);
    const value = (h?.contents as { value: string }).value;
    assert.ok(value.length > 80 && value.endsWith('\n\n---\n\n_libvirt/schema: checked against the ' + `${BUNDLED}, libvirt 9.0.0 schemas_`), value);
    const clean = svc.hover({ uri: 'file:///h.xml', text: BAD_DOMAIN }, { line: 5, character: 15 }, settings); // mode='subsystem': no finding
    assert.doesNotMatch((clean?.contents as { value: string }).value, /libvirt\/schema/);
  });
});

describe('the CLI and the server say which set they use', () => {
  let cli = '';
  let server = '';
  before(async () => {
    ({ cli, server } = await buildBundles());
  });

  function lint(args: string[], env: NodeJS.ProcessEnv = {}) {
    const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', env: { ...process.env, GITHUB_ACTIONS: '', ...env } });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  }

  test('--verbose: bundled when the host has no schemas, and the schema error is still found', () => {
    const dir = emptyDir('cli-bundled');
    writeFileSync(path.join(dir, 'vm.xml'), BAD_DOMAIN);
    const r = lint(['--verbose', '--no-host', '--format', 'json', dir], { [HOST_ROOT_ENV]: emptyDir('cli-empty-root') });
    assert.equal(r.stderr, 'vgpu-lint: host inventory: off; libvirt schemas: bundled (libvirt 9.0.0)\n');
    const [report] = JSON.parse(r.stdout) as { diagnostics: { code: string; range: { start: { line: number } } }[] }[];
    assert.deepEqual(report.diagnostics.filter((d) => d.code === 'libvirt/schema').map((d) => d.range.start.line), [7]);
    assert.equal(r.code, 1);
  });

  test('--verbose: the host set when the host has schemas', () => {
    const root = hostRootWithSchemas('cli-host');
    const dir = emptyDir('cli-host-files');
    writeFileSync(path.join(dir, 'vm.xml'), BAD_DOMAIN);
    const r = lint(['--verbose', '--no-host', dir], { [HOST_ROOT_ENV]: root });
    assert.equal(r.stderr, `vgpu-lint: host inventory: off; libvirt schemas: host ${path.join(root, 'usr/share/libvirt/schemas')} (libvirt 9.0.0)\n`);
  });

  test('--schema-dir that does not exist: said once on stderr (two files, two config files), then the bundled set', () => {
    const dir = emptyDir('cli-bad-dir');
    for (const sub of ['a', 'b']) {
      mkdirSync(path.join(dir, sub));
      writeFileSync(path.join(dir, sub, '.vgpu-lint.json'), '{}');
      writeFileSync(path.join(dir, sub, 'vm.xml'), BAD_DOMAIN);
    }
    const missing = path.join(tmp, 'cli-missing-schemas');
    const r = lint(['--no-host', '--format', 'json', '--schema-dir', missing, dir]);
    assert.equal(r.stderr, `vgpu-lint: libvirt schema folder ${missing} does not exist: using the bundled schemas (libvirt 9.0.0) instead\n`);
    const reports = JSON.parse(r.stdout) as { diagnostics: { code: string }[] }[];
    assert.deepEqual(reports.map((x) => x.diagnostics.filter((d) => d.code === 'libvirt/schema').length), [1, 1]);
  });

  test('the server logs the set once, and a bad folder setting once as a warning', async () => {
    const client = await startServer(server);
    try {
      const missing = path.join(tmp, 'server-missing-schemas');
      client.configuration = { libvirt: { schemaDir: missing }, host: { enabled: false } };
      for (const name of ['one', 'two']) {
        const uri = `file://${path.join(tmp, `${name}.xml`)}`;
        const diags = client.diagnostics(uri, (p) => p.diagnostics.some((d) => d.code === 'libvirt/schema'), 20000);
        await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'xml', version: 1, text: BAD_DOMAIN } });
        await diags;
      }
      const problem = `libvirt schema folder ${missing} does not exist: using the bundled schemas (libvirt 9.0.0) instead`;
      assert.equal(client.logs.filter((l) => l === problem).length, 1, client.logs.join('\n'));
      assert.equal(client.logs.filter((l) => l === 'libvirt schemas: bundled (libvirt 9.0.0)').length, 1, client.logs.join('\n'));
    } finally {
      await client.close();
    }
  });
});
