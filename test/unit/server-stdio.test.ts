// The bundled language server driven over stdio by a real JSON-RPC client (no mocks).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { CodeAction, CompletionItem, Diagnostic, Hover, MarkupContent, TextEdit } from 'vscode-languageserver-protocol';
import { applyEdits } from '../helpers/applyEdits';
import { a2BiosVmx } from '../helpers/fixtures';
import { buildBundles } from './support/bundles';
import { startServer, TestClient } from './support/lspClient';

const URI = 'file:///nonexistent-vgpu-lint-test/a2-bios.vmx';

// A whole VM as ESXi writes it: an A2 under BIOS firmware (the default), plus the guide's typo key.
const A2_BIOS_VMX = a2BiosVmx({ encoding: true, typoIndent: 0 });

const TYPO_LINE = A2_BIOS_VMX.split('\n').findIndex((l) => l.startsWith('pciPassthru.set.usebitMMIO'));
const FIRMWARE_LINE = 4; // where the rapid-change test inserts `firmware = …`

const codes = (ds: Diagnostic[]) => ds.map((d) => String(d.code)).sort();

describe('language server over stdio', () => {
  let client: TestClient;
  let version = 1;

  before(async () => {
    const { server } = await buildBundles();
    client = await startServer(server);
  });

  after(async () => {
    if (client && client.process.exitCode === null) client.process.kill();
  });

  test('initialize answers with the capabilities the editor features need', () => {
    const caps = client.initializeResult.capabilities;
    assert.ok(caps.textDocumentSync, 'no textDocumentSync');
    assert.ok(caps.completionProvider, 'no completionProvider');
    assert.equal(caps.hoverProvider, true);
    assert.ok(caps.codeActionProvider, 'no codeActionProvider');
    assert.equal(caps.documentSymbolProvider, true);
    assert.ok(caps.executeCommandProvider?.commands.includes('vgpuLint.fixAll'), 'vgpuLint.fixAll not offered');
  });

  test('didOpen publishes diagnostics for the A2 under BIOS and the unknown key', async () => {
    const published = client.diagnostics(URI);
    await client.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri: URI, languageId: 'vmx', version, text: A2_BIOS_VMX },
    });
    const p = await published;
    assert.equal(p.version, 1);
    const got = codes(p.diagnostics);
    assert.ok(got.includes('vmx/bios-large-bar'), `got ${got.join(', ')}`);
    assert.ok(got.includes('vmx/unknown-key'), `got ${got.join(', ')}`);
    const unknown = p.diagnostics.find((d) => d.code === 'vmx/unknown-key')!;
    assert.equal(unknown.range.start.line, TYPO_LINE);
    assert.equal(unknown.source, 'vgpu-lint');
    const bios = p.diagnostics.find((d) => d.code === 'vmx/bios-large-bar')!;
    assert.equal(bios.severity, 1);
  });

  test('completion returns VMX keys', async () => {
    const items = (await client.connection.sendRequest('textDocument/completion', {
      textDocument: { uri: URI },
      position: { line: TYPO_LINE + 1, character: 0 },
    })) as CompletionItem[] | { items: CompletionItem[] };
    const list = Array.isArray(items) ? items : items.items;
    assert.ok(list.length > 0, 'no completion items');
    assert.ok(list.some((i) => i.label === 'firmware'), `labels: ${list.slice(0, 20).map((i) => i.label).join(', ')}`);
  });

  test('hover on a key returns markdown', async () => {
    const hover = (await client.connection.sendRequest('textDocument/hover', {
      textDocument: { uri: URI },
      position: { line: 5, character: 3 },
    })) as Hover | null;
    assert.ok(hover, 'hover on sched.mem.pin returned null');
    const contents = hover.contents as MarkupContent;
    assert.equal(contents.kind, 'markdown');
    assert.match(contents.value, /reserv|pin/i);
  });

  test('hover on a GPU device id names the GPU and its BARs', async () => {
    const line = A2_BIOS_VMX.split('\n').findIndex((l) => l.startsWith('pciPassthru0.deviceId'));
    const hover = (await client.connection.sendRequest('textDocument/hover', {
      textDocument: { uri: URI },
      position: { line, character: 'pciPassthru0.deviceId = "0x2'.length },
    })) as Hover | null;
    assert.ok(hover, 'hover on the device id returned null');
    const value = (hover.contents as MarkupContent).value;
    assert.match(value, /\*\*NVIDIA A2\*\*/);
    assert.match(value, /BAR0 16 MB \(not confirmed for this model\) · BAR1 16 GB · BAR3 32 MB \(not confirmed for this model\)/);
  });

  test('the quick fix for the unknown key, applied, removes its diagnostic', async () => {
    const text = A2_BIOS_VMX;
    const actions = (await client.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri: URI },
      range: { start: { line: TYPO_LINE, character: 0 }, end: { line: TYPO_LINE, character: 5 } },
      context: { diagnostics: [], only: ['quickfix'] },
    })) as CodeAction[];
    const fix = actions.find((a) => a.kind === 'quickfix' && a.diagnostics?.some((d) => d.code === 'vmx/unknown-key'));
    assert.ok(fix?.edit?.changes?.[URI], `no quick fix for vmx/unknown-key in ${JSON.stringify(actions.map((a) => a.title))}`);
    const fixed = applyEdits(text, fix.edit.changes[URI] as TextEdit[]);
    assert.match(fixed.split('\n')[TYPO_LINE], /^pciPassthru\.use64bitMMIO = "TRUE"$/);

    version++;
    const published = client.diagnostics(URI, (p) => p.version === version);
    await client.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri: URI, version },
      contentChanges: [{ text: fixed }],
    });
    const p = await published;
    assert.ok(!codes(p.diagnostics).includes('vmx/unknown-key'), `still: ${codes(p.diagnostics).join(', ')}`);
    assert.ok(codes(p.diagnostics).includes('vmx/bios-large-bar'));
  });

  test('rapid changes publish only for the final version', async () => {
    const first = version + 1;
    const final = first + 2;
    const published = client.diagnostics(URI, (p) => p.version === final);
    // Incremental edits: insert the firmware line, then two edits that end at the EFI text.
    await client.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri: URI, version: first },
      contentChanges: [{ text: A2_BIOS_VMX }],
    });
    await client.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri: URI, version: first + 1 },
      contentChanges: [{ range: { start: { line: FIRMWARE_LINE, character: 0 }, end: { line: FIRMWARE_LINE, character: 0 } }, text: 'firmware = "bios"\n' }],
    });
    await client.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri: URI, version: final },
      contentChanges: [{ range: { start: { line: FIRMWARE_LINE, character: 12 }, end: { line: FIRMWARE_LINE, character: 16 } }, text: 'efi' }],
    });
    version = final;
    const p = await published;
    assert.ok(!codes(p.diagnostics).includes('vmx/bios-large-bar'), `EFI text still flagged: ${codes(p.diagnostics).join(', ')}`);
    // The debounce coalesced the burst: nothing was published for the intermediate versions.
    assert.ok(!client.published.some((x) => x.uri === URI && (x.version === first || x.version === first + 1)));
  });

  test('the vgpuLint.fixAll command sends a versioned workspace/applyEdit that fixes the document', async () => {
    const uri = 'file:///nonexistent-vgpu-lint-test/fix-all.vmx';
    const text = 'guestOS = "ubuntu-64"\r\nvhv.enable = TRUE\r\npciPassthru.set.usebitMMIO = "TRUE"\r\n';
    const opened = client.diagnostics(uri);
    await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'vmx', version: 7, text } });
    await opened;
    const result = (await client.connection.sendRequest('workspace/executeCommand', { command: 'vgpuLint.fixAll', arguments: [uri] })) as { applied: boolean };
    assert.deepEqual(result, { applied: true });
    const applied = client.appliedEdits.at(-1) as { edit: { documentChanges: { textDocument: { uri: string; version: number }; edits: TextEdit[] }[] } };
    const change = applied.edit.documentChanges[0];
    assert.deepEqual(change.textDocument, { uri, version: 7 });
    assert.equal(applyEdits(text, change.edits), 'guestOS = "ubuntu-64"\r\nvhv.enable = "TRUE"\r\npciPassthru.use64bitMMIO = "TRUE"\r\n');
  });

  test('a Terraform file: the HCL parser loads when the first .tf opens, then its findings arrive at the HCL ranges', async () => {
    const uri = 'file:///nonexistent-vgpu-lint-test/gpu.tf';
    const text = 'resource "vsphere_virtual_machine" "gpu" {\n  memory = 65536\n  memory_reservation = 65536\n  extra_config = {\n    "pciPassthru.set.usebitMMIO" = "TRUE"\n  }\n}\n';
    const published = client.diagnostics(uri, (p) => p.diagnostics.length > 0);
    await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'terraform', version: 1, text } });
    const ds = (await published).diagnostics;
    assert.deepEqual(ds.map((d) => [d.code, d.range.start.line, d.range.start.character]), [['vmx/unknown-key', 4, 5]]);
  });

  test('a non-libvirt XML document gets an empty diagnostics array', async () => {
    const uri = 'file:///nonexistent-vgpu-lint-test/pom.xml';
    const published = client.diagnostics(uri);
    await client.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri, languageId: 'xml', version: 1, text: '<project><modelVersion>4.0.0</modelVersion></project>\n' },
    });
    assert.deepEqual((await published).diagnostics, []);
  });

  test('a document of garbage bytes does not crash the server', async () => {
    const uri = 'file:///nonexistent-vgpu-lint-test/garbage.vmx';
    const published = client.diagnostics(uri);
    await client.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri, languageId: 'vmx', version: 1, text: '\u0000\uFFFD"=\r\r\n key = "unterminated\n=\u0007' },
    });
    await published;
    const symbols = await client.connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri } });
    assert.ok(Array.isArray(symbols));
  });

  test('didClose clears the diagnostics', async () => {
    const cleared = client.diagnostics(URI, (p) => p.diagnostics.length === 0);
    await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri: URI } });
    await cleared;
  });

  test('shutdown and exit end the process with code 0', async () => {
    assert.equal(await client.close(), 0);
    assert.doesNotMatch(client.stderr(), /Error|uncaught/i);
  });
});
