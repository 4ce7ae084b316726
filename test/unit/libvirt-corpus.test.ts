// Real libvirt files (test/corpus/libvirt): no exception on any, and no error-level finding on the
// ones libvirt's own virt-xml-validate accepts (the corpus README lists the ones it rejects).
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { preloadLibvirtSchemaValidator } from '../../server/src/libvirt/schema';
import { DEFAULT_SETTINGS } from '../../server/src/service/types';
import { service } from './libvirt-helpers';

const repoRoot = resolve(__dirname, '..', '..');
const corpus = join(repoRoot, 'test', 'corpus', 'libvirt');
/** The list below is libvirt 9.0.0's verdict: validate with the bundled 9.0.0 schemas, whatever the host has. */
const SETTINGS = { ...DEFAULT_SETTINGS, host: { ...DEFAULT_SETTINGS.host, enabled: false }, libvirt: { schemaDir: join(repoRoot, 'server', 'schemas', 'libvirt') } };
/** The corpus holds ~87 libvirt XML files; far fewer means it moved or lost files. */
const MIN_XML_FILES = 80;

/** Rejected by virt-xml-validate (libvirt 9.0), per the corpus README: findings there are not false alarms. */
const REJECTED_BY_LIBVIRT = new Set([
  'domain/acpi-generic-initiator.xml',
  'domain/cpu-phys-bits-limit.xml',
  'domain/hostdev-vfio.xml',
  'domain/launch-security-sev.xml',
  'wild/Bastiantkt__VFIO-GPU-Passthrough-Muxless__win11.xml',
  'wild/Snekutaren__9070xt-passthrough__win11.xml',
  'nodedev/mdev_autostart.xml',
  'nodedev/mdev_manual.xml',
  'nodedev/mdevctl-list-multiple.out.xml',
]);

/** Valid files on which a rule reports an error on purpose, with the reason (also in the rule's doc page). */
const ALLOWED_ERRORS: Record<string, { rule: string; why: string }> = {};

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

describe('libvirt corpus', () => {
  before(async () => {
    assert.ok(await preloadLibvirtSchemaValidator(), 'libxml2-wasm did not load: libvirt/schema would not run');
  });
  test('the corpus is present', () => {
    assert.ok(existsSync(corpus), `the corpus is missing at ${relative(repoRoot, corpus)}`);
  });
  const files = existsSync(corpus) ? walk(corpus).sort() : [];
  test('the corpus has its XML files (a moved or emptied corpus must not pass silently)', () => {
    const xml = files.filter((f) => f.endsWith('.xml'));
    assert.ok(xml.length >= MIN_XML_FILES, `only ${xml.length} XML files under ${relative(repoRoot, corpus)} (expected ≥ ${MIN_XML_FILES})`);
  });
  const svc = service();
  for (const file of files) {
    const rel = relative(corpus, file).split('\\').join('/');
    test(rel, () => {
      const text = readFileSync(file, 'utf8');
      const input = { uri: `file:///${rel}`, text };
      const findings = svc.findings(input, SETTINGS);
      svc.complete(input, { line: 3, character: 4 }, DEFAULT_SETTINGS);
      svc.hover(input, { line: 3, character: 4 }, DEFAULT_SETTINGS);
      svc.symbols(input, DEFAULT_SETTINGS);
      svc.folding(input, DEFAULT_SETTINGS);
      if (rel.endsWith('.xml') && !REJECTED_BY_LIBVIRT.has(rel)) {
        const errors = findings.filter((f) => f.level === 'error' && ALLOWED_ERRORS[rel]?.rule !== f.ruleId);
        assert.deepEqual(errors.map((f) => `${f.ruleId} ${f.range.start.line + 1}: ${f.message}`), []);
      }
      if (REJECTED_BY_LIBVIRT.has(rel)) {
        // What libvirt 9.0.0 rejects, we reject too (a schema error, or xml/syntax for the joined documents).
        assert.ok(findings.some((f) => f.level === 'error' && (f.ruleId === 'libvirt/schema' || f.ruleId === 'xml/syntax')), `${rel}: no error, but libvirt 9.0.0 rejects it`);
      }
    });
  }
});
