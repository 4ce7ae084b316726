// Typing load on the real server process (`node dist/server.js --stdio`, JSON-RPC over pipes):
// 2,000 rapid incremental didChange notifications must end in exactly the diagnostics the
// LanguageService computes for the final text, stale runs must be dropped, and memory must settle.
// Latency and memory are printed; the assertions only catch hangs and runaway growth (timings are
// benchmarks, not tests: a loaded CI machine must not fail them).
import { test, describe, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, MessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import type { Diagnostic, Position } from 'vscode-languageserver-types';
import { LanguageService } from '../../server/src/service/languageService';
import { DEFAULT_SETTINGS, Settings } from '../../server/src/service/types';
import { buildBundles, repoRoot } from './support/bundles';

const SETTINGS: Settings = { ...DEFAULT_SETTINGS, host: { ...DEFAULT_SETTINGS.host, enabled: false } };
const CHANGES = 2000;
/** Diagnostics for a burst normally arrive within the debounce plus a few ms; only this means a hang. */
const HANG_MS = 15_000;
/** Memory after closing, relative to the level after the first open: only runaway growth fails. */
const RSS_GROWTH_LIMIT = 2;

interface Published {
  uri: string;
  version?: number;
  diagnostics: Diagnostic[];
  at: number;
}

/** A ~200-line VMX: the A2/BIOS example with its mistakes, padded with ordinary keys and comments. */
function targetText(): string {
  const head = readFileSync(path.join(repoRoot, 'examples', 'e2e-workspace', 'a2-bios.vmx'), 'utf8').trimEnd().split('\n');
  const lines = [...head];
  for (let i = 0; lines.length < 200; i++) {
    lines.push(i % 3 === 0 ? `# note ${i}` : i % 3 === 1 ? `guestinfo.disk${i}.present = "TRUE"` : `guestinfo.load${i} = "value ${i}"`);
  }
  return lines.join('\n') + '\n';
}

function positionAt(text: string, offset: number): Position {
  let line = 0;
  let last = -1;
  for (let i = 0; i < offset; i++) if (text.charCodeAt(i) === 10) { line++; last = i; }
  return { line, character: offset - last - 1 };
}

const key = (d: Diagnostic) => `${String(d.code)}@${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character}`;
const keys = (ds: Diagnostic[]) => ds.map(key).sort();

function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!m) throw new Error(`no VmRSS for ${pid}`);
  return Number(m[1]) / 1024;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)];

describe('language server under typing load (stdio)', () => {
  let proc: ChildProcess;
  let conn: MessageConnection;
  const published: Published[] = [];
  const dir = mkdtempSync(path.join(tmpdir(), 'vgpu-load-'));
  // The server bundled from the current sources (dist/ may be stale or missing).
  let serverJs = '';
  before(async () => {
    serverJs = (await buildBundles()).server;
  });
  after(() => {
    conn?.dispose();
    proc?.kill();
    rmSync(dir, { recursive: true, force: true });
  });

  async function waitFor<T>(what: string, get: () => T | undefined, timeoutMs = 20000): Promise<T> {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const v = get();
      if (v !== undefined) return v;
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
      await sleep(5);
    }
  }

  test('starts and initializes', async () => {
    proc = spawn(process.execPath, [serverJs, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
    conn = createMessageConnection(new StreamMessageReader(proc.stdout!), new StreamMessageWriter(proc.stdin!));
    conn.onNotification('textDocument/publishDiagnostics', (p: Omit<Published, 'at'>) => published.push({ ...p, at: performance.now() }));
    conn.onNotification('window/logMessage', () => undefined);
    conn.onRequest('workspace/configuration', () => [{ host: { enabled: false } }]);
    conn.listen();
    const init = await conn.sendRequest<{ capabilities: { textDocumentSync?: unknown } }>('initialize', {
      processId: process.pid,
      rootUri: pathToFileURL(dir).href,
      capabilities: {},
    });
    assert.ok(init.capabilities.textDocumentSync, 'server announced no text document sync');
    await conn.sendNotification('initialized', {});
    await conn.sendNotification('workspace/didChangeConfiguration', { settings: { vgpuLint: { host: { enabled: false } } } });
  });

  const uri = pathToFileURL(path.join(dir, 'typed.vmx')).href;
  const target = targetText();
  let rssAfterOpen = 0;
  let peakRss = 0;

  test(`${CHANGES} incremental changes: last diagnostics = in-process result, stale runs dropped`, async () => {
    await conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'vmx', version: 0, text: '' } });
    await waitFor('diagnostics of the opened document', () => published.find((p) => p.uri === uri));
    rssAfterOpen = rssMb(proc.pid!);
    peakRss = rssAfterOpen;
    const sampler = setInterval(() => { peakRss = Math.max(peakRss, rssMb(proc.pid!)); }, 20);
    const before = published.length;
    // Type the file front to back in CHANGES chunks, each an insertion at the end (what an editor sends).
    const step = target.length / CHANGES;
    let text = '';
    for (let v = 1; v <= CHANGES; v++) {
      const next = target.slice(0, Math.round(v * step));
      const insert = next.slice(text.length);
      const at = positionAt(text, text.length);
      void conn.sendNotification('textDocument/didChange', {
        textDocument: { uri, version: v },
        contentChanges: [{ range: { start: at, end: at }, text: insert }],
      });
      text = next;
    }
    assert.equal(text, target);
    const final = await waitFor('diagnostics of the final version', () => published.find((p) => p.uri === uri && p.version === CHANGES), 30000);
    await sleep(500); // anything still in flight would arrive now
    clearInterval(sampler);
    const burst = published.slice(before).filter((p) => p.uri === uri);
    const last = burst[burst.length - 1];
    assert.equal(last, final, 'a publish arrived after the final version');
    const expected = new LanguageService().diagnose({ uri, text: target }, SETTINGS);
    assert.ok(expected.some((d) => d.code === 'vmx/bios-large-bar'), 'the typed file should have the BIOS/large-BAR problem');
    assert.deepEqual(keys(last.diagnostics), keys(expected));
    assert.ok(burst.length < CHANGES / 20, `${burst.length} publishes for ${CHANGES} changes: stale runs were not dropped`);
    const versions = burst.map((p) => p.version ?? -1);
    for (let i = 1; i < versions.length; i++) assert.ok(versions[i] > versions[i - 1], `version went back: ${versions.join(',')}`);
    console.log(`${CHANGES} changes → ${burst.length} publishDiagnostics (versions ${versions.join(', ')}); ${last.diagnostics.length} diagnostics`);
  });

  test('latency from the last change of a burst to its diagnostics (30 bursts)', async () => {
    const latencies: number[] = [];
    let version = CHANGES;
    let text = target;
    for (let round = 0; round < 30; round++) {
      // Type a line at the end, then delete it again on odd rounds: 20 changes per burst.
      const line = `pciPassthru1.present = "TRUE"\n`;
      for (let i = 0; i < 20; i++) {
        version++;
        if (round % 2 === 0) {
          const piece = line.slice(Math.floor((i * line.length) / 20), Math.floor(((i + 1) * line.length) / 20));
          const at = positionAt(text, text.length);
          void conn.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ range: { start: at, end: at }, text: piece }] });
          text += piece;
        } else {
          const keep = text.length - Math.ceil(line.length / 20) >= target.length ? text.length - Math.ceil(line.length / 20) : target.length;
          const start = positionAt(text, keep);
          const end = positionAt(text, text.length);
          void conn.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ range: { start, end }, text: '' }] });
          text = text.slice(0, keep);
        }
      }
      const sent = performance.now();
      const v = version;
      const p = await waitFor(`diagnostics of version ${v}`, () => published.find((x) => x.uri === uri && x.version === v), HANG_MS);
      latencies.push(p.at - sent);
      assert.deepEqual(keys(p.diagnostics), keys(new LanguageService().diagnose({ uri, text }, SETTINGS)));
      peakRss = Math.max(peakRss, rssMb(proc.pid!));
    }
    const p50 = percentile(latencies, 50);
    const p99 = percentile(latencies, 99);
    console.log(`latency last change → diagnostics: p50 ${p50.toFixed(0)} ms, p99 ${p99.toFixed(0)} ms (debounce included)`);
    const worst = Math.max(...latencies);
    assert.ok(worst < HANG_MS, `a burst took ${worst.toFixed(0)} ms to be diagnosed`);
  });

  test(`memory after closing the document stays below ${RSS_GROWTH_LIMIT}× the level after the first open`, async () => {
    await conn.sendNotification('textDocument/didClose', { textDocument: { uri } });
    await waitFor('the cleared diagnostics', () => published.slice(-1).find((p) => p.uri === uri && p.diagnostics.length === 0));
    let rss = rssMb(proc.pid!);
    for (let i = 0; i < 50 && rss > rssAfterOpen * RSS_GROWTH_LIMIT; i++) {
      // Give the collector a few seconds to return the burst's garbage before judging.
      await sleep(200);
      rss = rssMb(proc.pid!);
    }
    console.log(`RSS: ${rssAfterOpen.toFixed(1)} MB after open, peak ${peakRss.toFixed(1)} MB, ${rss.toFixed(1)} MB after close`);
    assert.ok(rss <= rssAfterOpen * RSS_GROWTH_LIMIT, `RSS ${rss.toFixed(1)} MB > ${RSS_GROWTH_LIMIT} × ${rssAfterOpen.toFixed(1)} MB`);
    await conn.sendRequest('shutdown');
    await conn.sendNotification('exit');
  });
});
