// Element-name completion after '<' while the document is being typed (and so often not well-formed):
// the children the element table lists for the enclosing element, replacing exactly the partial name.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { CompletionItem, TextEdit } from 'vscode-languageserver-types';
import { InsertTextFormat } from 'vscode-languageserver-types';
import { LineIndex } from '../../server/src/service/text';
import { applyEdits, domain, NO_HOST_SETTINGS, service } from './libvirt-helpers';

const uri = 'file:///vm.xml';

/** Completion at the `|` marker (removed from the text). */
function completeAt(marked: string): { text: string; items: CompletionItem[]; offset: number } {
  const offset = marked.indexOf('|');
  assert.ok(offset >= 0, 'no | marker');
  const text = marked.slice(0, offset) + marked.slice(offset + 1);
  const position = new LineIndex(text).positionAt(offset);
  return { text, items: service().complete({ uri, text }, position, NO_HOST_SETTINGS), offset };
}

const labels = (items: CompletionItem[]) => items.map((i) => i.label);
function item(items: CompletionItem[], label: string): CompletionItem {
  const it = items.find((i) => i.label === label);
  assert.ok(it, `${label} not offered: ${labels(items).join(', ')}`);
  return it;
}
function edit(it: CompletionItem): TextEdit {
  assert.ok(it.textEdit && 'range' in it.textEdit, `${it.label} has no textEdit`);
  return it.textEdit;
}

describe('element names after "<"', () => {
  test('a lone "<" inside <devices>, before the next device: device element names, inserted at the cursor', () => {
    const { text, items, offset } = completeAt(domain({ devices: "    <|\n    <hostdev mode='subsystem' type='pci' managed='yes'/>" }));
    for (const n of ['hostdev', 'interface', 'controller', 'video', 'memballoon']) item(items, n);
    const e = edit(item(items, 'hostdev'));
    const at = new LineIndex(text).positionAt(offset);
    assert.deepEqual(e.range, { start: at, end: at });
    assert.equal(item(items, 'hostdev').insertTextFormat, InsertTextFormat.Snippet);
    assert.equal(
      e.newText,
      "hostdev mode='subsystem' type='pci' managed='yes'>\n\t<source>\n\t\t<address domain='0x${1:0000}' bus='0x${2:00}' slot='0x${3:00}' function='0x${4:0}'/>\n\t</source>\n</hostdev>",
    );
  });
  test('a partial name "<h" inside <devices> (parsed as an unclosed element <h>): the range is exactly "h"', () => {
    const { text, items } = completeAt(domain({ devices: '    <h|\n    <emulator>/usr/bin/qemu-system-x86_64</emulator>' }));
    const it = item(items, 'hostdev');
    assert.ok(!labels(items).includes('relaxed'), 'children of <devices>, not of the parsed <h>');
    const e = edit(it);
    const h = text.indexOf('<h\n') + 1;
    const index = new LineIndex(text);
    assert.deepEqual(e.range, { start: index.positionAt(h), end: index.positionAt(h + 1) });
    assert.ok(applyEdits(text, [e]).includes("    <hostdev mode='subsystem' type='pci' managed='yes'>\n\t<source>"));
  });
  test('inside <hyperv>: the enlightenments, on/off ones as self-closing snippets with a state choice', () => {
    const { items } = completeAt(domain({ extra: "  <features>\n    <hyperv mode='custom'>\n      <|\n    </hyperv>\n  </features>" }));
    for (const n of ['relaxed', 'vapic', 'spinlocks', 'vpindex', 'runtime']) item(items, n);
    assert.equal(edit(item(items, 'relaxed')).newText, "relaxed state='${1|on,off|}'/>");
    assert.equal(edit(item(items, 'spinlocks')).newText, "spinlocks state='on' retries='${1:8191}'/>");
  });
  test('inside <domain>, <features>, <os>, <memoryBacking>, <cpu>, <hostdev> and its <source>', () => {
    const cases: [string, string[]][] = [
      [domain({ extra: '  <|' }), ['devices', 'features', 'cpu', 'memtune', 'qemu:commandline']],
      [domain({ extra: '  <features>\n    <|\n  </features>' }), ['acpi', 'apic', 'hyperv', 'kvm']],
      [domain({ os: "  <os>\n    <type arch='x86_64' machine='q35'>hvm</type>\n    <l|\n  </os>" }), ['loader', 'nvram', 'type', 'boot']],
      [domain({ extra: '  <memoryBacking>\n    <|\n  </memoryBacking>' }), ['hugepages', 'locked']],
      [domain({ extra: "  <cpu mode='host-passthrough'>\n    <m|\n  </cpu>" }), ['maxphysaddr', 'topology']],
      [domain({ devices: "    <hostdev mode='subsystem' type='pci' managed='yes'>\n      <|\n    </hostdev>" }), ['source', 'rom', 'address', 'driver']],
      [domain({ devices: "    <hostdev mode='subsystem' type='pci' managed='yes'>\n      <source>\n        <|\n      </source>\n    </hostdev>" }), ['address']],
    ];
    for (const [marked, want] of cases) {
      const got = labels(completeAt(marked).items);
      for (const n of want) assert.ok(got.includes(n), `${n} missing in ${got.join(', ')} for:\n${marked}`);
    }
  });
  test('node-device XML: children of <device> and <capability>', () => {
    // The GPU subset's three first, then the rest nodedev.rng allows.
    assert.deepEqual(labels(completeAt('<device>\n  <|\n</device>\n').items), ['name', 'parent', 'capability', 'path', 'devnode', 'driver']);
    const cap = labels(completeAt("<device>\n  <capability type='mdev'>\n    <|\n  </capability>\n</device>\n").items);
    assert.ok(cap.includes('type') && cap.includes('uuid'), cap.join(', '));
  });
  test('containers get an open/close pair, <locked/> closes itself', () => {
    const { items } = completeAt(domain({ extra: '  <memoryBacking>\n    <|\n  </memoryBacking>' }));
    assert.equal(edit(item(items, 'hugepages')).newText, 'hugepages>\n\t$0\n</hugepages>');
    assert.equal(edit(item(items, 'locked')).newText, 'locked/>');
  });
  test('renaming an existing tag replaces the whole name and inserts no snippet', () => {
    const { text, items } = completeAt(domain({ devices: "    <ho|stdev mode='subsystem' type='pci' managed='yes'/>" }));
    const it = item(items, 'interface');
    assert.equal(it.insertTextFormat, undefined);
    assert.equal(applyEdits(text, [edit(it)]), text.replace('<hostdev mode=', '<interface mode='));
  });
  test('documentation of offered elements is markdown with the element name in a code span', () => {
    const { items } = completeAt(domain({ devices: '    <|' }));
    const doc = item(items, 'hostdev').documentation;
    assert.ok(doc && typeof doc !== 'string');
    assert.match(doc.value, /^\*\*`<hostdev>`\*\* — A host device/);
  });
  test('no element names inside text content or after "</"', () => {
    assert.deepEqual(completeAt(domain({ extra: '  <title>GPU |VM</title>' })).items, []);
    assert.deepEqual(completeAt(domain({ devices: '    </|' })).items, []);
  });
});
