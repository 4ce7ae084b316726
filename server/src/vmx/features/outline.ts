// Document outline and folding, in one pass over the lines each (files of 20,000 lines stay cheap:
// positions come from the line index directly, no per-entry search).
import type { DocumentSymbol, FoldingRange, Range } from 'vscode-languageserver-types';
import { FoldingRangeKind, SymbolKind } from 'vscode-languageserver-types';
import type { PassthroughDevice } from '../../model/vm';
import type { Span } from '../../service/text';
import type { VmxAnalysis } from '../analyse';
import type { VmxDocument, VmxEntry } from '../parser';

const DEVICE_KEY = /^pcipassthru(\d+)\./;

/** The named groups of the GPU-relevant keys; the rest is grouped by first dotted segment. */
function namedGroup(lower: string): string | undefined {
  if (lower === 'pcipassthru.use64bitmmio' || lower === 'pcipassthru.64bitmmiosizegb') return '64-bit MMIO';
  if (lower === 'memsize' || lower.startsWith('sched.mem.')) return 'Memory reservation';
  if (lower === 'firmware' || lower.startsWith('uefi.')) return 'Firmware';
  if (lower.startsWith('vhv.') || lower.startsWith('vvtd.') || lower.startsWith('amd.iommu.')) return 'Nested virtualization';
  return undefined;
}

/** Device prefix for folding and grouping: "ethernet0" of "ethernet0.present"; undefined without a dot. */
function firstSegment(key: string): string | undefined {
  const dot = key.indexOf('.');
  return dot > 0 ? key.slice(0, dot) : undefined;
}

function rangeOf(doc: VmxDocument, line: number, span: Span): Range {
  const start = doc.index.lineStarts[line];
  return { start: { line, character: span.start - start }, end: { line, character: span.end - start } };
}

function entrySymbol(doc: VmxDocument, e: VmxEntry): DocumentSymbol {
  return {
    name: e.key.text,
    detail: e.value.text,
    kind: SymbolKind.Property,
    range: rangeOf(doc, e.lineIndex, e.line),
    selectionRange: rangeOf(doc, e.lineIndex, e.key.span),
  };
}

function deviceDetail(d: PassthroughDevice | undefined, children: VmxEntry[]): string {
  if (d?.kind === 'vgpu') return `vGPU ${d.profileName ?? ''}`.trim();
  if (d?.gpu) return d.gpu.name;
  const id = children.find((e) => e.key.lower.endsWith('.id'));
  if (d?.hostAddress) return d.hostAddress;
  return id ? id.value.text : '';
}

interface Group {
  name: string;
  kind: SymbolKind;
  entries: VmxEntry[];
  device?: number;
}

export function symbols(a: VmxAnalysis): DocumentSymbol[] {
  const { doc } = a;
  const top: (Group | VmxEntry)[] = [];
  const groups = new Map<string, Group>();
  const group = (id: string, name: string, kind: SymbolKind, device?: number): Group => {
    let g = groups.get(id);
    if (!g) {
      g = { name, kind, entries: [], ...(device !== undefined ? { device } : {}) };
      groups.set(id, g);
      top.push(g);
    }
    return g;
  };
  for (const e of doc.entries) {
    const lower = e.key.lower;
    const m = DEVICE_KEY.exec(lower);
    if (m) {
      const n = Number(m[1]);
      group(`dev:${n}`, `pciPassthru${n}`, SymbolKind.Object, n).entries.push(e);
      continue;
    }
    const named = namedGroup(lower);
    if (named) {
      group(`named:${named}`, named, SymbolKind.Namespace).entries.push(e);
      continue;
    }
    const seg = firstSegment(e.key.text);
    if (seg) group(`seg:${seg.toLowerCase()}`, seg, SymbolKind.Namespace).entries.push(e);
    else top.push(e);
  }
  const devices = new Map(a.model.devices.map((d) => [d.label, d]));
  return top.map((item) => {
    if (!('entries' in item)) return entrySymbol(doc, item);
    const g = item;
    const first = g.entries[0];
    const last = g.entries[g.entries.length - 1];
    const children = g.entries.map((e) => entrySymbol(doc, e));
    const detail = g.device !== undefined ? deviceDetail(devices.get(g.name), g.entries) : `${g.entries.length} key${g.entries.length > 1 ? 's' : ''}`;
    return {
      name: g.name,
      detail,
      kind: g.kind,
      range: { start: children[0].range.start, end: rangeOf(doc, last.lineIndex, last.line).end },
      selectionRange: rangeOf(doc, first.lineIndex, first.key.span),
      children,
    };
  });
}

/** Runs of ≥ 2 comment lines, and runs of ≥ 3 consecutive keys with the same device prefix. */
export function folding(a: VmxAnalysis): FoldingRange[] {
  const out: FoldingRange[] = [];
  let runKind: 'comment' | 'keys' | undefined;
  let runPrefix = '';
  let runStart = 0;
  let runEnd = -1;
  const close = () => {
    const n = runEnd - runStart + 1;
    if (runKind === 'comment' && n >= 2) out.push({ startLine: runStart, endLine: runEnd, kind: FoldingRangeKind.Comment });
    if (runKind === 'keys' && n >= 3) out.push({ startLine: runStart, endLine: runEnd });
    runKind = undefined;
  };
  for (const line of a.doc.lines) {
    let kind: 'comment' | 'keys' | undefined;
    let prefix = '';
    if (line.kind === 'comment') kind = 'comment';
    else if (line.kind === 'entry') {
      const seg = firstSegment(line.key.lower);
      if (seg) {
        kind = 'keys';
        prefix = seg;
      }
    }
    if (kind !== runKind || prefix !== runPrefix || line.lineIndex !== runEnd + 1) {
      close();
      if (kind) {
        runKind = kind;
        runPrefix = prefix;
        runStart = line.lineIndex;
      }
    }
    runEnd = line.lineIndex;
  }
  close();
  return out;
}
