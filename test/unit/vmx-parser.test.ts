import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeVmxEscapes, encodeVmxValue, parseVmx, VmxEntry } from '../../server/src/vmx/parser';
import type { Span } from '../../server/src/service/text';

const slice = (text: string, s: Span) => text.slice(s.start, s.end);

function onlyEntry(text: string): VmxEntry {
  const doc = parseVmx(text);
  assert.equal(doc.entries.length, 1, `expected one entry in ${JSON.stringify(text)}`);
  return doc.entries[0];
}

describe('vmx parser: spans', () => {
  test('key, "=", value, quotes and trailing comment have exact offsets', () => {
    const text = '  pciPassthru0.present =  "TRUE"   # attach the GPU\n';
    const e = onlyEntry(text);
    assert.deepEqual(e.key.span, { start: 2, end: 22 });
    assert.equal(slice(text, e.key.span), 'pciPassthru0.present');
    assert.equal(e.eq, 23);
    assert.equal(text[e.eq], '=');
    assert.deepEqual(e.value.span, { start: 26, end: 32 });
    assert.equal(slice(text, e.value.span), '"TRUE"');
    assert.deepEqual(e.value.inner, { start: 27, end: 31 });
    assert.equal(e.value.raw, 'TRUE');
    assert.equal(e.value.quote, 'straight');
    assert.equal(e.value.terminated, true);
    assert.deepEqual(e.comment, { start: 35, end: 51 });
    assert.equal(slice(text, e.comment!), '# attach the GPU');
    assert.deepEqual(e.line, { start: 0, end: 51 });
    assert.equal(e.lineIndex, 0);
  });

  test('no spaces around "="', () => {
    const text = 'pciPassthru.use64bitMMIO="TRUE"';
    const e = onlyEntry(text);
    assert.equal(slice(text, e.key.span), 'pciPassthru.use64bitMMIO');
    assert.equal(e.eq, 24);
    assert.deepEqual(e.value.span, { start: 25, end: 31 });
  });

  test('comment, blank and entry lines are classified', () => {
    const doc = parseVmx('# a comment\n\n   \nmemSize = "4096"\n');
    assert.deepEqual(doc.lines.map((l) => l.kind), ['comment', 'blank', 'blank', 'entry']);
    const c = doc.lines[0];
    assert.equal(c.kind === 'comment' && c.text, '# a comment');
  });

  test('a "#" inside quotes is part of the value, not a comment', () => {
    const e = onlyEntry('annotation = "GPU #1 # not a comment"');
    assert.equal(e.value.text, 'GPU #1 # not a comment');
    assert.equal(e.comment, undefined);
  });

  test('bare (unquoted) value stops before a " #" comment and trailing blanks', () => {
    const text = 'memSize = 256000  # 256GB RAM';
    const e = onlyEntry(text);
    assert.equal(e.value.quote, 'none');
    assert.deepEqual(e.value.span, { start: 10, end: 16 });
    assert.equal(e.value.text, '256000');
    assert.equal(slice(text, e.comment!), '# 256GB RAM');
  });
});

describe('vmx parser: line breaks and file edges', () => {
  test('CRLF: spans exclude the line break; positions are per line', () => {
    const text = '.encoding = "UTF-8"\r\nmemSize = "8192"\r\n';
    const doc = parseVmx(text);
    assert.equal(doc.lines.length, 2);
    const mem = doc.get('memsize')!;
    assert.equal(mem.lineIndex, 1);
    assert.deepEqual(mem.line, { start: 21, end: 37 });
    assert.equal(slice(text, mem.value.span), '"8192"');
    assert.deepEqual(doc.index.range(mem.value.span), { start: { line: 1, character: 10 }, end: { line: 1, character: 16 } });
    assert.equal(doc.index.dominantEol(), '\r\n');
  });

  test('mixed LF and CRLF lines both parse', () => {
    const doc = parseVmx('a = "1"\r\nb = "2"\nc = "3"\r\n');
    assert.deepEqual(doc.entries.map((e) => [e.key.text, e.value.text]), [['a', '1'], ['b', '2'], ['c', '3']]);
  });

  test('empty file: one blank line, no entries', () => {
    const doc = parseVmx('');
    assert.equal(doc.entries.length, 0);
    assert.deepEqual(doc.lines.map((l) => l.kind), ['blank']);
    assert.equal(doc.get('memsize'), undefined);
  });

  test('file without a trailing newline: the last line is still an entry', () => {
    const text = 'memSize = "4096"\nfirmware = "efi"';
    const doc = parseVmx(text);
    assert.equal(doc.lines.length, 2);
    const fw = doc.get('firmware')!;
    assert.deepEqual(fw.value.span, { start: 28, end: 33 });
    assert.equal(fw.value.text, 'efi');
  });

  test('a trailing newline does not add a phantom line', () => {
    assert.equal(parseVmx('a = "1"\n').lines.length, 1);
    assert.equal(parseVmx('a = "1"\r\n').lines.length, 1);
  });

  test('UTF-8 BOM before the first key is not part of the key', () => {
    const text = '\ufeff.encoding = "UTF-8"\n';
    const e = onlyEntry(text);
    assert.deepEqual(e.key.span, { start: 1, end: 10 });
    assert.equal(e.key.text, '.encoding');
    assert.equal(e.value.text, 'UTF-8');
  });
});

describe('vmx parser: values', () => {
  test('|22 and other |XX escapes are decoded in text, kept in raw', () => {
    const e = onlyEntry('annotation = "say |22hi|22|0Aline 2 |7C pipe"');
    assert.equal(e.value.raw, 'say |22hi|22|0Aline 2 |7C pipe');
    assert.equal(e.value.text, 'say "hi"\nline 2 | pipe');
  });

  test('escape helpers round-trip', () => {
    const s = 'a "quoted" | piped\tvalue';
    assert.equal(encodeVmxValue(s), 'a |22quoted|22 |7C piped|09value');
    assert.equal(decodeVmxEscapes(encodeVmxValue(s)), s);
    assert.equal(decodeVmxEscapes('no escapes'), 'no escapes');
  });

  test('empty quoted value is a valid entry', () => {
    const e = onlyEntry('ethernet0.networkName = ""');
    assert.equal(e.value.text, '');
    assert.equal(e.value.quote, 'straight');
    assert.equal(e.value.terminated, true);
  });

  test('typographic quotes are recognised as "smart", a straight/curly mix as "mixed", \'x\' as "single"', () => {
    assert.equal(onlyEntry('firmware = \u201cefi\u201d').value.quote, 'smart');
    assert.equal(onlyEntry('firmware = \u201cefi\u201d').value.text, 'efi');
    assert.equal(onlyEntry('firmware = "efi\u201d').value.quote, 'mixed');
    assert.equal(onlyEntry('firmware = \u201cefi"').value.quote, 'mixed');
    assert.equal(onlyEntry("firmware = 'efi'").value.quote, 'single');
    const text = 'sched.mem.pin = \u201cTRUE\u201d';
    const e = onlyEntry(text);
    assert.deepEqual(e.value.span, { start: 16, end: 22 });
    assert.deepEqual(e.value.inner, { start: 17, end: 21 });
  });

  test('unterminated quote: an invalid line that still recovers the entry, error spans to the line end', () => {
    const text = 'memSize = "4096\nfirmware = "efi"\n';
    const doc = parseVmx(text);
    const first = doc.lines[0];
    assert.equal(first.kind, 'invalid');
    if (first.kind !== 'invalid') return;
    assert.match(first.message, /Unterminated quoted value/);
    assert.deepEqual(first.errorSpan, { start: 10, end: 15 });
    assert.equal(first.entry?.value.terminated, false);
    assert.equal(first.entry?.value.text, '4096');
    // The quote does not swallow the next line.
    assert.equal(doc.get('firmware')?.value.text, 'efi');
    assert.equal(doc.entries.length, 2);
  });

  test('a line without "=" is invalid and spans from the key to the line end', () => {
    const doc = parseVmx('memSize = "1"\nthis is not vmx\n');
    const l = doc.lines[1];
    assert.equal(l.kind, 'invalid');
    if (l.kind !== 'invalid') return;
    assert.deepEqual(l.errorSpan, { start: 14, end: 29 });
    assert.match(l.message, /Expected "=" after the key "this"/);
    assert.equal(l.entry, undefined);
  });

  test('text after the closing quote is invalid, the entry is recovered', () => {
    const doc = parseVmx('memSize = "1" 2');
    const l = doc.lines[0];
    assert.equal(l.kind, 'invalid');
    if (l.kind !== 'invalid') return;
    assert.deepEqual(l.errorSpan, { start: 14, end: 15 });
    assert.equal(doc.get('memsize')?.value.text, '1');
  });

  test('missing value and missing key are invalid', () => {
    const noValue = parseVmx('memSize =').lines[0];
    assert.equal(noValue.kind === 'invalid' && noValue.message, 'Missing value after "memSize ="');
    const noKey = parseVmx('= "x"').lines[0];
    assert.equal(noKey.kind === 'invalid' && noKey.message, 'Expected a key before "="');
  });
});

describe('vmx parser: lookup', () => {
  test('get is case-insensitive and the last entry wins; getAll keeps file order', () => {
    const doc = parseVmx('memsize = "1024"\nMEMSIZE = "2048"\nmemSize = "4096"\n');
    assert.equal(doc.get('memSize')?.value.text, '4096');
    assert.equal(doc.get('MEMSIZE')?.lineIndex, 2);
    assert.deepEqual(doc.getAll('MemSize').map((e) => e.value.text), ['1024', '2048', '4096']);
    assert.deepEqual(doc.getAll('nope'), []);
    assert.equal(doc.get('nope'), undefined);
  });

  test('key text keeps its spelling, lower is lower-cased', () => {
    const e = onlyEntry('pciPassthru.use64bitMMIO = "TRUE"');
    assert.equal(e.key.text, 'pciPassthru.use64bitMMIO');
    assert.equal(e.key.lower, 'pcipassthru.use64bitmmio');
  });
});

describe('vmx parser: robustness', () => {
  test('arbitrary bytes never throw and every line is accounted for', () => {
    let seed = 42;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    const alphabet = ['"', "'", '=', '#', '|', '\r', '\n', ' ', '\t', 'a', 'Z', '0', '\u201c', '\u201d', '\ufeff', '\u0000', '.'];
    for (let i = 0; i < 300; i++) {
      let s = '';
      const n = Math.floor(rnd() * 80);
      for (let j = 0; j < n; j++) s += alphabet[Math.floor(rnd() * alphabet.length)];
      const doc = parseVmx(s);
      assert.ok(doc.lines.length >= 1);
      for (const e of doc.entries) assert.ok(e.key.span.end > e.key.span.start);
    }
  });
});

describe('vmx parser: typographic quotes around straight ones', () => {
  test('“say "hi"” reads to the closing typographic quote', () => {
    const text = 'annotation = \u201csay "hi"\u201d';
    const e = onlyEntry(text);
    assert.equal(e.value.raw, 'say "hi"');
    assert.equal(e.value.quote, 'smart');
    assert.equal(e.value.terminated, true);
    assert.deepEqual(e.value.span, { start: 13, end: 23 });
    assert.deepEqual(e.value.inner, { start: 14, end: 22 });
    assert.equal(parseVmx(text).lines[0].kind, 'entry');
  });

  test('a straight quote followed by a comment still closes a typographic opening (mixed)', () => {
    const text = 'firmware = \u201cefi" # set by hand \u201cnote\u201d';
    const e = onlyEntry(text);
    assert.equal(e.value.text, 'efi');
    assert.equal(e.value.quote, 'mixed');
    assert.equal(slice(text, e.comment!), '# set by hand \u201cnote\u201d');
  });

  test('without a quote that ends the line, the first one closes and the rest is an error', () => {
    const doc = parseVmx('annotation = \u201csay "hi" there');
    const l = doc.lines[0];
    assert.equal(l.kind, 'invalid');
    if (l.kind !== 'invalid') return;
    assert.match(l.message, /Unexpected text after the value/);
    assert.equal(l.entry?.value.raw, 'say ');
  });
});

describe('vmx parser: keys are looked up case-insensitively', () => {
  test('get and getAll ignore case, the last entry wins, getAll is in file order', () => {
    const doc = parseVmx('memSize = "1"\nMEMSIZE = "2"\nfirmware = "efi"\nmemsize = "3"\n');
    assert.equal(doc.get('MemSize')?.value.text, '3');
    assert.deepEqual(doc.getAll('memsize').map((e) => e.lineIndex), [0, 1, 3]);
    assert.deepEqual(doc.getAll('firmware').map((e) => e.key.text), ['firmware']);
    assert.equal(doc.get('memsiz'), undefined);
    assert.deepEqual(doc.getAll('memsizee'), []);
  });

  test('non-ASCII keys compare by their lower-case form', () => {
    const doc = parseVmx('\u00c4rger.x = "1"\n\u00e4rger.X = "2"\n');
    assert.deepEqual(doc.getAll('\u00e4rger.x').map((e) => e.value.text), ['1', '2']);
  });

  test('the key and value objects are built once per entry', () => {
    const e = onlyEntry('memSize = "4096"');
    assert.equal(e.key, e.key);
    assert.equal(e.value, e.value);
    assert.equal(e.key.lower, 'memsize');
  });
});
