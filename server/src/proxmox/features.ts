// Proxmox editor features over the same document, facts, model and firmware analysis the rules read.
import { CompletionItemKind, MarkupKind, SymbolKind } from 'vscode-languageserver-types';
import type { CodeLens, CompletionItem, DocumentSymbol, FoldingRange, Hover, Position } from 'vscode-languageserver-types';
import { deviceName, needText, suggestedApertureMb, totalNeed, verdictSummary } from '../model/firmware/analysis';
import { formatBytes, MiB } from '../model/firmware/placement';
import { formatLspciAddress } from '../host/inventory';
import type { FeatureEnv, FormatFeatures } from '../service/features';
import type { Span } from '../service/text';
import type { ProxmoxAnalysis } from './analyse';
import { CPU_PROPS, HOSTPCI_PROPS, KEY_DOCS, keyNames, PropDoc } from './keys';
import { parsePropertyString, PxLine } from './parser';

function within(span: Span, offset: number): boolean {
  return offset >= span.start && offset <= span.end;
}

function lineAt(a: ProxmoxAnalysis, offset: number): PxLine | undefined {
  return a.doc.lines.find((l) => offset >= l.span.start && offset <= l.span.end);
}

function keyDoc(key: string): string | undefined {
  const base = /^hostpci\d+$/.test(key) ? 'hostpci' : key;
  return KEY_DOCS[base]?.summary;
}

function propsFor(key: string): Record<string, PropDoc> | undefined {
  return /^hostpci\d+$/.test(key) ? HOSTPCI_PROPS : key === 'cpu' ? CPU_PROPS : undefined;
}

function complete(a: ProxmoxAnalysis, position: Position, env: FeatureEnv): CompletionItem[] {
  const offset = a.index.offsetAt(position);
  const line = lineAt(a, offset);
  if (!line || line.kind !== 'property' || offset <= line.key!.span.end) {
    const used = new Set(a.doc.current.lines.filter((l) => l.kind === 'property').map((l) => l.key!.text));
    let nextPci = 0;
    while (used.has(`hostpci${nextPci}`)) nextPci++;
    const names = keyNames().map((k) => (k === 'hostpci0' ? `hostpci${nextPci}` : k));
    return names.map((k) => ({ label: k, kind: CompletionItemKind.Property, insertText: `${k}: `, ...(keyDoc(k) ? { documentation: { kind: MarkupKind.Markdown, value: keyDoc(k)! } } : {}) }));
  }
  const key = line.key!.text;
  const props = propsFor(key);
  const value = line.value!;
  if (props) {
    const before = a.doc.text.slice(value.span.start, offset);
    const item = before.slice(before.lastIndexOf(',') + 1);
    const eq = item.indexOf('=');
    if (eq < 0) {
      const items: CompletionItem[] = Object.entries(props)
        .filter(([n]) => n !== 'host' && n !== 'cputype')
        .map(([n, p]) => ({ label: n, kind: CompletionItemKind.Property, insertText: `${n}=`, documentation: { kind: MarkupKind.Markdown, value: p.summary } }));
      if (props === HOSTPCI_PROPS && env.host) {
        for (const d of env.host.devices()) if (d.classCode !== undefined && d.classCode >> 16 === 0x03) items.push({ label: d.address, kind: CompletionItemKind.Value, detail: `host PCI device ${d.vendorId.toString(16)}:${d.deviceId}` });
      }
      return items;
    }
    const name = item.slice(0, eq);
    const p = props[name];
    if (!p) return [];
    if (p.type === 'boolean') return ['1', '0'].map((v) => ({ label: v, kind: CompletionItemKind.Value }));
    if (p.values) return p.values.map((v) => ({ label: v, kind: CompletionItemKind.Value }));
    if (name === 'mdev' && env.host) {
      // The types the device at this hostpci's address offers (mdev types; vGPU 17+ VFs: creatable_vgpu_types as nvidia-<id>).
      const first = a.facts.hostpcis.find((x) => x.line === line)?.addresses[0]?.address;
      const dev = first ? env.host.device(formatLspciAddress(first)) : undefined;
      const types = dev
        ? [...dev.mdevTypes.map((t) => ({ id: t.id, name: t.name })), ...dev.creatableVgpuTypes.map((t) => ({ id: `nvidia-${t.id}`, name: t.name }))]
        : env.host.mdevTypes().map((t) => ({ id: t.id, name: t.name }));
      return types.map((t) => ({ label: t.id, kind: CompletionItemKind.Value, ...(t.name ? { detail: t.name } : {}) }));
    }
    if (name === 'phys-bits') return ['host', '39', '42', '46', '48'].map((v) => ({ label: v, kind: CompletionItemKind.Value }));
    return [];
  }
  const doc = KEY_DOCS[key];
  return (doc?.values ?? []).map((v) => ({ label: v, kind: CompletionItemKind.Value }));
}

function hover(a: ProxmoxAnalysis, position: Position): Hover | null {
  const offset = a.index.offsetAt(position);
  const line = lineAt(a, offset);
  if (!line || line.kind !== 'property') return null;
  const key = line.key!.text;
  const md = (value: string, span: Span): Hover => ({ contents: { kind: MarkupKind.Markdown, value }, range: a.index.range(span) });
  if (within(line.key!.span, offset)) {
    const parts = [`**${key}**`, keyDoc(key) ?? 'A Proxmox VE VM config key.'];
    const dev = a.model.devices.find((d) => d.range.start.line === a.index.positionAt(line.key!.span.start).line && line.section === a.doc.current);
    if (dev) {
      parts.push(`Device: ${deviceName(dev)}${dev.hostAddress ? ` at ${dev.hostAddress}` : ''}`);
      if (dev.bars) parts.push(`BARs: BAR0 ${dev.bars.bar0Mb} MiB, BAR1 ${formatBytes(dev.bars.bar1Mb * MiB)}, BAR3 ${dev.bars.bar3Mb} MiB (${dev.barSource})`);
      const fa = a.firmware;
      const i = fa ? fa.devices.indexOf(dev) : -1;
      if (fa && i >= 0) parts.push(`64-bit need: ${needText(fa, i)}`, `Firmware: ${verdictSummary(fa)}`);
    }
    if (line.section !== a.doc.current) parts.push(`_In section [${line.section?.name}]: not the VM that starts; not checked._`);
    return md(parts.join('\n\n'), line.key!.span);
  }
  const props = propsFor(key);
  if (props) {
    for (const it of parsePropertyString(line.value!)) {
      if (!within(it.span, offset)) continue;
      const name = it.key?.text ?? (props === HOSTPCI_PROPS ? 'host' : 'cputype');
      const p = props[name];
      if (p) return md(`**${key}: ${name}**${p.default !== undefined ? ` (default ${p.default})` : ''}\n\n${p.summary}`, it.span);
    }
  }
  if (key === 'args' && a.facts.args?.fwCfg && within(a.facts.args.fwCfg.span, offset) && a.firmware) {
    const fa = a.firmware;
    const lines = fa.devices.map((d, i) => `- ${deviceName(d)}: ${needText(fa, i)}`);
    return md(`**X-PciMmio64Mb** = ${a.facts.args.fwCfg.mb} MiB (${formatBytes(a.facts.args.fwCfg.mb * MiB)})\n\n${lines.join('\n')}\n\nTotal ${formatBytes(totalNeed(fa))} → at least ${suggestedApertureMb(fa)} MiB. ${verdictSummary(fa)}`, a.facts.args.fwCfg.span);
  }
  const doc = keyDoc(key);
  return doc ? md(`**${key}**\n\n${doc}`, line.value!.span) : null;
}

function symbols(a: ProxmoxAnalysis): DocumentSymbol[] {
  const out: DocumentSymbol[] = [];
  for (const s of a.doc.sections) {
    const props = s.lines.filter((l) => l.kind === 'property');
    const children: DocumentSymbol[] = props
      .filter((l) => /^hostpci\d+$/.test(l.key!.text) || ['machine', 'bios', 'cpu', 'memory', 'args', 'efidisk0', 'vga', 'balloon'].includes(l.key!.text))
      .map((l) => ({ name: l.key!.text, detail: a.doc.text.slice(l.value!.span.start, Math.min(l.value!.span.end, l.value!.span.start + 60)), kind: /^hostpci/.test(l.key!.text) ? SymbolKind.Object : SymbolKind.Property, range: a.index.range(l.span), selectionRange: a.index.range(l.key!.span) }));
    const all = s.header ? [s.header, ...s.lines] : s.lines;
    if (all.length === 0) continue;
    const range = a.index.range({ start: all[0].span.start, end: all[all.length - 1].span.end });
    if (s.kind === 'current') out.push(...children);
    else out.push({ name: `[${s.kind === 'special' ? `special:${s.name}` : s.name}]`, detail: s.kind, kind: SymbolKind.Namespace, range, selectionRange: a.index.range(s.header!.span), children });
  }
  return out;
}

function folding(a: ProxmoxAnalysis): FoldingRange[] {
  const out: FoldingRange[] = [];
  for (const s of a.doc.sections) {
    if (!s.header) continue;
    const last = [...s.lines].reverse().find((l) => l.kind !== 'blank') ?? s.header;
    const start = a.index.positionAt(s.header.span.start).line;
    const end = a.index.positionAt(last.span.start).line;
    if (end > start) out.push({ startLine: start, endLine: end });
  }
  const comments = a.doc.lines.filter((l) => l.kind === 'comment');
  if (comments.length > 1 && comments[0] === a.doc.lines[0]) {
    let n = 0;
    while (a.doc.lines[n + 1]?.kind === 'comment') n++;
    if (n > 0) out.push({ startLine: 0, endLine: n, kind: 'comment' });
  }
  return out;
}

function codeLenses(a: ProxmoxAnalysis): CodeLens[] {
  const fa = a.firmware;
  if (!fa || fa.devices.length === 0) return [];
  return [{ range: fa.devices[0].range, command: { title: `64-bit MMIO: ${formatBytes(totalNeed(fa))} needed; ${verdictSummary(fa)}`, command: '' } }];
}

export const proxmoxFeatures: FormatFeatures<ProxmoxAnalysis> = { complete, hover: (a, p) => hover(a, p), symbols, folding, codeLenses };
