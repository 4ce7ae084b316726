// schemas/vgpu-lint.schema.json: generated from the rule registry and the catalog, contributed to VS Code for
// `.vgpu-lint.json`, and in agreement with the config parser on every sample in the repository.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv';
import { GPUS } from '../../server/src/catalog/gpus';
import { ConfigError, parseConfig, SEVERITY_LEVELS } from '../../server/src/config/configFile';
import { configSchema } from '../../server/src/config/schema';
import { allRuleMeta, RETIRED_RULE_IDS } from '../../server/src/service/registry';

const root = path.resolve(__dirname, '..', '..');
const schemaFile = path.join(root, 'schemas', 'vgpu-lint.schema.json');
const schema = JSON.parse(readFileSync(schemaFile, 'utf8')) as {
  properties: { rules: { propertyNames: { enum: string[] }; additionalProperties: { enum: string[] } }; gpuMap: { additionalProperties: { anyOf: [{ enum: string[] }, unknown] } } };
};
const validate = new Ajv({ allErrors: true, strict: true, strictTypes: false }).compile(schema);

function parserAccepts(text: string): boolean {
  try {
    parseConfig(text, path.join(root, '.vgpu-lint.json'));
    return true;
  } catch (e) {
    if (e instanceof ConfigError) return false;
    throw e;
  }
}

/** ```json blocks in the README and docs that follow a mention of `.vgpu-lint.json` (within the preceding paragraph). */
function documentedConfigs(): { where: string; text: string }[] {
  const files = [path.join(root, 'README.md'), ...readdirSync(path.join(root, 'docs')).filter((f) => f.endsWith('.md')).map((f) => path.join(root, 'docs', f))];
  const out: { where: string; text: string }[] = [];
  for (const file of files) {
    const md = readFileSync(file, 'utf8');
    for (const m of md.matchAll(/```json\n([\s\S]*?)```/g)) {
      const before = md.slice(Math.max(0, m.index! - 400), m.index).trimEnd().split(/\n\s*\n/).pop() ?? '';
      if (before.includes('.vgpu-lint.json')) out.push({ where: `${path.relative(root, file)} @${m.index}`, text: m[1] });
    }
  }
  return out;
}

function findConfigs(dir: string, name = '.vgpu-lint.json'): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : findConfigs(p, name);
    return e.name === name ? [p] : [];
  });
}

describe('.vgpu-lint.json JSON Schema', () => {
  test('the schema file is exactly what the generator builds from the registry and the catalog', () => {
    assert.deepEqual(JSON.parse(readFileSync(schemaFile, 'utf8')), configSchema(), 'run: node --import tsx scripts/gen-config-schema.mjs');
  });

  test('its rule ids are the registry\'s rule ids, its levels the parser\'s levels, its GPU models the catalog\'s', () => {
    const ids = schema.properties.rules.propertyNames.enum;
    assert.deepEqual(ids, [...allRuleMeta().keys(), ...RETIRED_RULE_IDS.keys()].sort());
    assert.ok(ids.length >= 30 && ids.includes('vmx/bios-large-bar') && ids.includes('libvirt/mmio-window'));
    assert.deepEqual(schema.properties.rules.additionalProperties.enum, [...SEVERITY_LEVELS]);
    assert.deepEqual(schema.properties.rules.additionalProperties.enum, ['off', 'hint', 'info', 'warning', 'error']);
    assert.deepEqual(schema.properties.gpuMap.additionalProperties.anyOf[0].enum, [...GPUS.map((g) => g.id), ...GPUS.map((g) => g.name)]);
  });

  test('package.json contributes it for .vgpu-lint.json', () => {
    const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { contributes: { jsonValidation: { fileMatch: string; url: string }[] } };
    assert.deepEqual(pkg.contributes.jsonValidation, [{ fileMatch: '.vgpu-lint.json', url: './schemas/vgpu-lint.schema.json' }]);
    assert.ok(existsSync(path.join(root, pkg.contributes.jsonValidation[0].url)));
  });

  test('every example config in the repository validates (README, docs, examples/, test fixtures), and the parser accepts it too', () => {
    const samples = [
      ...documentedConfigs(),
      ...findConfigs(path.join(root, 'examples')).map((f) => ({ where: path.relative(root, f), text: readFileSync(f, 'utf8') })),
      ...readdirSync(path.join(root, 'test', 'fixtures', 'config', 'valid')).map((f) => ({ where: `valid/${f}`, text: readFileSync(path.join(root, 'test', 'fixtures', 'config', 'valid', f), 'utf8') })),
    ];
    const where = samples.map((s) => s.where);
    assert.ok(where.some((w) => w.startsWith('README.md')), where.join(', '));
    assert.ok(where.includes(path.join('examples', '.vgpu-lint.json')), where.join(', '));
    assert.ok(samples.length >= 4, where.join(', '));
    for (const s of samples) {
      assert.ok(validate(JSON.parse(s.text)), `${s.where}: ${JSON.stringify(validate.errors)}`);
      assert.ok(parserAccepts(s.text), `${s.where}: the parser rejects it`);
    }
  });

  test('an unknown rule id, a bad level and a bad PCI address are rejected, by the schema and by the parser alike', () => {
    const dir = path.join(root, 'test', 'fixtures', 'config', 'invalid');
    const files = readdirSync(dir).sort();
    for (const must of ['unknown-rule-id.json', 'bad-level.json', 'bad-address.json']) assert.ok(files.includes(must), must);
    for (const f of files) {
      const text = readFileSync(path.join(dir, f), 'utf8');
      assert.equal(validate(JSON.parse(text)), false, `${f}: the schema accepts it`);
      assert.equal(parserAccepts(text), false, `${f}: the parser accepts it`);
    }
    // Where the schema points: the rule id, the level, the address.
    validate({ rules: { 'vmx/unknown_key': 'off' } });
    assert.ok(validate.errors!.some((e) => e.keyword === 'enum' && e.instancePath === '' && /propertyNames/.test(e.schemaPath)) || validate.errors!.some((e) => e.keyword === 'propertyNames'), JSON.stringify(validate.errors));
    validate({ rules: { 'vmx/unknown-key': 'loud' } });
    assert.ok(validate.errors!.some((e) => e.instancePath === '/rules/vmx~1unknown-key' && e.keyword === 'enum'), JSON.stringify(validate.errors));
    validate({ gpuMap: { '0000:3b:00.8': 'T4' } });
    assert.ok(validate.errors!.some((e) => e.keyword === 'pattern' || e.keyword === 'propertyNames'), JSON.stringify(validate.errors));
  });

  test('GPU models are accepted by id or name in any letter case, as the parser accepts them', () => {
    for (const model of ['A100-PCIE-80GB', 'a100-pcie-80gb', 'NVIDIA Tesla V100 PCIe 16 GB', 'nvidia a10', 'RTX-A4000']) {
      const cfg = { gpuMap: { '0000:3b:00.0': model } };
      assert.ok(validate(cfg), `${model}: ${JSON.stringify(validate.errors)}`);
      assert.ok(parserAccepts(JSON.stringify(cfg)), model);
    }
  });
});
