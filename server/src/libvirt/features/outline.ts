// Document symbols (devices grouped and labelled with their GPU) and folding ranges.
import type { DocumentSymbol, FoldingRange } from 'vscode-languageserver-types';
import { FoldingRangeKind, SymbolKind } from 'vscode-languageserver-types';
import type { LibvirtAnalysis } from '../analyse';
import type { XmlElement } from '../xml/parser';

function symbolFor(a: LibvirtAnalysis, el: XmlElement, name: string, kind: SymbolKind, children?: DocumentSymbol[]): DocumentSymbol {
  return { name, kind, range: a.index.range({ start: el.start, end: el.end }), selectionRange: a.index.range(el.nameSpan), ...(children ? { children } : {}) };
}

function deviceLabel(a: LibvirtAnalysis, el: XmlElement): string {
  const info = a.domain?.hostdevs.find((h) => h.el === el);
  const d = info?.device;
  if (d) return `${d.label}${d.gpu ? ` — ${d.gpu.name}` : d.profileName ? ` — ${d.profileName}` : ''}`;
  if (info?.uuid) return `${el.name} mdev ${info.uuid.value}`;
  const type = el.attributes.find((x) => x.name === 'type')?.value;
  return type ? `${el.name} ${type}` : el.name;
}

export function symbols(a: LibvirtAnalysis): DocumentSymbol[] {
  const root = a.doc.root;
  if (!root) return [];
  const children: DocumentSymbol[] = [];
  for (const c of root.children) {
    if (c.name !== 'devices') {
      children.push(symbolFor(a, c, c.name, c.name.includes('commandline') ? SymbolKind.Event : SymbolKind.Property));
      continue;
    }
    // Devices grouped by element name: "hostdev (2)" → each device labelled with its address / GPU.
    const groups = new Map<string, XmlElement[]>();
    for (const d of c.children) {
      const g = groups.get(d.name);
      if (g) g.push(d);
      else groups.set(d.name, [d]);
    }
    const grouped: DocumentSymbol[] = [];
    for (const [name, els] of groups) {
      const items = els.map((e) => symbolFor(a, e, deviceLabel(a, e), name === 'hostdev' ? SymbolKind.Variable : SymbolKind.Field));
      const first = els[0];
      const last = els[els.length - 1];
      grouped.push({ name: `${name} (${els.length})`, kind: SymbolKind.Array, range: a.index.range({ start: first.start, end: last.end }), selectionRange: a.index.range(first.nameSpan), children: items });
    }
    children.push(symbolFor(a, c, 'devices', SymbolKind.Namespace, grouped));
  }
  const nameEl = root.children.find((c) => c.name === 'name');
  const title = nameEl ? a.doc.text.slice(nameEl.startTagEnd, nameEl.contentEnd).trim() : '';
  return [symbolFor(a, root, title ? `${root.name} ${title}` : root.name, SymbolKind.Module, children)];
}

export function folding(a: LibvirtAnalysis): FoldingRange[] {
  const out: FoldingRange[] = [];
  for (const el of a.doc.elements) {
    if (el.selfClosing) continue;
    const start = a.index.positionAt(el.start).line;
    const end = a.index.positionAt(el.contentEnd).line;
    if (end > start) out.push({ startLine: start, endLine: end - 1 });
  }
  for (const c of a.doc.comments) {
    const start = a.index.positionAt(c.span.start).line;
    const end = a.index.positionAt(c.span.end).line;
    if (end > start) out.push({ startLine: start, endLine: end, kind: FoldingRangeKind.Comment });
  }
  return out;
}
