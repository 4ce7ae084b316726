// xml/syntax and xml/smart-quotes, recognition of libvirt documents, and parser robustness.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseXml } from '../../server/src/libvirt/xml/parser';
import { analyseLibvirt, xmlRootName } from '../../server/src/libvirt/analyse';
import { DEFAULT_SETTINGS } from '../../server/src/service/types';
import { domain, findingsOf, fixed, NO_HOST_SETTINGS, only, rangeOf, service } from './libvirt-helpers';

describe('document recognition', () => {
  const others: Record<string, string> = {
    'pom.xml': `<?xml version="1.0" encoding="UTF-8"?>\n<project xmlns="http://maven.apache.org/POM/4.0.0">\n  <modelVersion>4.0.0</modelVersion>\n  <groupId>org.example</groupId>\n  <artifactId>demo</artifactId>\n  <version>1.0</version>\n  <dependencies><dependency><groupId>junit</groupId></dependency></dependencies>\n</project>\n`,
    'logo.svg': `<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect x="0" y="0" width="10" height="10" fill="red"/><text x=‘1’>&nbsp;</text></svg>\n`,
    'index.xhtml': `<?xml version="1.0"?>\n<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">\n<html xmlns="http://www.w3.org/1999/xhtml"><head><title>t</title></head><body><p>domain <b>device</b></p><br></body></html>\n`,
  };
  for (const [name, text] of Object.entries(others)) {
    test(`${name} gets zero diagnostics`, () => {
      const svc = service();
      assert.deepEqual(svc.diagnose({ uri: `file:///${name}`, text }, DEFAULT_SETTINGS), []);
      assert.equal(svc.documentKind({ uri: `file:///${name}`, text }, DEFAULT_SETTINGS), 'other');
    });
  }
  test('root <domain> and <device> are libvirt documents', () => {
    assert.equal(analyseLibvirt('<domain/>', NO_HOST_SETTINGS)?.kind, 'libvirt-domain');
    assert.equal(analyseLibvirt('<?xml version="1.0"?>\n<!-- c -->\n<device><name>x</name></device>', NO_HOST_SETTINGS)?.kind, 'libvirt-nodedev');
    assert.equal(analyseLibvirt('<domainx/>', NO_HOST_SETTINGS), undefined);
  });
  test('a domain after a long licence comment is still a libvirt document (no size cap)', () => {
    const text = `<!--\n${'Licensed under the Apache License, Version 2.0.\n'.repeat(3000)}-->\n<domain type='kvm'><name>x</name></domain>\n`;
    assert.ok(text.length > 140_000);
    assert.equal(xmlRootName(text), 'domain');
    assert.equal(analyseLibvirt(text, NO_HOST_SETTINGS)?.kind, 'libvirt-domain');
  });
  test('markup inside the DOCTYPE internal subset is not taken for the root element', () => {
    const pom = `<!DOCTYPE project [<!ENTITY e "1 > 0 <domain>">]>\n<project><a>&e;</a></project>\n`;
    assert.equal(xmlRootName(pom), 'project');
    assert.equal(service().documentKind({ uri: 'file:///pom.xml', text: pom }, DEFAULT_SETTINGS), 'other');
    const dom = `<!DOCTYPE domain [\n  <!-- it's a note with a quote -->\n  <!ENTITY e "a > b <foo>">\n  <?pi ]> ?>\n]>\n<domain type='kvm'><name>&e;</name></domain>`;
    assert.equal(xmlRootName(dom), 'domain');
    const a = analyseLibvirt(dom, NO_HOST_SETTINGS)!;
    assert.equal(a.kind, 'libvirt-domain');
    assert.deepEqual(a.doc.errors, []);
    assert.equal(a.doc.root?.name, 'domain');
  });
  test('an unterminated DOCTYPE or comment has no root', () => {
    assert.equal(xmlRootName('<!DOCTYPE domain [ <!ENTITY e "v"> <domain/>'), undefined);
    assert.equal(xmlRootName('<!-- <domain/>'), undefined);
  });
});

describe('xml/syntax', () => {
  test('an unclosed element is reported once, at its name', () => {
    const text = "<domain type='kvm'>\n  <devices>\n    <hostdev mode='subsystem' type='pci'>\n  </devices>\n</domain>\n";
    const fs = only(text, 'xml/syntax');
    assert.equal(fs.length, 1);
    assert.deepEqual(fs[0].range, { start: { line: 2, character: 5 }, end: { line: 2, character: 12 } });
    assert.match(fs[0].message, /<hostdev> is never closed/);
    assert.equal(fs[0].level, 'error');
  });
  test('a stray character is reported where it is', () => {
    const text = "<domain>\n  <name>a & b</name>\n</domain>\n";
    const fs = only(text, 'xml/syntax');
    assert.equal(fs.length, 1);
    assert.deepEqual(fs[0].range.start, { line: 1, character: 10 });
    assert.match(fs[0].message, /&amp;/);
  });
  test('an unterminated attribute value points at its opening quote, not the cascade after it', () => {
    const text = "<domain>\n  <os firmware='efi>\n    <type>hvm</type>\n  </os>\n</domain>\n";
    const fs = only(text, 'xml/syntax');
    assert.equal(fs.length, 1);
    assert.deepEqual(fs[0].range.start, { line: 1, character: 15 });
    assert.match(fs[0].message, /never closed/);
  });
  test('a mismatched end tag, an undefined entity and a truncated file', () => {
    assert.match(only('<domain><name>x</nmae></domain>', 'xml/syntax')[0].message, /<name> is never closed|does not match/);
    const ent = only('<domain><name>&foo;</name></domain>', 'xml/syntax')[0];
    assert.match(ent.message, /Undefined entity &foo;/);
    assert.deepEqual(ent.range.start, { line: 0, character: 14 });
    const trunc = only("<domain type='kvm'>\n  <devices>\n", 'xml/syntax');
    assert.equal(trunc.length, 1);
    assert.deepEqual(trunc[0].range.start, { line: 1, character: 3 });
  });
  test('entities are never expanded (billion laughs stays small and fast)', () => {
    const text = `<!DOCTYPE domain [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>\n<domain><name>&b;</name></domain>`;
    const a = analyseLibvirt(text, NO_HOST_SETTINGS)!;
    assert.equal(a.doc.errors.length, 0);
    assert.ok(a.doc.root);
  });
  test('arbitrary bytes never throw', () => {
    let seed = 7;
    const rnd = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
    const alphabet = "<>/='\"‘’“”&;!?-[] \n\tadomindevcsuh:0x\u0000\uffff";
    for (let n = 0; n < 300; n++) {
      let s = '<domain>';
      const len = Math.floor(rnd() * 200);
      for (let i = 0; i < len; i++) s += alphabet[Math.floor(rnd() * alphabet.length)];
      const fs = findingsOf(s);
      assert.ok(Array.isArray(fs));
    }
  });
});

describe('xml/smart-quotes (the vGPU-on-KVM slides)', () => {
  test("state=‘on’ → state='on', one diagnostic per attribute and no syntax cascade", () => {
    const text = domain({ extra: '  <features>\n    <hyperv>\n      <relaxed state=‘on’ />\n      <vpindex state=‘on’ />\n    </hyperv>\n  </features>' });
    const fs = findingsOf(text);
    assert.deepEqual(fs.map((f) => f.ruleId), ['xml/smart-quotes', 'xml/smart-quotes']);
    assert.deepEqual(fs[0].range, { start: { line: 9, character: 15 }, end: { line: 9, character: 25 } });
    assert.equal(fs[0].level, 'error');
    assert.equal(fixed(text, fs[0]), text.replace("<relaxed state=‘on’ />", "<relaxed state='on' />"));
  });
  test("mixed straight + curly: slot='0x08’ keeps the straight opening quote", () => {
    const text = domain({
      devices: "    <hostdev mode='subsystem' type='mdev' managed='no' model='vfio-pci'>\n      <source>\n        <address uuid='98d19132-f8f0-4d19-8743-9efa23e6c493'/>\n      </source>\n      <address type='pci' domain='0x0000' bus='0x00' slot='0x08’ function='0x0'/>\n    </hostdev>",
    });
    const fs = findingsOf(text);
    assert.deepEqual(fs.map((f) => f.ruleId), ['xml/smart-quotes']);
    assert.deepEqual(fs[0].range, { start: { line: 12, character: 53 }, end: { line: 12, character: 64 } });
    assert.equal(fixed(text, fs[0]), text.replace("slot='0x08’", "slot='0x08'"));
  });
  test('double curly quotes become double quotes', () => {
    const text = domain({ extra: '  <cputune>\n    <vcpupin vcpu=“0” cpuset=“0” />\n  </cputune>' });
    const fs = only(text, 'xml/smart-quotes');
    assert.equal(fs.length, 2);
    const once = fixed(text, fs[0]);
    assert.match(once, /<vcpupin vcpu='0' cpuset=“0” \/>/);
  });
  test("a smart-quoted value with a bare '&' is a syntax error, and the fix escapes it", () => {
    const text = domain({ devices: "    <input type=\u201c&mouse' bus='ps2'/>" });
    const syntax = only(text, 'xml/syntax');
    assert.equal(syntax.length, 1);
    assert.deepEqual(syntax[0].range, rangeOf(text, '&'));
    assert.match(syntax[0].message, /&amp;/);
    const [f] = only(text, 'xml/smart-quotes');
    assert.equal(f.fixes![0].safe, true);
    const after = fixed(text, f);
    assert.match(after, /<input type='&amp;mouse' bus='ps2'\/>/);
    assert.deepEqual(findingsOf(after).filter((x) => x.ruleId.startsWith('xml/')), []);
  });
  test("a straight quote inside a curly-quoted value: the fix picks the other straight quote", () => {
    const text = domain({ devices: "    <input type=\u201ca'b\u201d bus='ps2'/>" });
    const fs = findingsOf(text).filter((x) => x.ruleId.startsWith('xml/'));
    assert.deepEqual(fs.map((x) => x.ruleId), ['xml/smart-quotes']);
    assert.equal(fs[0].fixes![0].safe, true);
    const after = fixed(text, fs[0]);
    assert.match(after, /<input type="a'b" bus='ps2'\/>/);
    assert.deepEqual(findingsOf(after).filter((x) => x.ruleId.startsWith('xml/')), []);
  });
  test('both straight quotes inside a curly-quoted value: escaped, and the fix is not safe', () => {
    const text = domain({ devices: "    <input type=\u201ca'b\"c\u201d bus='ps2'/>" });
    const [f] = only(text, 'xml/smart-quotes');
    assert.equal(f.fixes![0].safe, false);
    const after = fixed(text, f);
    assert.match(after, /<input type='a&apos;b"c' bus='ps2'\/>/);
    assert.deepEqual(findingsOf(after).filter((x) => x.ruleId.startsWith('xml/')), []);
  });
  test("a straight-opened value closed by a curly quote gets the same checks: type='mouse&x\u2019", () => {
    const text = domain({ devices: "    <input type='mouse&x\u2019 bus='ps2'/>" });
    assert.match(only(text, 'xml/syntax')[0].message, /&amp;/);
    const after = fixed(text, only(text, 'xml/smart-quotes')[0]);
    assert.match(after, /<input type='mouse&amp;x' bus='ps2'\/>/);
  });
  test('a huge smart-quoted value gives a short message', () => {
    const text = domain({ devices: `    <input type=\u2018${'m'.repeat(1_000_000)}\u2019 bus='ps2'/>` });
    const [f] = only(text, 'xml/smart-quotes');
    assert.ok(f.message.length < 300, `${f.message.length} chars`);
    assert.ok(f.fixes![0].title.length < 300);
  });
  test('a fix-all pass makes the slides\' Hyper-V block valid', () => {
    const text = domain({ extra: '  <features>\n    <hyperv>\n      <relaxed state=‘on’ />\n      <vapic status=‘on’ />\n      <spinlocks status=‘on’ retires=‘4096’ />\n    </hyperv>\n  </features>' });
    const svc = service();
    let cur = text;
    for (let i = 0; i < 4; i++) {
      const edits = svc.fixAll({ uri: 'file:///vm.xml', text: cur }, NO_HOST_SETTINGS);
      if (!edits.length) break;
      cur = fixed(cur, { fixes: [{ edits }] });
    }
    assert.match(cur, /<relaxed state='on' \/>\n      <vapic state='on' \/>\n      <spinlocks state='on' retries='4096' \/>/);
    assert.deepEqual(findingsOf(cur), []);
  });
});

describe('parser', () => {
  test('keeps exact offsets of names and values', () => {
    const d = parseXml("<a x = \"1\" y='&lt;2'/>");
    const [x, y] = d.root!.attributes;
    assert.deepEqual([x.nameSpan, x.valueSpan, x.innerSpan], [{ start: 3, end: 4 }, { start: 7, end: 10 }, { start: 8, end: 9 }]);
    assert.equal(y.raw, '&lt;2');
    assert.equal(y.value, '<2');
  });
  test('a 2.4 MB domain with 6,000 hostdevs analyses in linear time', () => {
    const hostdevs: string[] = [];
    for (let i = 0; i < 6000; i++) {
      const bus = ((i >> 5) & 0xff).toString(16).padStart(2, '0');
      const slot = (i & 31).toString(16).padStart(2, '0');
      hostdevs.push(
        `    <hostdev mode='subsystem' type='pci' managed='yes'>\n      <source>\n        <address domain='0x${(i >> 13).toString(16).padStart(4, '0')}' bus='0x${bus}' slot='0x${slot}' function='0x0'/>\n      </source>\n      <!-- passthrough device number ${i}: a comment long enough to bring the file to the size of a very large generated domain -->\n      <rom bar='off'/>\n      <address type='pci' domain='0x0000' bus='0x01' slot='0x00' function='0x0'/>\n    </hostdev>`,
      );
    }
    const text = domain({ devices: hostdevs.join('\n') });
    assert.ok(text.length > 2_400_000, `size ${text.length}`);
    // The schema validator (libxml2) is measured on its own; this measures the front end: parse, model, rules.
    const settings = { ...NO_HOST_SETTINGS, rules: { 'libvirt/schema': 'off' as const } };
    analyseLibvirt(text, settings); // warm up the JIT
    const t0 = performance.now();
    const a = analyseLibvirt(text, settings)!;
    const ms = performance.now() - t0;
    console.log(`  analysed ${(text.length / 1e6).toFixed(1)} MB, ${a.domain!.hostdevs.length} hostdevs in ${ms.toFixed(0)} ms`);
    assert.equal(a.domain!.hostdevs.length, 6000);
    assert.ok(ms < 30_000, `took ${ms} ms: a hang or an O(n²) step (typically well under a second; timing is benchmarked, this only catches hangs)`);
  });
});
