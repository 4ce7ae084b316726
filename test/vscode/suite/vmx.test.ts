// The VMX front end as VS Code sees it: diagnostics, hover, completion, quick fix, fix-all, snippets.
import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import * as vscode from 'vscode';
import { codeOf, EXTENSION_ID, hasCode, hoverText, labelOf, open, openScratch, positionOf, waitForDiagnostics } from './helpers';

describe('VMX in VS Code', () => {
  it('activates the extension when a .vmx opens', async () => {
    const editor = await open('a2-bios.vmx');
    assert.equal(editor.document.languageId, 'vmx');
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is not installed`);
    const end = Date.now() + 20000;
    while (!ext.isActive && Date.now() < end) await new Promise((r) => setTimeout(r, 100));
    assert.ok(ext.isActive, `${EXTENSION_ID} did not activate`);
  });

  it('reports the BIOS/large-BAR, misspelt-key and unquoted-value problems at their lines', async () => {
    const { document } = await open('a2-bios.vmx');
    const ds = await waitForDiagnostics(document.uri, (d) => ['vmx/bios-large-bar', 'vmx/unknown-key', 'vmx/unquoted-value'].every((c) => hasCode(c)(d)));
    const unknown = ds.find((d) => codeOf(d) === 'vmx/unknown-key')!;
    assert.equal(unknown.range.start.line, 12);
    assert.equal(document.getText(unknown.range), 'pciPassthru.set.usebitMMIO');
    const unquoted = ds.find((d) => codeOf(d) === 'vmx/unquoted-value')!;
    assert.equal(unquoted.range.start.line, 13);
    for (const d of ds) assert.equal(d.source, 'vgpu-lint');
  });

  it('explains the MMIO arithmetic on hover over pciPassthru.64bitMMIOSizeGB', async () => {
    const { document } = await open('a2-bios.vmx');
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, positionOf(document, 'pciPassthru.64bitMMIOSizeGB', 5));
    const text = hoverText(hovers);
    assert.match(text, /→/, `hover has no arithmetic: ${text}`);
    assert.match(text, /A2/);
  });

  it('completes pciPassthru0. keys with the index kept', async () => {
    const { document } = await openScratch('completion.vmx', 'pciPassthru0.present = "TRUE"\npciPassthru0.');
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', document.uri, new vscode.Position(1, 13));
    const labels = list.items.map(labelOf);
    assert.ok(labels.some((l) => /^pciPassthru0\.(present|vendorId|deviceId|id)$/.test(l)), `no pciPassthru0.* key offered: ${labels.slice(0, 30).join(', ')}`);
    assert.ok(!labels.some((l) => l.startsWith('pciPassthru1.')), 'offered keys of another index');
  });

  it('applies the did-you-mean quick fix for pciPassthru.set.usebitMMIO and the diagnostic goes away', async () => {
    const { document } = await open('a2-bios.vmx');
    const ds = await waitForDiagnostics(document.uri, hasCode('vmx/unknown-key'));
    const diag = ds.find((d) => codeOf(d) === 'vmx/unknown-key')!;
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, diag.range);
    const fix = actions.find((a) => a.kind?.value === 'quickfix' && /Rename.*use64bitMMIO/.test(a.title));
    assert.ok(fix?.edit, `no quick fix naming use64bitMMIO among: ${actions.map((a) => a.title).join(' | ')}`);
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    assert.equal(document.lineAt(12).text, 'pciPassthru.use64bitMMIO = "TRUE"');
    // Only the changed line differs: the rest of the file keeps its text.
    assert.equal(document.lineAt(13).text, 'pciPassthru.64bitMMIOSizeGB = 64');
    await waitForDiagnostics(document.uri, (d) => !d.some((x) => codeOf(x) === 'vmx/unknown-key'));
  });

  it('offers a fix-all source action that leaves no auto-fixable problem', async () => {
    const { document } = await open('a2-bios.vmx');
    const all = new vscode.Range(0, 0, document.lineCount, 0);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, all, vscode.CodeActionKind.SourceFixAll.value);
    const fixAll = actions.find((a) => a.kind && vscode.CodeActionKind.SourceFixAll.contains(a.kind));
    assert.ok(fixAll?.edit, `no source.fixAll action among: ${actions.map((a) => `${a.title} (${a.kind?.value})`).join(' | ')}`);
    assert.ok(await vscode.workspace.applyEdit(fixAll.edit));
    await waitForDiagnostics(document.uri, (d) => !d.some((x) => codeOf(x) === 'vmx/unquoted-value'));
    assert.match(document.getText(), /^pciPassthru\.64bitMMIOSizeGB = "64"$/m);
  });

  it('offers the contributed snippets in an empty .vmx', async () => {
    const { document } = await openScratch('snippets.vmx', '');
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', document.uri, new vscode.Position(0, 0));
    const snippets = list.items.filter((i) => i.kind === vscode.CompletionItemKind.Snippet);
    assert.ok(snippets.length > 0, `no snippet offered; items: ${list.items.slice(0, 20).map(labelOf).join(', ')}`);
  });
});
