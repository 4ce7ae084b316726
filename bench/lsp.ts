// The language server measured through a real LSP client (vscode-jsonrpc) over stdio, the way an
// editor runs it: `node dist/server.js --stdio`.
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import { createMessageConnection, MessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import { median, percentile } from './stats';

export interface LspFigures {
  readyMs: number[];
  nodeStartMs: number[];
  rpcRoundTripMs: number[];
  /** didChange → publishDiagnostics, raw (includes the server's debounce), per document size. */
  change: Map<number, number[]>;
  completion: Map<number, number[]>;
  hover: Map<number, number[]>;
  debounceMs: number | null;
  rssIdleMb: number | null;
  rssCorpusMb: number | null;
  /** After the didChange/completion/hover session on the 200- and 20,000-line documents. */
  rssAfterEditingMb: number | null;
  corpusFiles: number;
  corpusDiagnosed: number;
}

/** The server's debounce, read from its source so the report follows it if it changes. */
export function serverDebounceMs(repoRoot: string): number | null {
  try {
    const src = readFileSync(join(repoRoot, 'server', 'src', 'server.ts'), 'utf8');
    const m = /DEBOUNCE_MS\s*=\s*(\d+)/.exec(src);
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

interface Client {
  proc: ChildProcess;
  conn: MessageConnection;
  /** Resolves with the next publishDiagnostics for the uri (and version, when given). */
  nextDiagnostics(uri: string, version?: number, timeoutMs?: number): Promise<number>;
  close(): Promise<void>;
}

async function startServer(serverJs: string, initializationOptions: unknown): Promise<{ client: Client; readyMs: number }> {
  const t0 = performance.now();
  const proc = spawn(process.execPath, [serverJs, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
  proc.stderr!.resume();
  const conn = createMessageConnection(new StreamMessageReader(proc.stdout!), new StreamMessageWriter(proc.stdin!));
  type Waiter = { uri: string; version?: number; resolve: (n: number) => void };
  const waiters: Waiter[] = [];
  conn.onNotification('textDocument/publishDiagnostics', (p: { uri: string; version?: number; diagnostics: unknown[] }) => {
    for (let i = 0; i < waiters.length; i++) {
      const w = waiters[i];
      if (w.uri === p.uri && (w.version === undefined || p.version === undefined || p.version === w.version)) {
        waiters.splice(i, 1);
        w.resolve(p.diagnostics.length);
        return;
      }
    }
  });
  conn.onNotification('window/logMessage', () => undefined);
  conn.onRequest('client/registerCapability', () => null);
  conn.onRequest('workspace/configuration', () => []);
  conn.listen();
  await conn.sendRequest('initialize', {
    processId: process.pid,
    rootUri: null,
    capabilities: { textDocument: { publishDiagnostics: { versionSupport: true } } },
    initializationOptions,
  });
  const readyMs = performance.now() - t0;
  await conn.sendNotification('initialized', {});
  const client: Client = {
    proc,
    conn,
    nextDiagnostics(uri, version, timeoutMs = 30_000) {
      return new Promise<number>((res, rej) => {
        const w: Waiter = { uri, version, resolve: res };
        waiters.push(w);
        setTimeout(() => {
          const i = waiters.indexOf(w);
          if (i >= 0) {
            waiters.splice(i, 1);
            rej(new Error(`no diagnostics for ${uri} v${version} within ${timeoutMs} ms`));
          }
        }, timeoutMs).unref();
      });
    },
    async close() {
      try {
        await conn.sendRequest('shutdown');
        await conn.sendNotification('exit');
      } catch {
        /* already gone */
      }
      conn.dispose();
      if (proc.exitCode === null) proc.kill();
    },
  };
  return { client, readyMs };
}

function rssMb(pid: number): number | null {
  try {
    const m = /VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : null;
  } catch {
    return null;
  }
}

/** The language id an editor gives the file (VS Code's for .xml; ours for .vmx and Proxmox; HashiCorp's for HCL). */
function languageIdOf(file: string): string {
  if (/\.xml$/i.test(file)) return 'xml';
  if (/\.conf$/i.test(file)) return 'proxmox';
  if (/\.(tf|pkr\.hcl)$/i.test(file)) return 'terraform';
  if (/\.pkr\.json$/i.test(file)) return 'json';
  return 'vmx';
}

export function corpusFiles(corpus: string): string[] {
  const out: string[] = [];
  (function walk(dir: string) {
    for (const name of readdirSync(dir).sort()) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.(vmx|vmtx|xml|conf|tf|pkr\.hcl|pkr\.json)$/i.test(name)) out.push(p);
    }
  })(corpus);
  return out;
}

/** The line and character just inside the value of the first line that starts with `key`. */
function positionIn(text: string, key: string, where: 'key' | 'value'): { line: number; character: number } {
  const lines = text.split(/\r?\n/);
  const line = lines.findIndex((l) => l.startsWith(key));
  if (line < 0) throw new Error(`bench document has no ${key}`);
  const character = where === 'key' ? 3 : lines[line].indexOf('"') + 2;
  return { line, character };
}

export async function runLsp(opts: {
  serverJs: string;
  repoRoot: string;
  corpus: string;
  vmxTexts: Map<number, string>;
  sizes: number[];
  settings: unknown;
  changes: number;
  requests: number;
}): Promise<LspFigures> {
  const { serverJs, repoRoot } = opts;
  const init = { vgpuLint: opts.settings };
  const figures: LspFigures = {
    readyMs: [],
    nodeStartMs: [],
    rpcRoundTripMs: [],
    change: new Map(),
    completion: new Map(),
    hover: new Map(),
    debounceMs: serverDebounceMs(repoRoot),
    rssIdleMb: null,
    rssCorpusMb: null,
    rssAfterEditingMb: null,
    corpusFiles: 0,
    corpusDiagnosed: 0,
  };

  // Ready time: spawn → initialize answered, against a bare `node -e 0` start on the same machine.
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    spawnSync(process.execPath, ['-e', '0']);
    figures.nodeStartMs.push(performance.now() - t0);
    const { client, readyMs } = await startServer(serverJs, init);
    figures.readyMs.push(readyMs);
    await client.close();
  }

  const { client } = await startServer(serverJs, init);
  const { conn } = client;
  try {
    // Transport floor: a request the server does not know is answered at once with an error.
    for (let i = 0; i < 200; i++) {
      const t0 = performance.now();
      await conn.sendRequest('vgpuBench/ping').catch(() => undefined);
      figures.rpcRoundTripMs.push(performance.now() - t0);
    }

    for (const size of opts.sizes) {
      const text = opts.vmxTexts.get(size)!;
      const uri = pathToFileURL(resolve(repoRoot, 'bench', `lsp-${size}.vmx`)).href;
      const opened = client.nextDiagnostics(uri, 1);
      await conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'vmx', version: 1, text } });
      await opened;
      // Each change rewrites one character of the display name (a one-character incremental edit, as
      // typing sends it), then waits for that version's diagnostics.
      const target = positionIn(text, 'displayName', 'value');
      const samples: number[] = [];
      for (let v = 2; v < 2 + opts.changes; v++) {
        const got = client.nextDiagnostics(uri, v);
        const t0 = performance.now();
        await conn.sendNotification('textDocument/didChange', {
          textDocument: { uri, version: v },
          contentChanges: [{ range: { start: target, end: { line: target.line, character: target.character + 1 } }, text: String.fromCharCode(97 + (v % 26)) }],
        });
        await got;
        samples.push(performance.now() - t0);
      }
      figures.change.set(size, samples);

      const completeAt = positionIn(text, 'pciPassthru0.deviceId', 'value');
      const hoverAt = positionIn(text, 'pciPassthru.64bitMMIOSizeGB', 'key');
      const comp: number[] = [];
      const hov: number[] = [];
      for (let i = 0; i < opts.requests; i++) {
        let t0 = performance.now();
        await conn.sendRequest('textDocument/completion', { textDocument: { uri }, position: completeAt });
        comp.push(performance.now() - t0);
        t0 = performance.now();
        await conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: hoverAt });
        hov.push(performance.now() - t0);
      }
      figures.completion.set(size, comp);
      figures.hover.set(size, hov);
      await conn.sendNotification('textDocument/didClose', { textDocument: { uri } });
    }

    figures.rssAfterEditingMb = rssMb(client.proc.pid!);
  } finally {
    await client.close();
  }

  // Memory: every corpus file open at once, in a fresh server (the editing session above leaves a
  // grown heap behind that says more about V8's GC than about the corpus).
  const fresh = (await startServer(serverJs, init)).client;
  try {
    const conn = fresh.conn;
    const client = fresh;
    figures.rssIdleMb = rssMb(client.proc.pid!);
    const files = existsSync(opts.corpus) ? corpusFiles(opts.corpus) : [];
    figures.corpusFiles = files.length;
    const pending: Promise<number>[] = [];
    for (const f of files) {
      const uri = pathToFileURL(f).href;
      pending.push(client.nextDiagnostics(uri, 1, 60_000));
      await conn.sendNotification('textDocument/didOpen', {
        textDocument: { uri, languageId: languageIdOf(f), version: 1, text: readFileSync(f, 'utf8') },
      });
    }
    const results = await Promise.allSettled(pending);
    figures.corpusDiagnosed = results.filter((r) => r.status === 'fulfilled').length;
    figures.rssCorpusMb = rssMb(client.proc.pid!);
  } finally {
    await fresh.close();
  }
  return figures;
}

export const p50 = (xs: number[] | undefined) => (xs?.length ? median(xs) : null);
export const p99 = (xs: number[] | undefined) => (xs?.length ? percentile(xs, 99) : null);
