// `vgpu-lint --format gitlab`: GitLab Code Quality JSON, validated against a schema written from GitLab's
// documentation (test/fixtures/GITLAB-CODEQUALITY-SCHEMA.md), with fingerprints that survive unrelated edits.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import Ajv from 'ajv';
import { gitlabIssues, GitlabIssue } from '../../server/src/cli/formatGitlab';
import { LanguageService } from '../../server/src/service/languageService';
import { DEFAULT_SETTINGS } from '../../server/src/service/types';
import { A2_BIOS_LINES, a2BiosVmx, USEBIT_TYPO_LINE } from '../helpers/fixtures';
import { buildBundles, repoRoot } from './support/bundles';

const schema = JSON.parse(readFileSync(path.join(repoRoot, 'test', 'fixtures', 'gitlab-codequality-schema.json'), 'utf8')) as object;
const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);

const service = new LanguageService();
const settings = { ...DEFAULT_SETTINGS, host: { ...DEFAULT_SETTINGS.host, enabled: false } };

function issues(text: string, file = 'vms/a2.vmx'): GitlabIssue[] {
  const uri = `file:///repo/${file}`;
  return gitlabIssues([{ file, text, diagnostics: service.diagnose({ uri, text }, settings) }], '/repo');
}

describe('GitLab Code Quality output', () => {
  let stdout = '';
  let status: number | null = null;

  before(async () => {
    const { cli } = await buildBundles();
    const dir = mkdtempSync(path.join(tmpdir(), 'vgpu-lint-gitlab-'));
    mkdirSync(path.join(dir, 'my vms'));
    writeFileSync(path.join(dir, 'my vms', 'a2.vmx'), a2BiosVmx({ typoIndent: 2 }));
    const r = spawnSync(process.execPath, [cli, '--no-host', '--format', 'gitlab', 'my vms'], { cwd: dir, encoding: 'utf8', env: { ...process.env, GITHUB_ACTIONS: '' } });
    stdout = r.stdout;
    status = r.status;
  });

  test('the CLI report validates against the schema from GitLab\'s documentation; the schema rejects broken reports', () => {
    assert.equal(status, 1);
    assert.ok(!stdout.startsWith('\uFEFF'), 'GitLab does not allow a byte order mark');
    const report = JSON.parse(stdout) as GitlabIssue[];
    assert.ok(validate(report), JSON.stringify(validate.errors, null, 2));
    assert.ok(report.length >= 2, stdout);
    // The validator must fail a report that breaks the documented format, or the check above proves nothing.
    const one = report[0];
    assert.equal(validate([{ ...one, severity: 'error' }]), false);
    assert.equal(validate([{ ...one, fingerprint: undefined }]), false);
    assert.equal(validate([{ ...one, location: { path: one.location.path } }]), false);
    assert.equal(validate([{ ...one, location: { ...one.location, path: '/abs/a2.vmx' } }]), false);
    assert.equal(validate({ issues: report }), false);
  });

  test('each finding: rule id as check_name, message, severity mapped, relative path, 1-based line', () => {
    const report = JSON.parse(stdout) as GitlabIssue[];
    const typo = report.find((i) => i.check_name === 'vmx/unknown-key');
    assert.ok(typo, stdout);
    assert.deepEqual(typo.location, { path: 'my vms/a2.vmx', lines: { begin: A2_BIOS_LINES.length + 1 } });
    assert.equal(typo.severity, 'minor');
    assert.match(typo.description, /pciPassthru\.set\.usebitMMIO/);
    const bios = report.find((i) => i.check_name === 'vmx/bios-large-bar');
    assert.equal(bios?.severity, 'major');
    assert.match(bios!.fingerprint, /^[0-9a-f]{32}$/);
  });

  test('fingerprints survive a line inserted above; only the line numbers move', () => {
    const text = a2BiosVmx({ typoIndent: 0 });
    const before = issues(text);
    const after = issues(text.replace('memsize = "16384"', '# resized for the new model\nmemsize = "16384"'));
    assert.ok(before.length >= 2);
    assert.deepEqual(after.map((i) => i.fingerprint), before.map((i) => i.fingerprint));
    assert.deepEqual(after.map((i) => i.location.lines.begin), before.map((i) => i.location.lines.begin + (i.location.lines.begin > 4 ? 1 : 0)));
    // Re-indenting the flagged line keeps its fingerprint too (whitespace is normalised).
    assert.deepEqual(issues(a2BiosVmx({ typoIndent: 4 })).map((i) => i.fingerprint), before.map((i) => i.fingerprint));
  });

  test('fingerprints change with the rule, the path or the flagged text', () => {
    const base = issues(a2BiosVmx({ typoIndent: 0 })).find((i) => i.check_name === 'vmx/unknown-key')!;
    const moved = issues(a2BiosVmx({ typoIndent: 0 }), 'vms/other.vmx').find((i) => i.check_name === 'vmx/unknown-key')!;
    assert.notEqual(moved.fingerprint, base.fingerprint);
    const other = issues(a2BiosVmx({ typoIndent: 0 }).replace(USEBIT_TYPO_LINE, 'pciPassthru.set.usebitMMIO = "FALSE"')).find((i) => i.check_name === 'vmx/unknown-key')!;
    assert.notEqual(other.fingerprint, base.fingerprint);
  });

  test('two identical findings on different lines get distinct fingerprints (occurrence index)', () => {
    const text = a2BiosVmx({ typoIndent: 0 }) + 'ethernet0.present = "TRUE"\n' + USEBIT_TYPO_LINE + '\n';
    const typos = issues(text).filter((i) => i.check_name === 'vmx/unknown-key');
    assert.equal(typos.length, 2, JSON.stringify(typos));
    assert.notEqual(typos[0].location.lines.begin, typos[1].location.lines.begin);
    assert.notEqual(typos[0].fingerprint, typos[1].fingerprint);
    // The first keeps the fingerprint it had alone, so adding a copy below does not make the original look new.
    const alone = issues(a2BiosVmx({ typoIndent: 0 })).find((i) => i.check_name === 'vmx/unknown-key')!;
    assert.equal(typos[0].fingerprint, alone.fingerprint);
  });
});
