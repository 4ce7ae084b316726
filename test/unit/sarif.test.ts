// `vgpu-lint --format sarif` validated against the SARIF 2.1.0 JSON schema (vendored: see
// test/fixtures/SARIF-SCHEMA.md), plus the fields code-scanning services rely on.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { version } from '../../package.json';
import { ruleDocUrl } from '../../server/src/service/types';
import { a2BiosVmx } from '../helpers/fixtures';
import { buildBundles, repoRoot } from './support/bundles';

interface SarifLog {
  $schema: string;
  version: string;
  runs: {
    tool: { driver: { name: string; version: string; rules: { id: string; shortDescription: { text: string }; helpUri: string; defaultConfiguration: { level: string } }[] } };
    results: { ruleId: string; ruleIndex?: number; level: string; message: { text: string }; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number; endLine: number; endColumn: number } } }[] }[];
  }[];
}

// The typo is indented, so the region's start column is checked against the key, not the line start.
const A2_BIOS_WITH_TYPO = a2BiosVmx({ typoIndent: 2 });

describe('SARIF output', () => {
  let log: SarifLog;
  let status: number | null;

  before(async () => {
    const { cli } = await buildBundles();
    const dir = mkdtempSync(path.join(tmpdir(), 'vgpu-lint-sarif-'));
    mkdirSync(path.join(dir, 'my vms'));
    writeFileSync(path.join(dir, 'my vms', 'a2.vmx'), A2_BIOS_WITH_TYPO);
    const r = spawnSync(process.execPath, [cli, '--format', 'sarif', 'my vms'], { cwd: dir, encoding: 'utf8' });
    status = r.status;
    log = JSON.parse(r.stdout) as SarifLog;
  });

  test('validates against the SARIF 2.1.0 schema', () => {
    const schema = JSON.parse(readFileSync(path.join(repoRoot, 'test', 'fixtures', 'sarif-schema-2.1.0.json'), 'utf8')) as object;
    // unicodeRegExp off: the published schema's language pattern is not valid under the u flag.
    const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
    addFormats(ajv);
    const validate = ajv.compile(schema);
    const ok = validate(log);
    assert.ok(ok, JSON.stringify(validate.errors, null, 2));
    // The validator itself must reject a broken log, or the check above proves nothing.
    assert.equal(validate({ version: '2.1.0', runs: [{ tool: { driver: {} } }] }), false);
  });

  test('describes the tool and every rule with its doc link and default level', () => {
    assert.equal(log.version, '2.1.0');
    assert.equal(status, 1);
    const driver = log.runs[0].tool.driver;
    assert.equal(driver.name, 'vgpu-lint');
    assert.equal(driver.version, version);
    const bios = driver.rules.find((r) => r.id === 'vmx/bios-large-bar');
    assert.ok(bios);
    assert.equal(bios.helpUri, ruleDocUrl('vmx/bios-large-bar'));
    assert.equal(bios.defaultConfiguration.level, 'error');
    assert.ok(bios.shortDescription.text.length > 10);
  });

  test('results carry rule id, level, message and a 1-based region with a relative URI', () => {
    const results = log.runs[0].results;
    const typo = results.find((r) => r.ruleId === 'vmx/unknown-key');
    assert.ok(typo, JSON.stringify(results.map((r) => r.ruleId)));
    const loc = typo.locations[0].physicalLocation;
    assert.equal(loc.artifactLocation.uri, 'my%20vms/a2.vmx');
    assert.equal(loc.region.startLine, 11);
    assert.equal(loc.region.startColumn, 3);
    assert.equal(loc.region.endLine, 11);
    assert.equal(loc.region.endColumn, 3 + 'pciPassthru.set.usebitMMIO'.length);
    const bios = results.find((r) => r.ruleId === 'vmx/bios-large-bar');
    assert.equal(bios?.level, 'error');
    assert.equal(log.runs[0].tool.driver.rules[bios!.ruleIndex!].id, 'vmx/bios-large-bar');
  });
});
