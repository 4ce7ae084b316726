// Hover and completion documentation is markdown: VS Code's renderer drops raw HTML, so an element
// name written as <hostdev> outside a code span would vanish. Every element name must be in backticks.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { MarkupContent } from 'vscode-languageserver-types';
import { ELEMENTS } from '../../server/src/libvirt/elements';
import { elementMarkdown } from '../../server/src/libvirt/features/describe';
import { parseXml } from '../../server/src/libvirt/xml/parser';
import { LineIndex } from '../../server/src/service/text';
import { DEFAULT_SETTINGS } from '../../server/src/service/types';
import { domain, fakeHost, NO_HOST_SETTINGS, pciHostdev, service } from './libvirt-helpers';

const repoRoot = path.resolve(__dirname, '..', '..');
const fixture = (...p: string[]) => fs.readFileSync(path.join(repoRoot, 'test', 'fixtures', ...p), 'utf8');

/** Raw tags left once fenced blocks and code spans are removed (the text a renderer could take for HTML). */
function rawTags(markdown: string): string[] {
  const prose = markdown.replace(/```[\s\S]*?```/g, '').replace(/(`+)[\s\S]*?\1/g, '');
  return prose.match(/<\/?[a-z][^\s>]*/gi) ?? [];
}

/** Hover markdown at the start of every element name and attribute name of `text`. */
function hoversOf(text: string, host?: ReturnType<typeof fakeHost>): string[] {
  const svc = service(host);
  const settings = host ? DEFAULT_SETTINGS : NO_HOST_SETTINGS;
  const index = new LineIndex(text);
  const out: string[] = [];
  for (const el of parseXml(text).elements) {
    for (const at of [el.nameSpan.start + 1, ...el.attributes.map((a) => a.nameSpan.start + 1)]) {
      const h = svc.hover({ uri: 'file:///vm.xml', text }, index.positionAt(at), settings);
      if (h) out.push((h.contents as MarkupContent).value);
    }
  }
  return out;
}

describe('markdown without raw tags', () => {
  test('the scanner itself: finds <hostdev> in prose, ignores code spans and fences', () => {
    assert.deepEqual(rawTags('**<hostdev>** — a `<source>` and\n```xml\n<address/>\n```'), ['<hostdev']);
    assert.deepEqual(rawTags('**`<hostdev>`** — 2 < 3'), []);
  });
  test('the documentation of every element in the table', () => {
    for (const spec of ELEMENTS) assert.deepEqual(rawTags(elementMarkdown(spec)), [], `${spec.name}: ${elementMarkdown(spec)}`);
  });
  test('hovers on every element and attribute of a GPU domain, a host-identified hostdev and a node device', () => {
    const texts: [string, ReturnType<typeof fakeHost> | undefined][] = [
      [fixture('schema', 'gpu-domain.xml'), undefined],
      [fixture('libvirt', 'a100-80gb-complete.xml'), fakeHost()],
      [domain({ devices: pciHostdev() }), fakeHost()],
      [fixture('libvirt', 'nodedev-mdev-p4.xml'), fakeHost()],
    ];
    let count = 0;
    for (const [text, host] of texts) {
      for (const md of hoversOf(text, host)) {
        count++;
        assert.deepEqual(rawTags(md), [], md);
      }
    }
    assert.ok(count > 40, `only ${count} hovers checked`);
  });
  test('element hovers start with the name in a code span', () => {
    const text = domain({ devices: pciHostdev() });
    const at = new LineIndex(text).positionAt(text.indexOf('<hostdev') + 2);
    const h = service().hover({ uri: 'file:///vm.xml', text }, at, NO_HOST_SETTINGS);
    assert.match((h?.contents as MarkupContent).value, /^\*\*`<hostdev>`\*\* — /);
  });
  test('completion documentation of every offered element', () => {
    const text = domain({ devices: '    <' });
    const at = new LineIndex(text).positionAt(text.indexOf('    <\n') + 5);
    const items = service().complete({ uri: 'file:///vm.xml', text }, at, NO_HOST_SETTINGS);
    assert.ok(items.length > 10);
    for (const it of items) {
      const doc = it.documentation;
      if (doc === undefined) continue;
      assert.deepEqual(rawTags(typeof doc === 'string' ? doc : doc.value), [], it.label);
    }
  });
});
