// libvirt editor features: completion, hover, outline, folding and an MMIO code lens. They read the
// same tree, facts and model the rules read (LibvirtAnalysis), plus the catalog and the host inventory.
import type { CodeLens, CompletionItem, DocumentSymbol, FoldingRange, Hover, Position } from 'vscode-languageserver-types';
import { CompletionItemKind, FoldingRangeKind, InsertTextFormat, MarkupKind, SymbolKind } from 'vscode-languageserver-types';
import { explainMmio } from '../catalog/mmio';
import { VGPU_PROFILES, vgpuTypeName } from '../catalog/vgpuProfiles';
import { mmioNeed } from '../model/mmioNeed';
import type { PassthroughDevice } from '../model/vm';
import type { FeatureEnv, FormatFeatures } from '../service/features';
import type { LibvirtAnalysis } from './analyse';
import { ElementSpec, findElementSpec } from './elements';
import { OVMF_MMIO64_KNOB } from './facts';
import { describeMdevType, framebufferOf } from './mdevTypes';
import type { XmlAttribute, XmlElement } from './xml/parser';

/** The innermost element whose span contains `offset` (elements are in document order, nested by span). */
export function elementAt(a: LibvirtAnalysis, offset: number): XmlElement | undefined {
  let cur = a.doc.root;
  if (!cur || offset < cur.start || offset > cur.end) return undefined;
  for (;;) {
    const next: XmlElement | undefined = findChild(cur, offset);
    if (!next) return cur;
    cur = next;
  }
}

function findChild(el: XmlElement, offset: number): XmlElement | undefined {
  // Binary search: children are ordered and do not overlap.
  let lo = 0;
  let hi = el.children.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const c = el.children[mid];
    if (offset < c.start) hi = mid - 1;
    else if (offset >= c.end) lo = mid + 1;
    else return c;
  }
  return undefined;
}

const inSpan = (s: { start: number; end: number } | undefined, o: number) => s !== undefined && o >= s.start && o <= s.end;

function attributeAt(el: XmlElement, offset: number): { attr: XmlAttribute; part: 'name' | 'value' } | undefined {
  for (const a of el.attributes) {
    if (inSpan(a.innerSpan, offset)) return { attr: a, part: 'value' };
    if (inSpan(a.nameSpan, offset)) return { attr: a, part: 'name' };
  }
  return undefined;
}

function valueItems(a: LibvirtAnalysis, el: XmlElement, attrName: string, env: FeatureEnv): CompletionItem[] {
  const spec = findElementSpec(el.name, el.parent?.name);
  const items: CompletionItem[] = (spec?.attributes[attrName] ?? []).map((v) => ({ label: v, kind: CompletionItemKind.Value }));
  if (el.name === 'type' && attrName === 'id' && el.parent?.name === 'capability') items.push(...mdevTypeItems(a, env));
  if (el.name === 'address' && attrName === 'uuid' && env.host) {
    for (const m of env.host.mdevs()) {
      items.push({ label: m.uuid, kind: CompletionItemKind.Value, detail: [m.typeId, m.parent].filter(Boolean).join(' on ') || 'mdev on this host' });
    }
  }
  return items;
}

/** mdev type ids from the host; without it, the catalog's vGPU type names – labelled as names, since ids are per driver. */
function mdevTypeItems(a: LibvirtAnalysis, env: FeatureEnv): CompletionItem[] {
  if (env.host) {
    const types = env.host.mdevTypes(a.nodedev?.parentAddress);
    if (types.length) {
      return types.map((t, i) => ({
        label: t.id,
        kind: CompletionItemKind.EnumMember,
        detail: [t.name, framebufferOf(t) ? `framebuffer ${framebufferOf(t)}` : undefined, t.availableInstances !== undefined ? `${t.availableInstances} available` : undefined].filter(Boolean).join(', '),
        documentation: `${describeMdevType(t)} offered by ${t.parent} (host sysfs, read-only)`,
        sortText: String(i).padStart(4, '0'),
      }));
    }
  }
  return VGPU_PROFILES.map((p) => ({
    label: vgpuTypeName(p),
    kind: CompletionItemKind.Text,
    detail: `vGPU type name (${p.framebufferMb / 1024} GB) – not an id`,
    documentation:
      'The mdev type id is the directory name under the parent GPU\'s mdev_supported_types/ (nvidia-NNN) whose `name` file reads this type; the numbers change between driver releases, so look it up on the host (or run the language server there).',
  }));
}

function attributeItems(el: XmlElement): CompletionItem[] {
  const spec = findElementSpec(el.name, el.parent?.name);
  if (!spec) return [];
  const present = new Set(el.attributes.map((x) => x.name));
  return Object.entries(spec.attributes)
    .filter(([n]) => !present.has(n))
    .map(([n, values]) => ({
      label: n,
      kind: CompletionItemKind.Property,
      insertText: values.length ? `${n}='\${1|${values.join(',')}|}'` : `${n}='$1'`,
      insertTextFormat: InsertTextFormat.Snippet,
      ...(values.length ? { detail: values.join(' | ') } : {}),
    }));
}

/** XML name characters (ASCII subset is enough to find the partial name the user is typing). */
const NAME_CHAR = /[\w.:-]/;

/**
 * What completion inserts for a new child element after '<': the spec's own snippet, an open/close pair
 * for a container, a self-closing element for an on/off feature, else just the name.
 */
function elementSnippet(name: string, spec: ElementSpec | undefined): string {
  if (spec?.snippet) return spec.snippet;
  if (spec?.children?.length) return `${name}>\n\t$0\n</${name}>`;
  if (spec && 'state' in spec.attributes) return `${name} state='\${1|${spec.attributes.state.join(',')}|}'/>`;
  return name;
}

/**
 * Child element names of `parent` (root names without one), replacing the partial name typed after '<'
 * (offsets [from, to)). `fresh`: nothing follows the name yet, so a snippet with attributes and the
 * closing tag may be inserted; otherwise only the name is replaced (the tag already has a rest).
 */
function elementItems(a: LibvirtAnalysis, parent: XmlElement | undefined, from: number, to: number, fresh: boolean): CompletionItem[] {
  const spec = parent ? findElementSpec(parent.name, parent.parent?.name) : undefined;
  const names = spec?.children ?? (parent ? [] : ['domain', 'device']);
  const range = a.index.range({ start: from, end: to });
  return names.map((n, i) => {
    const child = findElementSpec(n, parent?.name);
    const snippet = fresh ? elementSnippet(n, child) : n;
    return {
      label: n,
      kind: CompletionItemKind.Module,
      sortText: String(i).padStart(3, '0'),
      textEdit: { range, newText: snippet },
      ...(snippet !== n ? { insertTextFormat: InsertTextFormat.Snippet } : {}),
      ...(child ? { documentation: { kind: MarkupKind.Markdown, value: elementMarkdown(child) } } : {}),
    };
  });
}

/** Element-name completion when `offset` is in (or right after) a name that follows '<'. */
function elementNameCompletion(a: LibvirtAnalysis, offset: number, el: XmlElement | undefined): CompletionItem[] | undefined {
  const text = a.doc.text;
  let from = offset;
  while (from > 0 && NAME_CHAR.test(text[from - 1])) from--;
  if (text[from - 1] !== '<') return undefined;
  let to = offset;
  while (to < text.length && NAME_CHAR.test(text[to])) to++;
  // While the user types, '<h' parses as an element <h> whose start tag is not closed: its parent is
  // the element the new child goes into. A lone '<' is not an element: `el` is the enclosing one.
  const parent = el && el.nameSpan.start === from ? el.parent : el;
  const rest = text.slice(to, to + 200).match(/^[ \t]*(.?)/)?.[1] ?? '';
  const fresh = rest === '' || rest === '\n' || rest === '\r' || rest === '<';
  return elementItems(a, parent, from, to, fresh);
}

function complete(a: LibvirtAnalysis, position: Position, env: FeatureEnv): CompletionItem[] {
  const offset = a.index.offsetAt(position);
  const el = elementAt(a, offset);
  if (el && offset > el.nameSpan.end && offset < el.startTagEnd) {
    const at = attributeAt(el, offset);
    if (at?.part === 'value') return valueItems(a, el, at.attr.name, env);
    return attributeItems(el);
  }
  // In content or in a start tag's name: after '<' (or a partial name) offer the children the enclosing element takes.
  return elementNameCompletion(a, offset, el) ?? [];
}

/** An element name for markdown: in a code span, so renderers do not take `<hostdev>` for an HTML tag. */
const tagCode = (name: string) => `\`<${name}>\``;

/** Hover / completion documentation of an element. */
export function elementMarkdown(spec: ElementSpec): string {
  const attrs = Object.entries(spec.attributes);
  const lines = [`**${tagCode(spec.name)}** — ${spec.doc}`];
  if (attrs.length) lines.push('', `Attributes: ${attrs.map(([n, v]) => (v.length ? `\`${n}\` (${v.join(' | ')})` : `\`${n}\``)).join(', ')}`);
  lines.push('', `_Source: ${spec.source}_`);
  return lines.join('\n');
}

function deviceHover(d: PassthroughDevice): string {
  const lines = [`**${d.label}**${d.gpu ? ` — ${d.gpu.name}` : d.profileName ? ` — ${d.profileName}` : ''}`];
  if (d.bars) {
    const name = d.gpu?.name.replace(/^NVIDIA (Tesla )?/, '') ?? d.label;
    lines.push('', `BARs: ${explainMmio([{ label: name, count: 1, bars: d.bars }])}`);
    const from = d.barSource === 'host' ? 'host sysfs' : d.barSource === 'gpu-map' ? 'the vgpuLint.gpuMap setting + catalog' : 'catalog';
    lines.push('', `_BAR sizes from ${from}: ${d.bars.source}_`);
  } else if (d.isGpu === false) {
    lines.push('', 'Not a GPU (no BAR check needed).');
  } else {
    lines.push('', 'BAR layout unknown: run the server on the host or map this address in `vgpuLint.gpuMap`.');
  }
  return lines.join('\n');
}

function hover(a: LibvirtAnalysis, position: Position): Hover | null {
  const offset = a.index.offsetAt(position);
  const el = elementAt(a, offset);
  if (!el) return null;
  const range = (s: { start: number; end: number }) => a.index.range(s);
  // A hostdev's <source><address>: the GPU there and its BARs.
  if (el.name === 'address' && offset < el.startTagEnd) {
    const info = a.domain?.hostdevs.find((h) => h.sourceAddress === el);
    if (info?.device) {
      const need = mmioNeed(a.model);
      const total = need.requiredGb ? `\n\nAll GPUs of this VM: ${need.explanation} (64-bit aperture: ${OVMF_MMIO64_KNOB}=${need.suggestedGb * 1024} MB).` : '';
      return { contents: { kind: MarkupKind.Markdown, value: deviceHover(info.device) + total }, range: range({ start: el.start, end: el.startTagEnd }) };
    }
  }
  const spec = findElementSpec(el.name, el.parent?.name);
  if (!spec) return null;
  if (inSpan(el.nameSpan, offset)) return { contents: { kind: MarkupKind.Markdown, value: elementMarkdown(spec) }, range: range(el.nameSpan) };
  const at = offset < el.startTagEnd ? attributeAt(el, offset) : undefined;
  if (at && at.attr.name in spec.attributes) {
    const values = spec.attributes[at.attr.name];
    return {
      contents: { kind: MarkupKind.Markdown, value: `\`${at.attr.name}\` on **${tagCode(el.name)}**${values.length ? `: ${values.join(' | ')}` : ''}\n\n${spec.doc}\n\n_Source: ${spec.source}_` },
      range: range(at.attr.nameSpan),
    };
  }
  return null;
}

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

function symbols(a: LibvirtAnalysis): DocumentSymbol[] {
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

function folding(a: LibvirtAnalysis): FoldingRange[] {
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

/** The size the GPUs need, next to the aperture setting (or the first GPU when none is set). */
function codeLenses(a: LibvirtAnalysis): CodeLens[] {
  const need = mmioNeed(a.model);
  if (!need.requiredGb) return [];
  const at = a.domain?.fwCfg ?? a.domain?.pcihole64;
  const range = at ? a.index.range(at.valueSpan) : need.sized[0].range;
  return [{ range, command: { title: `64-bit MMIO needed: ${need.requiredGb} GB (${need.explanation}) → ${OVMF_MMIO64_KNOB}=${need.suggestedGb * 1024}`, command: '' } }];
}

export const libvirtFeatures: FormatFeatures<LibvirtAnalysis> = {
  complete,
  hover: (a, p) => hover(a, p),
  symbols,
  folding,
  codeLenses,
};
