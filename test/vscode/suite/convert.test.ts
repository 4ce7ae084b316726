// The two conversion commands as VS Code runs them: the result opens in a new untitled editor.
import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import * as vscode from 'vscode';
import { openScratch } from './helpers';

// A whole .vmx of its own (the other tests edit a2-bios.vmx): a T4 with ESXi's decimal address, BIOS.
const VMX = [
  '.encoding = "UTF-8"',
  'config.version = "8"',
  'virtualHW.version = "19"',
  'displayName = "vdi-t4"',
  'guestOS = "windows9-64"',
  'memSize = "16384"',
  'pciPassthru0.present = "TRUE"',
  'pciPassthru0.id = "00000:059:00.0"',
  'pciPassthru0.vendorId = "0x10de"',
  'pciPassthru0.deviceId = "0x1eb8"',
  'sched.mem.pin = "TRUE"',
  'sched.mem.min = "16384"',
  '',
].join('\n');

describe('Convert GPU settings in VS Code', () => {
  it('converts the given .vmx to a libvirt domain in a new untitled editor', async () => {
    const editor = await openScratch('convert-t4.vmx', VMX);
    const doc = await vscode.commands.executeCommand<vscode.TextDocument | undefined>('vgpuLint.convertToLibvirt', editor.document.uri);
    assert.ok(doc, 'no document opened');
    assert.equal(doc.isUntitled, true);
    assert.equal(doc.languageId, 'libvirt-xml');
    const text = doc.getText();
    assert.match(text, /^<!--\n {2}Converted by vgpu-lint from convert-t4\.vmx: GPU settings only\.\n/);
    assert.match(text, /<address domain='0x0000' bus='0x3b' slot='0x00' function='0x0'\/>/);
    assert.match(text, /<hard_limit unit='KiB'>17825792<\/hard_limit>/);
    assert.equal(vscode.window.activeTextEditor?.document, doc);
  });

  it('converts the active .vmx to a Proxmox config', async () => {
    await openScratch('convert-t4.vmx', VMX);
    const doc = await vscode.commands.executeCommand<vscode.TextDocument | undefined>('vgpuLint.convertToProxmox');
    assert.ok(doc, 'no document opened');
    assert.equal(doc.isUntitled, true);
    assert.match(doc.getText(), /^hostpci0: 0000:3b:00\.0,pcie=1$/m);
    assert.match(doc.getText(), /^bios: seabios$/m);
  });

  it('registers both commands', async () => {
    const all = await vscode.commands.getCommands(true);
    assert.ok(all.includes('vgpuLint.convertToLibvirt') && all.includes('vgpuLint.convertToProxmox'));
  });
});
