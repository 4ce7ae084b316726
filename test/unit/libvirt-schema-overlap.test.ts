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

describe('withoutCoveredSchemaFindings', () => {
  const text = "<domain>\n  <devices>\n    <hostdev mode='subsytem' type='pci'>\n      <bogus/>\n    </hostdev>\n  </devices>\n</domain>\n";
  const doc = parseXml(text);
  const index = new LineIndex(text);
  const at = (needle: string) => rangeOf(text, needle);
  const schema = (needle: string): Finding => ({ ruleId: 'libvirt/schema', range: at(needle), message: needle });
  const fix = [{ title: 'fix', edits: [], safe: true }];
  test('a finding with a fix on an element name covers schema findings in its start tag, not in its children', () => {
    const specific: Finding[] = [{ ruleId: 'libvirt/x', range: at('hostdev'), message: 'x', fixes: fix }];
    const kept = withoutCoveredSchemaFindings([schema("mode='subsytem'"), schema('hostdev'), schema('bogus')], specific, doc, index);
    assert.deepEqual(kept.map((f) => f.message), ['bogus']);
  });
  test('a finding on an attribute value covers the schema finding on the whole attribute; one without a fix covers nothing', () => {
    const onValue: Finding[] = [{ ruleId: 'libvirt/x', range: at('subsytem'), message: 'x', fixes: fix }];
    assert.deepEqual(withoutCoveredSchemaFindings([schema("mode='subsytem'"), schema("type='pci'")], onValue, doc, index).map((f) => f.message), ["type='pci'"]);
    const noFix: Finding[] = [{ ruleId: 'libvirt/x', range: at('subsytem'), message: 'x' }];
    assert.equal(withoutCoveredSchemaFindings([schema("mode='subsytem'")], noFix, doc, index).length, 1);
  });
});
