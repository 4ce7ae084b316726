// The libvirt schema as users pay for it: the whole `vgpu-lint` process on the 2.4 MB domain against
// native `xmllint --noout --relaxng domain.rng` (time and peak RSS, alternating runs on the same file),
// and, in the editor, schema-driven completion and revalidation after a one-character edit on a
// 20,000-line domain.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { LanguageService } from '../server/src/service/languageService';
import { LineIndex } from '../server/src/service/text';
import { validateLibvirtSchema, validationStats } from '../server/src/libvirt/schema';
import { parseXml } from '../server/src/libvirt/xml/parser';
import { generateDomainXml, mb } from './generate';
import { benchSettings } from './inProcess';
import { DOMAIN_RNG } from './peers';
import { fmt, ratio, Row, Target } from './report';
import { median, percentile } from './stats';

const GNU_TIME = '/usr/bin/time';

interface ProcessFigure {
  ms: number;
  rssMb: number | null;
  status: number;
}

/** One process, wall time from here, peak RSS from GNU time (`%M`, KiB) when it is installed. */
function runProcess(cmd: string, args: string[]): ProcessFigure {
  const withTime = existsSync(GNU_TIME);
  const t0 = performance.now();
  const r = withTime
    ? spawnSync(GNU_TIME, ['-f', 'vgpu-bench-rss %M', cmd, ...args], { encoding: 'utf8', maxBuffer: 1 << 28 })
    : spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 1 << 28 });
  const ms = performance.now() - t0;
  const m = withTime ? /vgpu-bench-rss (\d+)/.exec(r.stderr ?? '') : null;
  return { ms, rssMb: m ? (Number(m[1]) * 1024) / 1e6 : null, status: r.status ?? -1 };
}

export interface WholeProcessFigures {
  bytes: number;
  ours: { ms: number; rssMb: number | null };
  oursNoSchema: { ms: number; rssMb: number | null };
  xmllint: { ms: number; rssMb: number | null } | null;
  runs: number;
}

const med = (xs: ProcessFigure[]) => ({ ms: median(xs.map((x) => x.ms)), rssMb: xs.every((x) => x.rssMb !== null) ? median(xs.map((x) => x.rssMb!)) : null });

/** `vgpu-lint --no-host FILE` (with the schema; and with libvirt/schema off) and xmllint, in turn, `runs` times. */
export function runWholeProcess(cliJs: string, text: string, runs: number, xmllint: boolean): WholeProcessFigures {
  const dir = mkdtempSync(join(tmpdir(), 'vgpu-bench-whole-'));
  const file = join(dir, 'domain.xml');
  writeFileSync(file, text);
  const ours: ProcessFigure[] = [];
  const noSchema: ProcessFigure[] = [];
  const peer: ProcessFigure[] = [];
  for (let i = 0; i < runs + 1; i++) {
    const a = runProcess(process.execPath, [cliJs, '--no-host', '--format', 'json', file]);
    const b = xmllint ? runProcess('xmllint', ['--noout', '--relaxng', DOMAIN_RNG, file]) : undefined;
    const c = runProcess(process.execPath, [cliJs, '--no-host', '--format', 'json', '--rule', 'libvirt/schema=off', file]);
    if (i === 0) continue; // the first round warms the page cache
    ours.push(a);
    if (b) peer.push(b);
    noSchema.push(c);
  }
  return { bytes: text.length, ours: med(ours), oursNoSchema: med(noSchema), xmllint: xmllint ? med(peer) : null, runs };
}

export function wholeProcessRows(f: WholeProcessFigures, rows: Row[], targets: Target[]): void {
  const size = mb(f.bytes);
  const base = f.xmllint;
  rows.push(
    {
      group: 'whole process',
      name: `vgpu-lint --no-host (with libvirt schema) vs xmllint --relaxng, ${size}`,
      value: f.ours.ms,
      unit: 'ms',
      baseline: { name: 'xmllint --relaxng', value: base?.ms ?? null },
      ratio: ratio(f.ours.ms, base?.ms),
      note: `${f.runs} alternating runs`,
    },
    {
      group: 'whole process',
      name: `peak RSS, vgpu-lint (with libvirt schema) vs xmllint --relaxng, ${size}`,
      value: f.ours.rssMb,
      unit: 'MB',
      baseline: { name: 'xmllint --relaxng', value: base?.rssMb ?? null },
      ratio: ratio(f.ours.rssMb, base?.rssMb),
      note: f.ours.rssMb === null ? 'GNU time not installed' : '',
    },
    {
      group: 'whole process',
      name: `vgpu-lint --no-host, libvirt/schema off, vs xmllint --relaxng, ${size}`,
      value: f.oursNoSchema.ms,
      unit: 'ms',
      baseline: { name: 'xmllint --relaxng', value: base?.ms ?? null },
      ratio: ratio(f.oursNoSchema.ms, base?.ms),
    },
  );
  const r = ratio(f.ours.ms, base?.ms);
  const m = ratio(f.ours.rssMb, base?.rssMb);
  targets.push({ name: `whole-process vgpu-lint with schema ≤ 1.0× xmllint --relaxng (${size})`, pass: r === null ? null : r <= 1, detail: r === null ? 'peer unavailable' : `${r.toFixed(2)}× (${fmt(f.ours.ms, 'ms')} vs ${fmt(base!.ms, 'ms')})` });
  targets.push({ name: `whole-process peak RSS ≤ 1.5× xmllint --relaxng (${size})`, pass: m === null ? null : m <= 1.5, detail: m === null ? 'not measured' : `${m.toFixed(2)}× (${fmt(f.ours.rssMb, 'MB')} vs ${fmt(base!.rssMb, 'MB')})` });
}

/** A valid domain of at least `lines` lines (disks, hostdevs and interfaces in turn). */
export function domainOfLines(lines: number): string {
  let bytes = lines * 40;
  for (;;) {
    const text = generateDomainXml(bytes);
    const n = text.split('\n').length;
    if (n >= lines) return text;
    bytes = Math.ceil((bytes * lines) / n) + 1000;
  }
}

export interface EditorFigures {
  lines: number;
  completion: { p50: number; p99: number; positions: number; samples: number };
  completionSmall: { p50: number; p99: number };
  /** libvirt/schema alone after the edit, against validating the whole document. */
  schema: { p50: number; p99: number; full: number; edits: number; byElement: number };
  /** The whole analysis (every rule) after the edit, with and without the schema. */
  diagnostics: { p50: number; p99: number; withoutSchemaP50: number; withoutSchemaP99: number };
}

/** Cursor offsets for completion in the middle of the text: a new child of a <disk>, a <source> attribute, an <interface> type value. */
function positions(text: string): { text: string; offsets: number[] } {
  const mid = text.indexOf("<disk type='file'", text.length >> 1);
  const lineEnd = text.indexOf('\n', text.indexOf('<target', mid));
  const withLt = `${text.slice(0, lineEnd)}\n      <${text.slice(lineEnd)}`;
  const offsets = [lineEnd + 8];
  const src = withLt.indexOf('<source ', mid);
  offsets.push(src + '<source '.length);
  const nic = withLt.indexOf("<interface type='", mid);
  offsets.push(nic + "<interface type='".length);
  return { text: withLt, offsets };
}

function completionTimes(service: LanguageService, text: string, offsets: number[], n: number, schemaDir: string): number[] {
  const settings = benchSettings(schemaDir);
  const uri = 'file:///bench/edit.xml';
  const index = new LineIndex(text);
  service.diagnose({ uri, text }, settings); // the editor has analysed the text before completion is asked
  const times: number[] = [];
  for (let i = 0; i < n + 5; i++) {
    const offset = offsets[i % offsets.length];
    const t0 = performance.now();
    const items = service.complete({ uri, text }, index.positionAt(offset), settings);
    const dt = performance.now() - t0;
    if (!items.length) throw new Error(`no completion at offset ${offset}`);
    if (i >= 5) times.push(dt);
  }
  return times;
}

/**
 * Completion at 3 positions on a 20,000-line domain (schema-driven items) and, as a baseline in the
 * same run, the same positions on a 200-line domain; then revalidation with the schema after a
 * one-character edit (a new text each time, as the editor sends it): the time from the changed text
 * to its diagnostics, without the server's debounce or JSON-RPC.
 */
export function runEditor(schemaDir: string, repeats: number): EditorFigures {
  const big = positions(domainOfLines(20_000));
  const small = positions(domainOfLines(200));
  const service = new LanguageService();
  const n = Math.max(60, repeats * 10);
  const tBig = completionTimes(service, big.text, big.offsets, n, schemaDir);
  const tSmall = completionTimes(new LanguageService(), small.text, small.offsets, n, schemaDir);

  const base = domainOfLines(20_000);
  const settings = benchSettings(schemaDir);
  const noSchema = benchSettings(null);
  const at = base.indexOf('</disk>', base.length >> 1);
  const edits = Math.max(20, repeats * 2);
  // One more character typed into a <disk>'s <serial> each time: a new text, still valid.
  const edited = (i: number) => `${base.slice(0, at)}  <serial>${'x'.repeat(i + 1)}</serial>\n    ${base.slice(at)}`;
  const kind = 'libvirt-domain' as const;
  const schemaOnly: number[] = [];
  const full: number[] = [];
  const withSchema: number[] = [];
  const without: number[] = [];
  validateLibvirtSchema(base, kind, schemaDir, parseXml(base));
  const live = new LanguageService();
  const plain = new LanguageService();
  live.diagnose({ uri: 'file:///bench/live.xml', text: base }, settings);
  plain.diagnose({ uri: 'file:///bench/plain.xml', text: base }, noSchema);
  let byElement = 0;
  for (let i = 0; i < edits + 2; i++) {
    const text = edited(i);
    const doc = parseXml(text);
    const before = validationStats.byElement;
    let t0 = performance.now();
    validateLibvirtSchema(text, kind, schemaDir, doc);
    const ts = performance.now() - t0;
    if (i >= 2 && validationStats.byElement > before) byElement++;
    // Baseline: the whole document validated (a change after the root element has no element around it).
    // (No tree passed: the way the locator's copies are validated, never by element.)
    const whole = `${text}<!-- ${i} -->`;
    t0 = performance.now();
    validateLibvirtSchema(whole, kind, schemaDir);
    const tf = performance.now() - t0;
    const next = edited(i + 100);
    t0 = performance.now();
    live.diagnose({ uri: 'file:///bench/live.xml', text: next }, settings);
    const tw = performance.now() - t0;
    t0 = performance.now();
    plain.diagnose({ uri: 'file:///bench/plain.xml', text: next }, noSchema);
    const tn = performance.now() - t0;
    if (i < 2) continue;
    schemaOnly.push(ts);
    full.push(tf);
    withSchema.push(tw);
    without.push(tn);
  }
  return {
    lines: base.split('\n').length,
    completion: { p50: percentile(tBig, 50), p99: percentile(tBig, 99), positions: big.offsets.length, samples: tBig.length },
    completionSmall: { p50: percentile(tSmall, 50), p99: percentile(tSmall, 99) },
    schema: { p50: percentile(schemaOnly, 50), p99: percentile(schemaOnly, 99), full: median(full), edits, byElement },
    diagnostics: { p50: percentile(withSchema, 50), p99: percentile(withSchema, 99), withoutSchemaP99: percentile(without, 99), withoutSchemaP50: percentile(without, 50) },
  };
}

export function editorRows(f: EditorFigures, rows: Row[], targets: Target[]): void {
  rows.push(
    {
      group: 'schema editor',
      name: `schema completion p99, ${f.lines.toLocaleString('en')}-line domain (in process)`,
      value: f.completion.p99,
      unit: 'ms',
      baseline: { name: 'same positions, 200 lines', value: f.completionSmall.p99 },
      ratio: ratio(f.completion.p99, f.completionSmall.p99),
      note: `p50 ${fmt(f.completion.p50, 'ms')}; ${f.completion.samples} requests at ${f.completion.positions} positions`,
    },
    {
      group: 'schema editor',
      name: `schema revalidation after a one-character edit p99, ${f.lines.toLocaleString('en')} lines`,
      value: f.schema.p99,
      unit: 'ms',
      baseline: { name: 'whole document validated', value: f.schema.full },
      ratio: ratio(f.schema.p99, f.schema.full),
      note: `p50 ${fmt(f.schema.p50, 'ms')}; ${f.schema.byElement} of ${f.schema.edits} edits revalidated by element`,
    },
    {
      group: 'schema editor',
      name: `edit → diagnostics (every rule + schema) p99, ${f.lines.toLocaleString('en')} lines (in process)`,
      value: f.diagnostics.p99,
      unit: 'ms',
      baseline: { name: 'same, libvirt/schema off', value: f.diagnostics.withoutSchemaP99 },
      ratio: ratio(f.diagnostics.p99, f.diagnostics.withoutSchemaP99),
      note: `p50 ${fmt(f.diagnostics.p50, 'ms')} (off: ${fmt(f.diagnostics.withoutSchemaP50, 'ms')})`,
    },
  );
  targets.push({ name: 'schema completion p99 < 10 ms at 20,000 lines', pass: f.completion.p99 < 10, detail: fmt(f.completion.p99, 'ms') });
  targets.push({ name: 'schema revalidation after an edit p99 < 20 ms at 20,000 lines', pass: f.schema.p99 < 20, detail: fmt(f.schema.p99, 'ms') });
  targets.push({ name: 'edit → diagnostics with schema p99 < 20 ms at 20,000 lines (excl. debounce)', pass: f.diagnostics.p99 < 20, detail: `${fmt(f.diagnostics.p99, 'ms')} (with libvirt/schema off: ${fmt(f.diagnostics.withoutSchemaP99, 'ms')})` });
}
