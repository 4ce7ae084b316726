// `npm run bench`: in-process analysis against a floor, xmllint peers, the language server over stdio
// and the CLI on the corpus. Prints a table and the targets (PASS/MISS) and writes bench/results.json.
// Env: BENCH_REPEATS (default 15) scales the number of runs behind every median.
import { preloadLibvirtSchemaValidator } from '../server/src/libvirt/schema';
import { xmlParserChoiceRows } from './xmlParserChoice';
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join, resolve } from 'node:path';
import { runCli } from './cli';
import { editorRows, runEditor, runWholeProcess, wholeProcessRows } from './schemaEditor';
import { mb } from './generate';
import { runInProcess, VMX_SIZES, XML_SIZES } from './inProcess';
import { resolveSchemaSet } from '../server/src/libvirt/schema/schemaSet';
import { corpusFiles, LspFigures, p50, p99, runLsp } from './lsp';
import { peerAvailability, runPeers } from './peers';
import { fmt, ratio, renderTable, renderTargets, Row, Target } from './report';
import { median } from './stats';

// Set by scripts/bench.mjs, which runs a bundle of this file from a temporary folder.
const repoRoot = process.env.VGPU_BENCH_ROOT ?? resolve(__dirname, '..');
const corpus = resolve(repoRoot, 'test', 'corpus');
const repeats = Math.max(3, Number(process.env.BENCH_REPEATS ?? 15));

function build(): string | null {
  const r = spawnSync(process.execPath, [join(repoRoot, 'scripts', 'build.mjs')], { cwd: repoRoot, encoding: 'utf8' });
  return r.status === 0 ? null : (r.stderr || r.stdout).split('\n').slice(0, 5).join('\n');
}

const target = (name: string, value: number | null | undefined, limit: number, detail: string, unavailable?: string): Target => ({
  name,
  pass: value == null || !Number.isFinite(value) ? null : value < limit,
  detail: value == null || !Number.isFinite(value) ? (unavailable ?? 'not measured') : detail,
});

async function main(): Promise<void> {
  const rows: Row[] = [];
  const targets: Target[] = [];
  const notes: string[] = [];

  const buildError = build();
  if (buildError) notes.push(`npm run build failed; using the dist/ already there (if any):\n${buildError}`);

  // 1. In-process analysis.
  // The set the product picks by itself: the host's libvirt schemas, else the bundled copy.
  const schemas = resolveSchemaSet(undefined);
  notes.push(`libvirt schemas: ${schemas.label}`);
  const schemaDir = schemas.dir;
  // The RelaxNG validator is WebAssembly that loads asynchronously: without waiting for it, the
  // "with libvirt schema" rows would measure the analysis without validation.
  if (schemaDir && !(await preloadLibvirtSchemaValidator())) notes.push('libxml2-wasm did not load: the "with libvirt schema" rows do not validate');
  const inproc = runInProcess(repeats, schemaDir);
  rows.push(...inproc.rows);
  const v2k = inproc.vmx.get(2_000)!;
  targets.push(target('2,000-line VMX analysis < 5 ms', v2k.analysis, 5, `${fmt(v2k.analysis, 'ms')}`));
  targets.push({ name: '2,000-line VMX analysis ≤ 4× floor', pass: v2k.analysis / v2k.floor <= 4, detail: `${(v2k.analysis / v2k.floor).toFixed(2)}× (floor ${fmt(v2k.floor, 'ms')})` });
  const growth = (figs: typeof inproc.vmx, sizes: number[]) =>
    Math.max(...sizes.slice(1).map((s, i) => figs.get(s)!.analysis / figs.get(sizes[i])!.analysis / (s / sizes[i])));
  const gv = growth(inproc.vmx, VMX_SIZES);
  const gx = growth(inproc.xml, XML_SIZES);
  targets.push({ name: 'linear growth, VMX (10× input ≤ 12× time)', pass: gv <= 1.2, detail: `worst step ${(gv * 10).toFixed(1)}× time per 10× input` });
  targets.push({ name: 'linear growth, domain XML (per 10× input ≤ 12× time)', pass: gx <= 1.2, detail: `worst step ${(gx * 10).toFixed(1)}× time per 10× input (normalised)` });

  // 2. Peers.
  const avail = peerAvailability();
  if (!avail.xmllint || !avail.relaxng) notes.push(`peer unavailable: ${avail.reason}`);
  const peers = runPeers(inproc.texts.xml, repeats, avail);
  for (const bytes of XML_SIZES) {
    const ours = inproc.xml.get(bytes)!.analysis;
    const p = peers.get(bytes);
    rows.push({
      group: 'peer',
      name: `ours (no schema) vs xmllint --noout, ${mb(bytes)}`,
      value: ours,
      unit: 'ms',
      baseline: { name: 'xmllint --noout', value: p?.parse ?? null },
      ratio: ratio(ours, p?.parse),
      note: p ? '' : 'peer unavailable',
    });
    rows.push({
      group: 'peer',
      name: `ours (no schema) vs xmllint --relaxng domain.rng, ${mb(bytes)}`,
      value: ours,
      unit: 'ms',
      baseline: { name: 'xmllint --relaxng', value: p?.relaxng ?? null },
      ratio: ratio(ours, p?.relaxng),
      note: !p?.relaxng ? 'peer unavailable' : p.valid ? 'file valid per xmllint' : 'xmllint REJECTED the generated file',
    });
    const withSchema = inproc.xmlWithSchema.get(bytes);
    if (withSchema) {
      rows.push({
        group: 'peer',
        name: `ours (with libvirt schema) vs xmllint --relaxng, ${mb(bytes)}`,
        value: withSchema.analysis,
        unit: 'ms',
        baseline: { name: 'xmllint --relaxng', value: p?.relaxng ?? null },
        ratio: ratio(withSchema.analysis, p?.relaxng),
      });
    }
  }
  rows.push(...xmlParserChoiceRows(inproc.texts.xml, [0.8e6, 2.4e6], repeats, mb));

  const x24 = inproc.xml.get(2.4e6)!.analysis;
  const rng24 = peers.get(2.4e6)?.relaxng ?? null;
  targets.push({
    name: '2.4 MB domain XML (no schema) faster than xmllint --relaxng',
    pass: rng24 == null ? null : x24 < rng24,
    detail: rng24 == null ? `peer unavailable (${avail.reason})` : `${fmt(x24, 'ms')} vs ${fmt(rng24, 'ms')} (${(x24 / rng24).toFixed(2)}×)`,
  });

  // 3. Language server over stdio.
  const serverJs = join(repoRoot, 'dist', 'server.js');
  let lsp: LspFigures | null = null;
  if (!existsSync(serverJs)) notes.push('language server: dist/server.js missing (npm run build)');
  else {
    try {
      lsp = await runLsp({
        serverJs,
        repoRoot,
        corpus,
        vmxTexts: inproc.texts.vmx,
        sizes: [200, 20_000],
        settings: { host: { enabled: false }, libvirt: { schemaDir } },
        changes: Math.max(20, repeats * 4),
        requests: Math.max(100, repeats * 20),
      });
    } catch (e) {
      notes.push(`language server benchmark failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  lspRowsAndTargets(lsp, rows, targets);

  // 4. CLI on the corpus.
  const cliJs = join(repoRoot, 'dist', 'cli.js');
  const files = existsSync(corpus) ? corpusFiles(corpus).length : 0;
  if (!existsSync(cliJs)) {
    notes.push('CLI: dist/cli.js missing (npm run build)');
    rows.push({ group: 'cli', name: 'corpus throughput', value: null, unit: 'files/s', note: 'dist/cli.js missing' });
  } else {
    const c = runCli(cliJs, corpus, files, Math.max(3, repeats >> 2));
    const perSec = c.files / (c.ms / 1000);
    rows.push({
      group: 'cli',
      name: `vgpu-lint --format json --no-host corpus (${c.files} files, ${fmt(c.ms, 'ms')} per run)`,
      value: c.error ? null : perSec,
      unit: 'files/s',
      baseline: { name: 'node -e 0 start', value: c.nodeStartMs },
      ratio: ratio(c.ms, c.nodeStartMs),
      note: c.error ? `CLI failed: ${c.error}` : `exit codes ${[...new Set(c.exitCodes)].join(',')}; ratio = run time / node start`,
    });
  }

  // 5. The libvirt schema as users pay for it: whole processes on the 2.4 MB domain, and the editor.
  if (existsSync(cliJs)) {
    const runs = Math.max(5, repeats >> 1);
    wholeProcessRows(runWholeProcess(cliJs, inproc.texts.xml.get(2.4e6)!, runs, avail.relaxng), rows, targets);
  }
  if (schemaDir) {
    try {
      editorRows(runEditor(schemaDir, repeats), rows, targets);
    } catch (e) {
      notes.push(`schema editor benchmark failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  const table = renderTable(rows);
  const targetTable = renderTargets(targets);
  console.log(`\nvgpu-lint benchmarks — node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${repeats} repeats\n`);
  console.log(table);
  console.log('\nTargets\n');
  console.log(targetTable);
  if (lsp?.debounceMs != null) console.log(`\nThe server debounces didChange by ${lsp.debounceMs} ms (server.ts DEBOUNCE_MS); "excl. debounce" rows subtract it from the measured latency.`);
  for (const n of notes) console.log(`\nNOTE: ${n}`);
  writeFileSync(
    join(repoRoot, 'bench', 'results.json'),
    JSON.stringify({ date: new Date().toISOString(), node: process.version, cpus: cpus().length, cpuModel: cpus()[0]?.model, repeats, rows, targets, notes }, null, 2) + '\n',
  );
  console.log('\nwritten: bench/results.json');
}


function lspRowsAndTargets(lsp: LspFigures | null, rows: Row[], targets: Target[]): void {
  const unavailable = 'language server not measured (see notes)';
  if (!lsp) {
    rows.push({ group: 'server', name: 'language server', value: null, unit: 'ms', note: unavailable });
    for (const t of ['server ready < 300 ms', 'didChange → diagnostics p99 < 20 ms at 200 lines (excl. debounce)', 'didChange → diagnostics p99 < 100 ms at 20,000 lines (excl. debounce)', 'completion p99 < 10 ms', 'hover p99 < 10 ms', 'server RSS with the corpus open < 100 MB'])
      targets.push({ name: t, pass: null, detail: unavailable });
    return;
  }
  const rpc = p50(lsp.rpcRoundTripMs);
  const ready = median(lsp.readyMs);
  rows.push({ group: 'server', name: 'spawn → initialize answered (ready)', value: ready, unit: 'ms', baseline: { name: 'node -e 0', value: median(lsp.nodeStartMs) }, ratio: ratio(ready, median(lsp.nodeStartMs)) });
  rows.push({ group: 'server', name: 'JSON-RPC round trip (unknown method)', value: rpc, unit: 'ms', note: 'transport floor' });
  const deb = lsp.debounceMs ?? 0;
  const excl: Record<number, number | null> = {};
  for (const [size, xs] of lsp.change) {
    const raw50 = p50(xs)!;
    const raw99 = p99(xs)!;
    excl[size] = raw99 - deb;
    rows.push({ group: 'server', name: `didChange → diagnostics p50, ${size} lines (raw)`, value: raw50, unit: 'ms', baseline: { name: 'debounce', value: deb }, ratio: ratio(raw50, deb) });
    rows.push({ group: 'server', name: `didChange → diagnostics p99, ${size} lines (raw)`, value: raw99, unit: 'ms', baseline: { name: 'debounce', value: deb }, ratio: ratio(raw99, deb) });
    rows.push({ group: 'server', name: `didChange → diagnostics p50 / p99, ${size} lines (excl. debounce)`, value: raw99 - deb, unit: 'ms', baseline: { name: 'rpc round trip', value: rpc }, ratio: ratio(raw99 - deb, rpc), note: `p50 ${fmt(raw50 - deb, 'ms')}; ${xs.length} changes` });
  }
  let worstComp = 0;
  let worstHover = 0;
  for (const size of lsp.completion.keys()) {
    const c = p99(lsp.completion.get(size))!;
    const h = p99(lsp.hover.get(size))!;
    worstComp = Math.max(worstComp, c);
    worstHover = Math.max(worstHover, h);
    rows.push({ group: 'server', name: `completion p99, ${size} lines`, value: c, unit: 'ms', baseline: { name: 'rpc round trip', value: rpc }, ratio: ratio(c, rpc), note: `p50 ${fmt(p50(lsp.completion.get(size)), 'ms')}` });
    rows.push({ group: 'server', name: `hover p99, ${size} lines`, value: h, unit: 'ms', baseline: { name: 'rpc round trip', value: rpc }, ratio: ratio(h, rpc), note: `p50 ${fmt(p50(lsp.hover.get(size)), 'ms')}` });
  }
  rows.push({
    group: 'server',
    name: `RSS with the corpus open (${lsp.corpusFiles} files)`,
    value: lsp.rssCorpusMb,
    unit: 'MB',
    baseline: { name: 'RSS after initialize', value: lsp.rssIdleMb },
    ratio: ratio(lsp.rssCorpusMb, lsp.rssIdleMb),
    note: `fresh server; ${lsp.corpusDiagnosed}/${lsp.corpusFiles} files got diagnostics`,
  });
  rows.push({ group: 'server', name: 'RSS after the editing session (200 + 20,000 lines)', value: lsp.rssAfterEditingMb, unit: 'MB', baseline: { name: 'RSS after initialize', value: lsp.rssIdleMb }, ratio: ratio(lsp.rssAfterEditingMb, lsp.rssIdleMb) });
  targets.push(target('server ready < 300 ms', ready, 300, fmt(ready, 'ms')));
  const d200 = excl[200];
  const d20k = excl[20_000];
  targets.push(target(`didChange → diagnostics p99 < 20 ms at 200 lines (excl. ${deb} ms debounce)`, d200, 20, fmt(d200, 'ms')));
  targets.push(target(`didChange → diagnostics p99 < 100 ms at 20,000 lines (excl. ${deb} ms debounce)`, d20k, 100, fmt(d20k, 'ms')));
  targets.push(target('completion p99 < 10 ms (worst size)', worstComp, 10, fmt(worstComp, 'ms')));
  targets.push(target('hover p99 < 10 ms (worst size)', worstHover, 10, fmt(worstHover, 'ms')));
  targets.push(target('server RSS with the corpus open < 100 MB', lsp.rssCorpusMb, 100, fmt(lsp.rssCorpusMb, 'MB')));
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});

