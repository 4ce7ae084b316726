// VS Code client: starts the bundled language server over IPC and adds its commands.
// The server ignores XML that is not libvirt's, so claiming `xml` coexists with other XML extensions.
import { commands, ExtensionContext, TextDocument, Uri, window, workspace } from 'vscode';
import { LanguageClient, LanguageClientOptions, ServerOptions, TransportKind } from 'vscode-languageclient/node';

const FIX_ALL_COMMAND = 'vgpuLint.fixAll';
let client: LanguageClient | undefined;

export async function activate(context: ExtensionContext): Promise<void> {
  const output = window.createOutputChannel('vGPU Config Assistant');
  context.subscriptions.push(output);

  const serverModule = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const clientOptions: LanguageClientOptions = {
    // Files on disk and unsaved ones; not git: or diff views, where diagnostics would be noise.
    // Terraform and Packer files by name, whatever extension gives them a language (HashiCorp's: terraform, hcl): the
    // server answers only for the vSphere VM blocks it analyses, so other .tf files get nothing from it.
    documentSelector: [
      ...['file', 'untitled'].flatMap((scheme) => ['vmx', 'libvirt-xml', 'xml', 'proxmox'].map((language) => ({ scheme, language }))),
      { scheme: 'file', pattern: '**/*.{tf,pkr.hcl,pkr.json}' },
    ],
    synchronize: {
      configurationSection: 'vgpuLint',
      fileEvents: workspace.createFileSystemWatcher('**/.vgpu-lint.json'),
    },
    outputChannel: output,
    middleware: {
      // The server's vgpuLint.fixAll command is registered in VS Code by the client library itself;
      // from the command palette it comes without arguments, so aim it at the active editor.
      executeCommand: async (command, args, next) => {
        if (command === FIX_ALL_COMMAND && args.length === 0) {
          const uri = window.activeTextEditor?.document.uri.toString();
          if (!uri) {
            void window.showInformationMessage('Open a .vmx or libvirt XML file to fix.');
            return undefined;
          }
          return next(command, [uri]);
        }
        return next(command, args);
      },
    },
  };

  // The id `vgpuLint` makes the client honour the `vgpuLint.trace.server` setting.
  client = new LanguageClient('vgpuLint', 'vGPU Config Assistant', serverOptions, clientOptions);
  context.subscriptions.push(commands.registerCommand('vgpuLint.showOutput', () => output.show(true)));
  for (const [command, target] of CONVERT_COMMANDS) {
    context.subscriptions.push(commands.registerCommand(command, (uri?: unknown) => convertCommand(target, uri)));
  }
  await client.start();
}

/** The two editor commands over the server's vgpuLint/convert request (package.json contributes their titles). */
const CONVERT_COMMANDS: [string, 'libvirt' | 'proxmox'][] = [
  ['vgpuLint.convertToLibvirt', 'libvirt'],
  ['vgpuLint.convertToProxmox', 'proxmox'],
];

type ConversionResult = { ok: true; text: string } | { ok: false; problems: { line: number; message: string }[] };

/** Converts the given (or active) .vmx and opens the result in a new untitled editor; returns that document. */
async function convertCommand(target: 'libvirt' | 'proxmox', arg?: unknown): Promise<TextDocument | undefined> {
  const uri = arg instanceof Uri ? arg.toString() : typeof arg === 'string' ? arg : window.activeTextEditor?.document.uri.toString();
  if (!uri || !client) {
    void window.showInformationMessage('Open a .vmx file to convert.');
    return undefined;
  }
  const result = await client.sendRequest<ConversionResult>('vgpuLint/convert', { uri, target });
  if (!result.ok) {
    void window.showErrorMessage(`Not converted: ${result.problems.map((p) => p.message).join('; ')}`);
    return undefined;
  }
  const document = await workspace.openTextDocument({ content: result.text, language: target === 'libvirt' ? 'libvirt-xml' : 'plaintext' });
  await window.showTextDocument(document, { preview: false });
  return document;
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
