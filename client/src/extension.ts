// VS Code client: starts the bundled language server over IPC and adds two commands.
// The server ignores XML that is not libvirt's, so claiming `xml` coexists with other XML extensions.
import { commands, ExtensionContext, window, workspace } from 'vscode';
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
    documentSelector: ['file', 'untitled'].flatMap((scheme) => ['vmx', 'libvirt-xml', 'xml', 'proxmox'].map((language) => ({ scheme, language }))),
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
  await client.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
