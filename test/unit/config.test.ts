// `.vgpu-lint.json`: discovery, validation, ignore globs, precedence — in the library, the CLI and the server.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ConfigError, isIgnored, parseConfig } from '../../server/src/config/configFile';
import { ConfigResolver, findConfigPath } from '../../server/src/config/discovery';
import { editorSettings, mergeSettings } from '../../server/src/config/settings';
import { DEFAULT_SETTINGS } from '../../server/src/service/types';
import { buildBundles } from './support/bundles';
import { startServer } from './support/lspClient';

function tree(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(tmpdir(), 'vgpu-lint-config-'));
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    writeFileSync(path.join(root, rel), text);
  }
  return root;
}

// vhv.enable = TRUE is vmx/unquoted-value (a warning by default).
const UNQUOTED = 'guestOS = "ubuntu-64"\nvhv.enable = TRUE\n';

describe('config file', () => {
  test('discovery walks up from the file to the nearest .vgpu-lint.json', () => {
    const root = tree({
      '.vgpu-lint.json': '{ "rules": { "vmx/unquoted-value": "error" } }',
      'a/b/c/vm.vmx': UNQUOTED,
      'a/.vgpu-lint.json': '{ "rules": { "vmx/unquoted-value": "off" } }',
      'z/vm.vmx': UNQUOTED,
    });
    assert.equal(findConfigPath(path.join(root, 'a', 'b', 'c')), path.join(root, 'a', '.vgpu-lint.json'));
    assert.equal(findConfigPath(path.join(root, 'z')), path.join(root, '.vgpu-lint.json'));
    const resolver = new ConfigResolver();
    assert.equal(resolver.configFor(path.join(root, 'a/b/c/vm.vmx'))?.rules['vmx/unquoted-value'], 'off');
    assert.equal(resolver.configFor(path.join(root, 'z/vm.vmx'))?.rules['vmx/unquoted-value'], 'error');
    // An explicit --config replaces discovery.
    const explicit = new ConfigResolver(path.join(root, '.vgpu-lint.json'));
    assert.equal(explicit.configFor(path.join(root, 'a/b/c/vm.vmx'))?.rules['vmx/unquoted-value'], 'error');
  });

  test('parses rules, ignore, gpuMap, host and libvirt; resolves folders against the config file', () => {
    const c = parseConfig(
      JSON.stringify({
        rules: { 'vmx/unknown-gpu': 'off' },
        ignore: ['legacy', '**/*.generated.vmx'],
        gpuMap: { '0000:3b:00.0': 'A100-PCIE-80GB' },
        host: { enabled: false, sysfsRoot: 'fake-sys' },
        libvirt: { schemaDir: 'schemas' },
      }),
      path.join(path.sep, 'proj', '.vgpu-lint.json'),
    );
    assert.deepEqual(c.rules, { 'vmx/unknown-gpu': 'off' });
    assert.deepEqual(c.gpuMap, { '0000:3b:00.0': 'A100-PCIE-80GB' });
    assert.deepEqual(c.host, { enabled: false, sysfsRoot: path.join(path.sep, 'proj', 'fake-sys') });
    assert.deepEqual(c.libvirt, { schemaDir: path.join(path.sep, 'proj', 'schemas') });
  });

  test('ignore globs are relative to the config file; a folder name ignores what is below it', () => {
    const c = parseConfig('{ "ignore": ["legacy", "**/*.generated.vmx", "vendor/**"] }', path.join(path.sep, 'proj', '.vgpu-lint.json'));
    const at = (rel: string) => path.join(path.sep, 'proj', ...rel.split('/'));
    assert.equal(isIgnored(c, at('legacy/old.vmx')), true);
    assert.equal(isIgnored(c, at('legacy/deep/old.vmx')), true);
    assert.equal(isIgnored(c, at('x/y/tpl.generated.vmx')), true);
    assert.equal(isIgnored(c, at('vendor/a.xml')), true);
    assert.equal(isIgnored(c, at('src/legacy.vmx')), false);
    assert.equal(isIgnored(c, at('vm.vmx')), false);
    assert.equal(isIgnored(c, path.join(path.sep, 'elsewhere', 'legacy', 'x.vmx')), false);
  });

  test('bad config files are rejected with a message naming the problem', () => {
    const cases: [string, RegExp][] = [
      ['{ "rules": ', /not valid JSON/],
      ['[]', /expected a JSON object/],
      ['{ "rulez": {} }', /unknown property "rulez"/],
      ['{ "rules": { "vmx/syntax": "loud" } }', /rule "vmx\/syntax": level must be one of off\|hint\|info\|warning\|error/],
      ['{ "ignore": "legacy" }', /"ignore" must be an array/],
      ['{ "gpuMap": { "0000:3b:00.0": 7 } }', /gpuMap "0000:3b:00.0": the GPU model must be a string/],
      ['{ "rules": { "vmx/unknown_key": "off" } }', /rule "vmx\/unknown_key": unknown rule id \(did you mean "vmx\/unknown-key"\?\)/],
      ['{ "rules": { "eslint/no-undef": "off" } }', /rule "eslint\/no-undef": unknown rule id \(rule ids look like/],
      ['{ "gpuMap": { "83:00.0": "A100-80GB" } }', /gpuMap "83:00.0": unknown GPU model "A100-80GB" \(known: T4, A2, .*A100-PCIE-80GB/],
      ['{ "gpuMap": { "0000:3b:00.0": "A100-PCIE-80G" } }', /unknown GPU model "A100-PCIE-80G" \(did you mean "A100-PCIE-80GB"\?\)/],
      ['{ "gpuMap": { "slot 3": "T4" } }', /gpuMap "slot 3": "slot 3" is not a PCI address like 0000:3b:00.0/],
      ['{ "host": { "enabled": "yes" } }', /"host.enabled" must be true or false/],
    ];
    for (const [text, message] of cases) {
      assert.throws(() => parseConfig(text, '/p/.vgpu-lint.json'), (e: unknown) => e instanceof ConfigError && message.test(e.message) && e.message.startsWith('/p/.vgpu-lint.json: '), text);
    }
  });

  test('precedence: overrides (CLI / editor) > config file > defaults', () => {
    // The config spells one address short ("02:00.0"): it is stored canonically, so the override replaces it.
    const c = parseConfig('{ "rules": { "vmx/syntax": "error", "vmx/unknown-key": "hint" }, "gpuMap": { "0000:01:00.0": "T4", "02:00.0": "A2" }, "host": { "enabled": false } }', '/p/.vgpu-lint.json');
    const s = mergeSettings(DEFAULT_SETTINGS, c, { rules: { 'vmx/syntax': 'off' }, gpuMap: { '0000:02:00.0': 'A30' } });
    assert.deepEqual(s.rules, { 'vmx/syntax': 'off', 'vmx/unknown-key': 'hint' });
    assert.deepEqual(s.gpuMap, { '0000:01:00.0': 'T4', '0000:02:00.0': 'A30' });
    assert.equal(s.host.enabled, false);
    assert.equal(s.host.sysfsRoot, '/sys');
    assert.equal(mergeSettings(DEFAULT_SETTINGS, c, { host: { enabled: true } }).host.enabled, true);
    assert.deepEqual(mergeSettings(DEFAULT_SETTINGS, undefined), DEFAULT_SETTINGS);
  });

  test('editor settings are read leniently: bad values are dropped and reported', () => {
    const problems: string[] = [];
    const o = editorSettings({ rules: { 'vmx/syntax': 'error', 'vmx/unknown-key': 'loud' }, host: { enabled: false, sysfsRoot: 7 }, gpuMap: { '3b:00.0': 'T4', '0000:3c:00.0': 1 } }, problems);
    assert.deepEqual(o.rules, { 'vmx/syntax': 'error' });
    assert.deepEqual(o.host, { enabled: false });
    assert.deepEqual(o.gpuMap, { '0000:3b:00.0': 'T4' });
    assert.deepEqual(problems, ['vgpuLint.rules["vmx/unknown-key"]: ignoring level "loud"', 'vgpuLint.gpuMap["0000:3c:00.0"]: ignoring this entry: the GPU model must be a string']);
  });

  test('editor settings: unknown rule ids and bad gpuMap entries are reported and left out, the rest applies', () => {
    const problems: string[] = [];
    const o = editorSettings(
      { rules: { 'vmx/unknown_key': 'off', 'vmx/duplicate-key': 'off' }, gpuMap: { '83:00.0': 'A100-80GB', 'slot 3': 'T4', '0000:3b:00.0': 'A100-PCIE-80GB' } },
      problems,
    );
    assert.deepEqual(o.rules, { 'vmx/duplicate-key': 'off' });
    assert.deepEqual(o.gpuMap, { '0000:3b:00.0': 'A100-PCIE-80GB' });
    assert.equal(problems.length, 3, problems.join('\n'));
    assert.equal(problems[0], 'vgpuLint.rules["vmx/unknown_key"]: ignoring an unknown rule id (did you mean "vmx/unknown-key"?)');
    assert.match(problems[1], /^vgpuLint\.gpuMap\["83:00\.0"\]: ignoring this entry: unknown GPU model "A100-80GB" \(known: T4, /);
    assert.equal(problems[2], 'vgpuLint.gpuMap["slot 3"]: ignoring this entry: "slot 3" is not a PCI address like 0000:3b:00.0');
  });
});

describe('config file in the CLI and the server', () => {
  let bundles: { server: string; cli: string };
  before(async () => {
    bundles = await buildBundles();
  });

  test('CLI: config rule levels and ignore apply; --rule beats the config; a bad config exits 2', () => {
    const root = tree({
      '.vgpu-lint.json': '{ "rules": { "vmx/unquoted-value": "error" }, "ignore": ["legacy"] }',
      'vms/vm.vmx': UNQUOTED,
      'legacy/old.vmx': UNQUOTED,
    });
    const run = (args: string[]) => spawnSync(process.execPath, [bundles.cli, '--format', 'json', ...args], { cwd: root, encoding: 'utf8' });
    const r = run(['.']);
    assert.equal(r.status, 1, r.stderr);
    const out = JSON.parse(r.stdout) as { file: string; diagnostics: { code: string; severity: number }[] }[];
    assert.deepEqual(out.map((e) => e.file), [path.join('vms', 'vm.vmx')]);
    assert.equal(out[0].diagnostics.find((d) => d.code === 'vmx/unquoted-value')?.severity, 1);

    const cli = run(['--rule', 'vmx/unquoted-value=info', '.']);
    assert.equal(cli.status, 0, cli.stdout);
    assert.equal((JSON.parse(cli.stdout) as { diagnostics: { code: string; severity: number }[] }[])[0].diagnostics.find((d) => d.code === 'vmx/unquoted-value')?.severity, 3);

    writeFileSync(path.join(root, 'bad.json'), '{ "rules": { "vmx/unquoted-value": "loud" } }');
    const bad = run(['--config', 'bad.json', '.']);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /bad config file .*bad\.json: rule "vmx\/unquoted-value": level must be/);
  });

  test('CLI: an unknown rule id or a gpuMap entry naming no catalog GPU in the config exits 2 with a message', () => {
    const root = tree({
      'typo/.vgpu-lint.json': '{ "rules": { "vmx/unknown_key": "off" } }',
      'typo/vm.vmx': UNQUOTED,
      'gpu/.vgpu-lint.json': '{ "gpuMap": { "83:00.0": "A100-80GB" } }',
      'gpu/vm.vmx': UNQUOTED,
    });
    const typo = spawnSync(process.execPath, [bundles.cli, 'vm.vmx'], { cwd: path.join(root, 'typo'), encoding: 'utf8' });
    assert.equal(typo.status, 2, typo.stdout);
    assert.match(typo.stderr, /bad config file .*\.vgpu-lint\.json: rule "vmx\/unknown_key": unknown rule id \(did you mean "vmx\/unknown-key"\?\)/);
    const gpu = spawnSync(process.execPath, [bundles.cli, 'vm.vmx'], { cwd: path.join(root, 'gpu'), encoding: 'utf8' });
    assert.equal(gpu.status, 2, gpu.stdout);
    assert.match(gpu.stderr, /bad config file .*\.vgpu-lint\.json: gpuMap "83:00\.0": unknown GPU model "A100-80GB"/);
  });

  test('server: a broken config file is warned about once, however many documents use it', async () => {
    const root = tree({ '.vgpu-lint.json': '{ "rules": { "vmx/unknown_key": "off" } }', 'a.vmx': UNQUOTED, 'b.vmx': UNQUOTED });
    const client = await startServer(bundles.server);
    try {
      for (const name of ['a.vmx', 'b.vmx']) {
        const uri = pathToFileURL(path.join(root, name)).href;
        const published = client.diagnostics(uri);
        await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'vmx', version: 1, text: UNQUOTED } });
        // The broken file is ignored, not half-applied: the defaults hold (vmx/unquoted-value is a warning).
        assert.equal((await published).diagnostics.find((d) => d.code === 'vmx/unquoted-value')?.severity, 2);
      }
      const warnings = client.logs.filter((l) => l.startsWith('ignoring a broken config file'));
      assert.equal(warnings.length, 1, client.logs.join('\n'));
      assert.match(warnings[0], /rule "vmx\/unknown_key": unknown rule id \(did you mean "vmx\/unknown-key"\?\)/);
    } finally {
      assert.equal(await client.close(), 0);
    }
  });

  test('server: config-file rule levels apply to documents on disk; editor settings override them', async () => {
    const root = tree({ '.vgpu-lint.json': '{ "rules": { "vmx/unquoted-value": "error" } }', 'vms/vm.vmx': UNQUOTED });
    const client = await startServer(bundles.server);
    try {
      const uri = pathToFileURL(path.join(root, 'vms', 'vm.vmx')).href;
      const first = client.diagnostics(uri);
      await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'vmx', version: 1, text: UNQUOTED } });
      const p = await first;
      assert.equal(p.diagnostics.find((d) => d.code === 'vmx/unquoted-value')?.severity, 1, JSON.stringify(p.diagnostics));

      client.configuration = { rules: { 'vmx/unquoted-value': 'hint' } };
      const second = client.diagnostics(uri, (x) => x.diagnostics.some((d) => d.code === 'vmx/unquoted-value' && d.severity === 4));
      await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
      await second;
      assert.ok(client.logs.some((l) => l.includes(path.join(root, '.vgpu-lint.json'))), client.logs.join('\n'));
    } finally {
      assert.equal(await client.close(), 0);
    }
  });
});
