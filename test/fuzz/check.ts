// The properties every document must satisfy, whatever its bytes: no exception from any feature,
// analysis within a time bound, diagnostics and fix edits inside the document, every offered fix
// applies cleanly and introduces no new error, and "fix all" converges within three passes.
// Used by the unit fuzz test (fixed seed, bounded runs) and by the long campaign (`npm run fuzz`).
import { performance } from 'node:perf_hooks';
import type { CodeAction, Diagnostic, Position, Range, TextEdit } from 'vscode-languageserver-types';
import { LanguageService } from '../../server/src/service/languageService';
import { DEFAULT_SETTINGS, Settings } from '../../server/src/service/types';
import { applyEdits } from '../../server/src/service/fixAll';
import { LineIndex } from '../../server/src/service/text';

// Fixes are applied with the product's own implementation (it refuses overlapping edits).
export { applyEdits };

export const FUZZ_SETTINGS: Settings = {
  ...DEFAULT_SETTINGS,
  host: { ...DEFAULT_SETTINGS.host, enabled: false },
};

export interface CheckOptions {
  settings?: Settings;
  /** Upper bound for one fresh analysis (parse + all rules) of this document. */
  boundMs?: number;
  /** Check at most this many quick fixes per document (each re-analyses the document). */
  maxFixes?: number;
  /** Also run completion and hover at a few positions. */
  features?: boolean;
}

export interface CheckResult {
  analysisMs: number;
  diagnostics: Diagnostic[];
  fixesChecked: number;
  fixAllPasses: number;
}

export class PropertyViolation extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PropertyViolation';
  }
}

function fail(message: string): never {
  throw new PropertyViolation(message);
}

/** Line lengths (without line breaks), split exactly as LSP counts lines (\r\n, \n, \r). */
export function lineLengths(text: string): number[] {
  return text.split(/\r\n|\r|\n/).map((l) => l.length);
}

function positionInside(p: Position, lens: number[]): boolean {
  return Number.isInteger(p.line) && Number.isInteger(p.character) && p.line >= 0 && p.line < lens.length && p.character >= 0 && p.character <= lens[p.line];
}

function before(a: Position, b: Position): boolean {
  return a.line < b.line || (a.line === b.line && a.character < b.character);
}

function rangeInside(r: Range, lens: number[]): boolean {
  return positionInside(r.start, lens) && positionInside(r.end, lens) && !before(r.end, r.start);
}

const show = (r: Range) => `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`;

/** Lines of `fixed` that are not lines of `original` (as a multiset): the lines a fix wrote. */
export function writtenLines(original: string, fixed: string): Set<number> {
  const pool = new Map<string, number>();
  for (const l of original.split(/\r\n|\r|\n/)) pool.set(l, (pool.get(l) ?? 0) + 1);
  const out = new Set<number>();
  fixed.split(/\r\n|\r|\n/).forEach((l, i) => {
    const n = pool.get(l) ?? 0;
    if (n > 0) pool.set(l, n - 1);
    else out.add(i);
  });
  return out;
}

/**
 * What a fix wrote, in the fixed text: the lines that are not lines of the original, and among them
 * those where the fix renamed the key and wrote no value of its own.
 */
export interface Written {
  lines: ReadonlySet<number>;
  renamedKeyLines: ReadonlySet<number>;
}

const QUOTE_CHARS = '"\'\u201c\u201d\u201e\u201f';

/** Equal once quotes are dropped and VMX's |XX escapes decoded (a straight-quoted value escapes `|` as |7C). */
function sameValue(a: string, b: string): boolean {
  // |XX escapes mean something only inside quotes: a bare value is taken as written (as the parser does).
  const decode = (v: string) => v.replace(/\|([0-9a-f]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  const isQuote = (c: string | undefined) => c !== undefined && QUOTE_CHARS.includes(c);
  const plain = (v: string) => (v.length >= 2 && isQuote(v[0]) && isQuote(v[v.length - 1]) ? decode(v.slice(1, -1)) : v);
  return plain(a) === plain(b);
}

/**
 * How an edit changes a VMX line: `rename` replaces only key text, wholly before the line's `=` (not in
 * a comment); `requote` replaces value text after the `=` by the same value with other quotes (the
 * value is still the user's); anything else is `other`.
 */
function vmxEditKind(e: TextEdit, original: LineIndex): 'rename' | 'requote' | 'other' {
  if (e.range.start.line !== e.range.end.line) return 'other';
  const start = original.lineStarts[e.range.start.line];
  if (start === undefined) return 'other';
  const line = original.text.slice(start, original.lineEnd(e.range.start.line));
  const eq = line.indexOf('=');
  const hash = line.indexOf('#');
  if (eq < 0 || (hash >= 0 && hash < eq)) return 'other';
  if (e.range.end.character <= eq) return /^[^\s="'#\u201c\u201d]*$/.test(e.newText) ? 'rename' : 'other';
  const replaced = line.slice(e.range.start.character, e.range.end.character);
  if (e.range.start.character > eq && sameValue(replaced, e.newText)) return 'requote';
  return 'other';
}

/**
 * The lines of the fixed text an edit (its new text starting at offset `at` there) changed: those
 * holding its written characters, so inserting "\nkey = …\n" at a line's end leaves that line alone,
 * and removing whole lines changes none.
 */
function touchedLines(e: TextEdit, at: number, after: LineIndex): number[] {
  const core = e.newText.replace(/^[\r\n]+|[\r\n]+$/g, '');
  if (core === '') {
    const wholeLines = e.range.start.character === 0 && e.range.end.character === 0;
    return wholeLines ? [] : [after.positionAt(at).line];
  }
  const lead = e.newText.indexOf(core);
  const out: number[] = [];
  for (let l = after.positionAt(at + lead).line; l <= after.positionAt(at + lead + core.length).line; l++) out.push(l);
  return out;
}

/** The lines of `fixed` (= `original` with `edits` applied) that `edits` wrote, and which of them only had their key renamed. */
export function writtenBy(original: string, fixed: string, edits: readonly TextEdit[], vmx: boolean): Written {
  const lines = writtenLines(original, fixed);
  if (!vmx) return { lines, renamedKeyLines: new Set() };
  const before = new LineIndex(original);
  const after = new LineIndex(fixed);
  const spans = edits
    .map((e, order) => ({ e, start: before.offsetAt(e.range.start), end: before.offsetAt(e.range.end), order }))
    .sort((a, b) => a.start - b.start || a.end - b.end || a.order - b.order);
  const renamed = new Set<number>();
  const other = new Set<number>();
  let delta = 0;
  for (const s of spans) {
    const at = s.start + delta;
    delta += s.e.newText.length - (s.end - s.start);
    const kind = vmxEditKind(s.e, before);
    if (kind === 'requote') continue;
    for (const l of touchedLines(s.e, at, after)) (kind === 'rename' ? renamed : other).add(l);
  }
  return { lines, renamedKeyLines: new Set([...renamed].filter((l) => !other.has(l))) };
}

/**
 * Errors a fix must never leave on the text it wrote: a line that does not parse, a value that is
 * invalid, or typographic quotes. The one exception is vmx/invalid-value on a line where the fix only
 * renamed the key (straightening the value's quotes at most): the user's value is now checked against
 * the real key (`pciPassthru.set.usebitMMIO = "3b:00.0"` renamed to use64bitMMIO), which is that
 * line's own truth, not a value the fix wrote.
 */
const NEVER_EXCUSED = new Set(['vmx/syntax', 'xml/syntax', 'vmx/invalid-value', 'xml/smart-quotes']);

/**
 * Rules that judge the VM as a whole (its GPUs, firmware, memory, MMIO window). A fix that makes a
 * device real (`present = "1"` → `"TRUE"`) or a key valid lets these see the VM as it now is, so an
 * error from them after a fix is the VM's truth revealed, not damage done by the edit.
 */
const REVEALED_BY_FIXES = new Set([
  'vmx/mmio-not-enabled', 'vmx/mmio-too-small', 'vmx/mmio-not-power-of-two', 'vmx/mmio-size-ignored', 'vmx/bios-large-bar',
  'vmx/memory-not-reserved', 'vmx/guest-32bit', 'vmx/nested-passthrough',
  'libvirt/mmio-window', 'libvirt/phys-bits', 'libvirt/pci-machine', 'libvirt/locked-without-hard-limit',
  // Renaming a misspelt attribute (`ype=` → `type='mdev'`) changes what the element is, so the checks
  // of an mdev / PCI hostdev's contents start to apply to lines the fix did not touch.
  'libvirt/mdev-uuid', 'libvirt/mdev-model', 'libvirt/hostdev-address', 'libvirt/hostdev-duplicate', 'libvirt/unknown-mdev-type', 'libvirt/schema',
]);

/**
 * Error-level diagnostics counted per rule id. Errors on the lines a fix wrote are excused (a fix may
 * make a line mean something new), except those in NEVER_EXCUSED; an error anywhere else is damage.
 */
export function errorCounts(diags: readonly Diagnostic[], written?: Written): Map<string, number> {
  const m = new Map<string, number>();
  for (const d of diags) {
    const id = String(d.code);
    if (d.severity !== 1 || REVEALED_BY_FIXES.has(id)) continue;
    const line = d.range.start.line;
    if (written?.lines.has(line)) {
      if (!NEVER_EXCUSED.has(id)) continue;
      if (id === 'vmx/invalid-value' && written.renamedKeyLines.has(line)) continue;
    }
    m.set(id, (m.get(id) ?? 0) + 1);
  }
  return m;
}

/** Rule ids whose error count grew from `before` to `after`. */
export function newErrors(beforeCounts: Map<string, number>, afterCounts: Map<string, number>): string[] {
  return [...afterCounts].filter(([id, n]) => n > (beforeCounts.get(id) ?? 0)).map(([id, n]) => `${id} ${beforeCounts.get(id) ?? 0}→${n}`);
}

function editsOf(action: CodeAction, uri: string): TextEdit[] {
  const changes = action.edit?.changes ?? {};
  const other = Object.keys(changes).filter((u) => u !== uri);
  if (other.length) fail(`code action "${action.title}" edits another document: ${other.join(', ')}`);
  if (action.edit?.documentChanges) fail(`code action "${action.title}" uses documentChanges (the service answers with changes)`);
  return changes[uri] ?? [];
}

function checkEdits(what: string, edits: readonly TextEdit[], text: string, lens: number[]): string {
  for (const e of edits) {
    if (!rangeInside(e.range, lens)) fail(`${what}: edit range ${show(e.range)} is outside the document (${lens.length} lines)`);
    if (typeof e.newText !== 'string') fail(`${what}: edit without newText`);
  }
  try {
    return applyEdits(text, edits);
  } catch (e) {
    return fail(`${what}: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** Probe positions: document start and end, each diagnostic's start, and a couple of fixed lines. */
function probes(diags: readonly Diagnostic[], lens: number[], large: boolean): Position[] {
  const last = lens.length - 1;
  const out: Position[] = [
    { line: 0, character: 0 },
    { line: last, character: lens[last] },
    { line: Math.min(3, last), character: Math.min(5, lens[Math.min(3, last)]) },
    { line: last + 5, character: 0 }, // past the end: must not throw
  ];
  for (const d of diags.slice(0, large ? 1 : 4)) out.push(d.range.start, d.range.end);
  return out;
}

export function checkDocument(uri: string, text: string, opts: CheckOptions = {}): CheckResult {
  const settings = opts.settings ?? FUZZ_SETTINGS;
  const bound = opts.boundMs ?? 200;
  const input = { uri, text };
  const lens = lineLengths(text);
  const vmx = /\.(vmx|vmtx)$/i.test(uri);

  // A fresh service, so the analysis is timed and not answered from the one-document cache.
  const service = new LanguageService();
  let t0 = performance.now();
  const diagnostics = service.diagnose(input, settings);
  let analysisMs = performance.now() - t0;
  if (analysisMs > bound) {
    // One GC pause or a first-time compilation can exceed the bound on a busy machine; a real
    // performance bug is slow every time, so measure once more before failing.
    t0 = performance.now();
    new LanguageService().diagnose(input, settings);
    analysisMs = performance.now() - t0;
    if (analysisMs > bound) fail(`analysis took ${analysisMs.toFixed(1)} ms twice (bound ${bound} ms) for ${text.length} chars`);
  }

  for (const d of diagnostics) {
    if (!rangeInside(d.range, lens)) fail(`diagnostic ${String(d.code)} has range ${show(d.range)} outside the document`);
    if (typeof d.message !== 'string' || d.message.length === 0) fail(`diagnostic ${String(d.code)} without a message`);
  }

  service.symbols(input, settings);
  service.folding(input, settings);
  service.codeLenses(input, settings);
  if (opts.features !== false) {
    for (const p of probes(diagnostics, lens, text.length > 100_000)) {
      service.complete(input, p, settings);
      service.hover(input, p, settings);
    }
  }

  const whole: Range = { start: { line: 0, character: 0 }, end: { line: lens.length - 1, character: lens[lens.length - 1] } };
  const actions = service.codeActions(input, whole, settings);
  const errorsBefore = errorCounts(diagnostics);
  let fixesChecked = 0;
  for (const action of actions) {
    if (action.kind !== 'quickfix') continue;
    if (fixesChecked >= (opts.maxFixes ?? Infinity)) break;
    const edits = editsOf(action, uri);
    const fixed = checkEdits(`quick fix "${action.title}"`, edits, text, lens);
    const after = new LanguageService().diagnose({ uri, text: fixed }, settings);
    const introduced = newErrors(errorsBefore, errorCounts(after, writtenBy(text, fixed, edits, vmx)));
    if (introduced.length) fail(`quick fix "${action.title}" introduces error(s) outside the lines it writes: ${introduced.join(', ')}\n--- fixed text ---\n${fixed.slice(0, 2000)}`);
    // A fix resolves what it was offered for: its rule reports fewer findings afterwards.
    const own = String(action.diagnostics?.[0]?.code ?? '');
    const count = (ds: readonly Diagnostic[]) => ds.filter((d) => String(d.code) === own).length;
    if (own && count(after) >= count(diagnostics)) fail(`quick fix "${action.title}" does not resolve its ${own} finding (${count(diagnostics)} before, ${count(after)} after)\n--- fixed text ---\n${fixed.slice(0, 2000)}`);
    fixesChecked++;
  }

  // Fix all: apply, re-run, until nothing is left to fix; three passes at most.
  let current = text;
  let passes = 0;
  for (;;) {
    const s = new LanguageService();
    const edits = s.fixAll({ uri, text: current }, settings);
    if (edits.length === 0) break;
    if (passes === 3) fail(`fix all still has ${edits.length} edit(s) after 3 passes\n--- text after 3 passes ---\n${current.slice(0, 2000)}`);
    const before = errorCounts(s.diagnose({ uri, text: current }, settings));
    const next = checkEdits(`fix all (pass ${passes + 1})`, edits, current, lineLengths(current));
    const introduced = newErrors(before, errorCounts(new LanguageService().diagnose({ uri, text: next }, settings), writtenBy(current, next, edits, vmx)));
    if (introduced.length) fail(`fix all (pass ${passes + 1}) introduces error(s) outside the lines it writes: ${introduced.join(', ')}\n--- before ---\n${current.slice(0, 2000)}`);
    current = next;
    passes++;
  }
  return { analysisMs, diagnostics, fixesChecked, fixAllPasses: passes };
}
