// Shared steps of the VS Code-API suite: open a workspace file, wait for the language server's answers.
import * as vscode from 'vscode';

export const EXTENSION_ID = 'vgpu-tools.vgpu-config-assistant';

export function workspaceUri(...parts: string[]): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the suite needs the e2e workspace open (examples/e2e-workspace copy)');
  return vscode.Uri.joinPath(folder.uri, ...parts);
}

export async function open(name: string): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(workspaceUri(name));
  return vscode.window.showTextDocument(doc);
}

/** Writes a scratch file into the workspace and opens it (untitled documents have no .vmx URI). */
export async function openScratch(name: string, text: string): Promise<vscode.TextEditor> {
  const uri = workspaceUri('.scratch', name);
  await vscode.workspace.fs.writeFile(uri, Buffer.from(text, 'utf8'));
  const doc = await vscode.workspace.openTextDocument(uri);
  return vscode.window.showTextDocument(doc);
}

export function codeOf(d: vscode.Diagnostic): string {
  const c = d.code;
  return typeof c === 'object' && c !== null ? String(c.value) : String(c ?? '');
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Polls until `accept` holds for the document's diagnostics; fails with what was last seen. */
export async function waitForDiagnostics(
  uri: vscode.Uri,
  accept: (ds: vscode.Diagnostic[]) => boolean,
  timeoutMs = 30000,
): Promise<vscode.Diagnostic[]> {
  const end = Date.now() + timeoutMs;
  let last: vscode.Diagnostic[] = [];
  while (Date.now() < end) {
    last = vscode.languages.getDiagnostics(uri);
    if (accept(last)) return last;
    await sleep(100);
  }
  const seen = last.map((d) => `${codeOf(d)}@${d.range.start.line}:${d.range.start.character}`).join(', ');
  throw new Error(`timed out after ${timeoutMs} ms waiting for diagnostics on ${uri.path}; last seen: [${seen}]`);
}

export function hasCode(code: string): (ds: vscode.Diagnostic[]) => boolean {
  return (ds) => ds.some((d) => codeOf(d) === code);
}

export function positionOf(doc: vscode.TextDocument, needle: string, delta = 0): vscode.Position {
  const at = doc.getText().indexOf(needle);
  if (at < 0) throw new Error(`"${needle}" not found in ${doc.uri.path}`);
  return doc.positionAt(at + delta);
}

export function hoverText(hovers: vscode.Hover[]): string {
  return hovers
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))
    .join('\n');
}

export function labelOf(item: vscode.CompletionItem): string {
  return typeof item.label === 'string' ? item.label : item.label.label;
}
