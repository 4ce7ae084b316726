// A real LSP client over stdio for tests: spawns the bundled server and speaks JSON-RPC to it.
import { ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import {
  createMessageConnection,
  MessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-languageserver-protocol/node';
import type { InitializeParams, InitializeResult, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';

export interface TestClient {
  connection: MessageConnection;
  process: ChildProcessWithoutNullStreams;
  /** The server's answer to `initialize`. */
  initializeResult: InitializeResult;
  /** Messages the server logged (window/logMessage). */
  logs: string[];
  /** Resolves with the first publishDiagnostics for `uri` (after now) that satisfies `accept`. */
  diagnostics(uri: string, accept?: (p: PublishDiagnosticsParams) => boolean, timeoutMs?: number): Promise<PublishDiagnosticsParams>;
  /** Every publishDiagnostics received so far. */
  published: PublishDiagnosticsParams[];
  /** workspace/applyEdit requests the server sent (answered with applied: true). */
  appliedEdits: unknown[];
  /** Server → client workspace/configuration answer. */
  configuration: unknown;
  stderr(): string;
  close(): Promise<number | null>;
}

export async function startServer(serverJs: string, init: Partial<InitializeParams> = {}, env: NodeJS.ProcessEnv = process.env): Promise<TestClient> {
  const proc = spawn(process.execPath, [serverJs, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'], env });
  let stderr = '';
  proc.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
  const connection = createMessageConnection(new StreamMessageReader(proc.stdout), new StreamMessageWriter(proc.stdin));
  const published: PublishDiagnosticsParams[] = [];
  const waiters: { uri: string; accept: (p: PublishDiagnosticsParams) => boolean; resolve: (p: PublishDiagnosticsParams) => void }[] = [];
  const logs: string[] = [];
  const client: TestClient = {
    connection,
    process: proc,
    initializeResult: { capabilities: {} }, // replaced by the real answer below
    logs,
    published,
    configuration: {},
    appliedEdits: [],
    stderr: () => stderr,
    diagnostics(uri, accept = () => true, timeoutMs = 10000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no matching diagnostics for ${uri} within ${timeoutMs} ms; got ${JSON.stringify(published.filter((p) => p.uri === uri))}; stderr: ${stderr}`)), timeoutMs);
        waiters.push({ uri, accept, resolve: (p) => (clearTimeout(timer), resolve(p)) });
      });
    },
    async close() {
      await connection.sendRequest('shutdown');
      const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
      await connection.sendNotification('exit');
      const code = await exited;
      connection.dispose();
      return code;
    },
  };
  connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
    published.push(p);
    for (const w of [...waiters]) {
      if (w.uri === p.uri && w.accept(p)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(p);
      }
    }
  });
  connection.onNotification('window/logMessage', (p: { message: string }) => logs.push(p.message));
  connection.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => client.configuration));
  connection.onRequest('client/registerCapability', () => null);
  connection.onRequest('workspace/applyEdit', (p: unknown) => {
    client.appliedEdits.push(p);
    return { applied: true };
  });
  connection.listen();
  client.initializeResult = await connection.sendRequest<InitializeResult>('initialize', {
    processId: process.pid,
    rootUri: null,
    capabilities: {
      workspace: { configuration: true, applyEdit: true, workspaceEdit: { documentChanges: true } },
      textDocument: { publishDiagnostics: { versionSupport: true }, hover: { contentFormat: ['markdown', 'plaintext'] } },
    },
    workspaceFolders: null,
    ...init,
  });
  await connection.sendNotification('initialized', {});
  return client;
}
