// The libvirt domain XML front end as VS Code sees it: diagnostics with libvirt/ ids and hovers.
import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import * as vscode from 'vscode';
import { codeOf, hoverText, open, positionOf, waitForDiagnostics } from './helpers';

describe('libvirt domain XML in VS Code', () => {
  it('reports libvirt/ problems for the A100 hostdev domain', async () => {
    const { document } = await open('win11-gpu.xml');
    const ds = await waitForDiagnostics(document.uri, (d) => d.some((x) => codeOf(x).startsWith('libvirt/')));
    const codes = ds.map(codeOf);
    assert.ok(codes.includes('libvirt/mmio-window'), `codes: ${codes.join(', ')}`);
    assert.ok(codes.includes('libvirt/unknown-attribute'), `codes: ${codes.join(', ')}`);
    const typo = ds.find((d) => codeOf(d) === 'libvirt/unknown-attribute')!;
    assert.equal(typo.range.start.line, positionOf(document, "status='on'").line);
  });

  it('explains <hostdev> on hover', async () => {
    const { document } = await open('win11-gpu.xml');
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, positionOf(document, '<hostdev', 3));
    assert.ok(hoverText(hovers).trim().length > 0, 'empty hover on <hostdev>');
  });
});
