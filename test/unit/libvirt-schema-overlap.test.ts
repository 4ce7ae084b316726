// One problem, one diagnostic: a libvirt/schema finding on an attribute or element that a specific rule
// already reports (with a fix) is dropped – unless that rule is turned off in the settings.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { preloadLibvirtSchemaValidator } from '../../server/src/libvirt/schema';
import { resolveSchemaSet } from '../../server/src/libvirt/schema/schemaSet';
import { withoutCoveredSchemaFindings } from '../../server/src/libvirt/schemaOverlap';
import { parseXml } from '../../server/src/libvirt/xml/parser';
import { LineIndex } from '../../server/src/service/text';
import type { Finding } from '../../server/src/service/types';
import { domain, findingsOf, NO_HOST_SETTINGS, rangeOf } from './libvirt-helpers';

/** The set the default settings validate with: the host's schemas, else the bundled copy (always there). */
const SCHEMA_DIR = resolveSchemaSet(NO_HOST_SETTINGS.libvirt.schemaDir).dir;
const RELAXED = domain({ extra: "  <features>\n    <hyperv mode='custom'>\n      <relaxed status='on'/>\n    </hyperv>\n  </features>" });

before(async () => {
  assert.ok(fs.existsSync(path.join(SCHEMA_DIR, 'domain.rng')), `libvirt RelaxNG schemas missing in ${SCHEMA_DIR}`);
  assert.ok(await preloadLibvirtSchemaValidator(), 'libxml2-wasm could not be loaded: libvirt/schema cannot run');
});

describe('libvirt/schema vs specific rules', () => {
  test("<relaxed status='on'/>: only libvirt/unknown-attribute, with its rename fix", () => {
    const fs = findingsOf(RELAXED).filter((f) => f.range.start.line === rangeOf(RELAXED, 'status').start.line);
    assert.deepEqual(fs.map((f) => [f.ruleId, f.level]), [['libvirt/unknown-attribute', 'warning']]);
    assert.equal(fs[0].fixes?.[0].title, 'Rename to state=');
  });
  test('with libvirt/unknown-attribute off, the schema error stays, on the whole attribute', () => {
    const settings = { ...NO_HOST_SETTINGS, rules: { 'libvirt/unknown-attribute': 'off' as const } };
    const fs = findingsOf(RELAXED, { settings }).filter((f) => f.range.start.line === rangeOf(RELAXED, 'status').start.line);
    assert.deepEqual(fs.map((f) => [f.ruleId, f.level]), [['libvirt/schema', 'error']]);
    assert.deepEqual(fs[0].range, rangeOf(RELAXED, "status='on'"));
    assert.match(fs[0].message, /Unknown attribute status= on <relaxed>/);
  });
  test('a schema error elsewhere in the document is kept', () => {
    const text = RELAXED.replace("<domain type='kvm'>", "<domain type='kvm'>\n  <vcpu placement='bogus'>4</vcpu>").replace("  <vcpu placement='static'>4</vcpu>\n", '');
    const ids = findingsOf(text).map((f) => f.ruleId);
    assert.ok(ids.includes('libvirt/schema'), ids.join(', '));
    assert.ok(ids.includes('libvirt/unknown-attribute'), ids.join(', '));
  });
});

describe('libvirt/schema steps back only for the same problem', () => {
  const MDEV = (hostdevAttrs: string, uuid = '98d19132-f8f0-4d19-8743-9efa23e6c493') =>
    domain({ devices: `    <hostdev mode='subsystem' type='mdev'${hostdevAttrs}>\n      <source>\n        <address uuid='${uuid}'/>\n      </source>\n    </hostdev>` });

  test("an unrelated fixable finding in the start tag (mdev-model) does not hide a schema error on another attribute (managed='maybe')", () => {
    const text = MDEV(" managed='maybe'");
    const got = findingsOf(text).map((f) => [f.ruleId, f.range, f.message, f.fixes?.length ?? 0]);
    assert.deepEqual(got, [
      ['libvirt/mdev-model', rangeOf(text, 'hostdev'), "A type='mdev' hostdev needs model='vfio-pci' for a vGPU (libvirt requires the model attribute)", 1],
      ['libvirt/schema', rangeOf(text, "managed='maybe'"), "Invalid attribute managed='maybe' on <hostdev> (libvirt schema)", 0],
    ]);
  });

  test('without the specific rule, the schema error it explained is back', () => {
    const settings = { ...NO_HOST_SETTINGS, rules: { 'libvirt/mdev-model': 'off' as const } };
    const got = findingsOf(MDEV(''), { settings }).map((f) => [f.ruleId, f.message]);
    assert.deepEqual(got, [['libvirt/schema', "<hostdev> does not match the libvirt schema: check its attribute values (mode='subsystem', type='mdev') and required content"]]);
  });

  test("a placeholder UUID in a hostdev is one finding, libvirt/mdev-uuid: the schema errors on <address> and <source> step back", () => {
    const text = MDEV(" model='vfio-pci'", '$(uuidgen)');
    const got = findingsOf(text).map((f) => [f.ruleId, f.range, f.message]);
    assert.deepEqual(got, [
      ['libvirt/mdev-uuid', rangeOf(text, "'$(uuidgen)'"), "'$(uuidgen)' is a placeholder, not a UUID: generate one (uuidgen) and use the same one in the node device and the hostdev"],
    ]);
  });

  test('a placeholder UUID in a node device is one finding too', () => {
    const text = "<device>\n  <name>mdev_x</name>\n  <parent>pci_0000_3b_00_0</parent>\n  <capability type='mdev'>\n    <type id='nvidia-999'/>\n    <uuid>$(uuidgen)</uuid>\n  </capability>\n</device>\n";
    assert.deepEqual(findingsOf(text).map((f) => [f.ruleId, f.range]), [['libvirt/mdev-uuid', rangeOf(text, '$(uuidgen)')]]);
  });

  test("an out-of-range bus is one finding, libvirt/hostdev-address, not also the schema's invalid attribute", () => {
    const text = domain({ devices: "    <hostdev mode='subsystem' type='pci' managed='yes'>\n      <source>\n        <address domain='0x0000' bus='0x1ff' slot='0x00' function='0x0'/>\n      </source>\n    </hostdev>" });
    assert.deepEqual(findingsOf(text).filter((f) => f.ruleId !== 'libvirt/unknown-gpu').map((f) => f.ruleId), ['libvirt/hostdev-address']);
  });
});

describe('withoutCoveredSchemaFindings', () => {
  const text = "<domain>\n  <devices>\n    <hostdev mode='subsytem' type='pci' statu='x'>\n      <bogus/>\n    </hostdev>\n  </devices>\n</domain>\n";
  const doc = parseXml(text);
  const index = new LineIndex(text);
  const at = (needle: string) => rangeOf(text, needle);
  const schema = (needle: string, message: string): Finding => ({ ruleId: 'libvirt/schema', range: at(needle), message });
  const fix = [{ title: 'fix', edits: [], safe: true }];
  const MODE = schema("mode='subsytem'", "Invalid value mode='subsytem' on <hostdev>: the libvirt schema accepts e.g. 'subsystem'");
  const STATU = schema("statu='x'", "Invalid attribute statu='x' on <hostdev> (libvirt schema)");
  const HOSTDEV = schema('hostdev', '<hostdev> does not match the libvirt schema');
  const BOGUS = schema('bogus', 'Unknown element <bogus> (not in the libvirt schema)');
  test('a fixable finding on the element name hides no schema finding of its start tag or children', () => {
    const specific: Finding[] = [{ ruleId: 'libvirt/mdev-model', range: at('hostdev'), message: 'x', fixes: fix }];
    assert.deepEqual(withoutCoveredSchemaFindings([MODE, STATU, HOSTDEV, BOGUS], specific, doc, index), [MODE, STATU, HOSTDEV, BOGUS]);
  });
  test('unknown-attribute hides the schema finding about the same attribute being not allowed, nothing else', () => {
    const specific: Finding[] = [{ ruleId: 'libvirt/unknown-attribute', range: at('statu'), message: 'x' }];
    assert.deepEqual(withoutCoveredSchemaFindings([MODE, STATU, HOSTDEV, BOGUS], specific, doc, index), [MODE, HOSTDEV, BOGUS]);
  });
  test('a value rule hides the schema finding about the same value; the same rule elsewhere, or another problem, hides nothing', () => {
    const onMode: Finding[] = [{ ruleId: 'libvirt/hostdev-address', range: at("'subsytem'"), message: 'x' }];
    assert.deepEqual(withoutCoveredSchemaFindings([MODE, STATU], onMode, doc, index), [STATU]);
    const unknownOnMode: Finding[] = [{ ruleId: 'libvirt/unknown-attribute', range: at('mode'), message: 'x', fixes: fix }];
    assert.deepEqual(withoutCoveredSchemaFindings([MODE], unknownOnMode, doc, index), [MODE]);
    const otherRule: Finding[] = [{ ruleId: 'libvirt/x', range: at("'subsytem'"), message: 'x', fixes: fix }];
    assert.deepEqual(withoutCoveredSchemaFindings([MODE], otherRule, doc, index), [MODE]);
  });
});
