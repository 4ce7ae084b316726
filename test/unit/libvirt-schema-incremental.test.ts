// Revalidation after an edit: a text that differs from a clean one only inside an element with a
// define and a single pattern of its own is validated by that element alone; the result is the
// whole-document result in every case.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { preloadLibvirtSchemaValidator, validateLibvirtSchema, validationStats } from '../../server/src/libvirt/schema';
import { bundledSchemaDir } from '../../server/src/libvirt/schema/schemaSet';
import { parseXml } from '../../server/src/libvirt/xml/parser';

const DIR = bundledSchemaDir();
const KIND = 'libvirt-domain' as const;

const disk = (n: number, extra = '') =>
  `    <disk type='file' device='disk'>\n      <driver name='qemu' type='qcow2'/>\n      <source file='/var/lib/libvirt/images/d${n}.qcow2'/>\n      <target dev='vd${String.fromCharCode(97 + n)}' bus='virtio'/>${extra}\n    </disk>\n`;
const domain = (disks: string) =>
  `<domain type='kvm'>\n  <name>inc</name>\n  <memory unit='GiB'>8</memory>\n  <os>\n    <type arch='x86_64' machine='q35'>hvm</type>\n  </os>\n  <devices>\n${disks}    <graphics type='vnc' port='-1'/>\n  </devices>\n</domain>\n`;
const BASE = domain(disk(0) + disk(1) + disk(2));

/** As the editor validates: with the document's tree. */
const validate = (text: string) => validateLibvirtSchema(text, KIND, DIR, parseXml(text));

/** The same text validated in full: a comment after the root element has no element around it. */
function fresh(text: string, n: number) {
  const r = validateLibvirtSchema(`${text}<!-- fresh ${n} -->`, KIND, DIR);
  assert.ok(r.available);
  return r.errors.map((e) => ({ ...e, message: e.message }));
}

describe('schema revalidation by element', () => {
  before(async () => assert.ok(await preloadLibvirtSchemaValidator(), 'libxml2-wasm loads'));

  test('a valid edit inside one <disk> is checked by that <disk> alone, and found valid', () => {
    assert.deepEqual(validate(BASE), { available: true, errors: [] });
    const before = { ...validationStats };
    const edited = BASE.replace(disk(1), disk(1, '\n      <serial>abc</serial>'));
    assert.deepEqual(validate(edited), { available: true, errors: [] });
    assert.equal(validationStats.byElement, before.byElement + 1);
    assert.equal(validationStats.full, before.full);
    // Typing on: each new text is checked against the last clean one.
    const more = BASE.replace(disk(1), disk(1, '\n      <serial>abcd</serial>'));
    assert.deepEqual(validate(more), { available: true, errors: [] });
    assert.equal(validationStats.byElement, before.byElement + 2);
  });

  test('an edit that breaks the <disk> falls back to the whole document: the same located error as a fresh validation', () => {
    validate(BASE);
    const broken = BASE.replace(disk(2), disk(2, '\n      <bogus/>'));
    const before = { ...validationStats };
    const r = validate(broken);
    assert.ok(r.available);
    assert.equal(validationStats.full, before.full + 1);
    assert.equal(r.errors.length, 1);
    assert.equal(broken.slice(r.errors[0].offset, r.errors[0].endOffset), 'bogus');
    assert.deepEqual(r.errors, fresh(broken, 1));
  });

  test('edits across elements, of the root, of an attribute, and by deletion: always the whole-document verdict', () => {
    const edits = [
      BASE.replace("bus='virtio'", "bus='sata'"), // an attribute inside <target>: revalidated by its <disk>
      BASE.replace("bus='virtio'", "bus='vritio'"), // invalid value
      BASE.replace(disk(0), ''), // a whole <disk> removed: the change is inside <devices>
      BASE.replace("<domain type='kvm'>", "<domain type='qemu'>"), // the root's own start tag
      BASE.replace('<name>inc</name>', '<name>inc2</name>'),
      BASE.replace("<graphics type='vnc' port='-1'/>", "<graphics type='vnc' port='x'/>"),
      BASE.replace(disk(1), disk(1, "\n      <readonly/>\n      <readonly/>")),
      BASE.replace('</devices>', "  <memballoon model='virtio'/>\n  </devices>"),
    ];
    edits.forEach((text, i) => {
      validate(BASE);
      const r = validate(text);
      assert.ok(r.available);
      assert.deepEqual(r.errors, fresh(text, 100 + i), `edit ${i}`);
    });
  });
});

describe('large documents checked in parts', () => {
  before(async () => assert.ok(await preloadLibvirtSchemaValidator(), 'libxml2-wasm loads'));
  const many = (n: number, extra: (i: number) => string = () => '') => domain(Array.from({ length: n }, (_, i) => disk(i % 20, extra(i)).replace(/vd[a-z]'/, `vd${i}'`)).join('') + "    <memballoon model='virtio'/>\n".repeat(1));
  const big = (text: string) => text.replace('<name>inc</name>', `<name>inc</name>\n  <description>${'x'.repeat(200_000)}</description>`);

  test('a valid large domain is found valid by parts, without the whole-document validation', () => {
    const text = big(many(60));
    const before = { ...validationStats };
    assert.deepEqual(validate(text), { available: true, errors: [] });
    assert.equal(validationStats.split, before.split + 1);
    assert.equal(validationStats.full, before.full);
  });

  test('a mistake in a cut-out element, or in one kept in place, or a second <memballoon>: the whole-document result', () => {
    const texts = [
      big(many(60, (i) => (i === 40 ? '\n      <bogus/>' : ''))),
      big(many(60, (i) => (i === 1 ? "\n      <readonly x='1'/>" : ''))),
      big(many(60).replace("    <memballoon model='virtio'/>\n", "    <memballoon model='virtio'/>\n    <memballoon model='none'/>\n")),
      big(many(60).replace("bus='virtio'", "bus='nope'")),
    ];
    texts.forEach((text, i) => {
      const r = validate(text);
      assert.ok(r.available);
      assert.ok(r.errors.length > 0, `text ${i} has errors`);
      assert.deepEqual(r.errors, fresh(text, 200 + i), `text ${i}`);
    });
  });
});

describe('validation without the caller’s tree', () => {
  before(async () => assert.ok(await preloadLibvirtSchemaValidator(), 'libxml2-wasm loads'));
  test('the locator’s cut copies (no tree passed) are always validated in full', () => {
    validate(BASE);
    const before = { ...validationStats };
    const edited = BASE.replace(disk(1), disk(1, '\n      <serial>no-tree</serial>'));
    assert.deepEqual(validateLibvirtSchema(edited, KIND, DIR), { available: true, errors: [] });
    assert.equal(validationStats.full, before.full + 1);
    assert.equal(validationStats.byElement, before.byElement);
  });
});
