// The two conversion commands as VS Code runs them: the result opens in a new untitled editor.
import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import * as vscode from 'vscode';
import { open } from './helpers';

describe('Convert GPU settings in VS Code', () => {
  it('converts the active .vmx to a libvirt domain in a new untitled editor', async () => {
    const editor = await open('a2-bios.vmx');
    const doc = await vscode.commands.executeCommand<vscode.TextDocument | undefined>('vgpuLint.convertToLibvirt', editor.document.uri);
    assert.ok(doc, 'no document opened');
    assert.equal(doc.isUntitled, true);
    assert.equal(doc.languageId, 'libvirt-xml');
    const text = doc.getText();
    assert.match(text, /^<!--\n {2}Converted by vgpu-lint from a2-bios\.vmx: GPU settings only\.\n/);
    assert.match(text, /<address domain='0x0000' bus='0x3b' slot='0x00' function='0x0'\/>/);
    assert.equal(vscode.window.activeTextEditor?.document, doc);
  });

  it('converts the active .vmx to a Proxmox config', async () => {
    await open('a2-bios.vmx');
    const doc = await vscode.commands.executeCommand<vscode.TextDocument | undefined>('vgpuLint.convertToProxmox');
    assert.ok(doc, 'no document opened');
    assert.equal(doc.isUntitled, true);
    assert.match(doc.getText(), /^hostpci0: 0000:3b:00\.0,pcie=1$/m);
    assert.match(doc.getText(), /^bios: seabios$/m);
  });
});
