// Completion: child elements after '<', attributes in a start tag, and values (mdev type ids from the host).
import type { CompletionItem, Position } from 'vscode-languageserver-types';
import { CompletionItemKind, InsertTextFormat, MarkupKind } from 'vscode-languageserver-types';
import { VGPU_PROFILES, vgpuTypeName } from '../../catalog/vgpuProfiles';
import type { HostInventory } from '../../host/inventory';
import { parseLspciAddress } from '../../host/inventory';
import type { FeatureEnv } from '../../service/features';
import { vfTypeList, vgpuVfs } from '../rules/vgpuSriov';
import type { LibvirtAnalysis } from '../analyse';
import { ElementSpec, findElementSpec } from '../elements';
import { describeMdevType, framebufferOf } from '../mdevTypes';
import type { XmlElement } from '../xml/parser';
import { attributeAt, elementAt } from './cursor';
import { elementMarkdown } from './describe';
import { schemaAttributeItems, schemaElementItems, schemaPlace, schemaValueItems } from './schemaAssist';

function valueItems(a: LibvirtAnalysis, el: XmlElement, attrName: string, env: FeatureEnv): CompletionItem[] {
  const spec = findElementSpec(el.name, el.parent?.name);
  const items: CompletionItem[] = (spec?.attributes[attrName] ?? []).map((v) => ({ label: v, kind: CompletionItemKind.Value }));
  if (el.name === 'type' && attrName === 'id' && el.parent?.name === 'capability') items.push(...mdevTypeItems(a, env));
  if (el.name === 'address' && ['domain', 'bus', 'slot', 'function'].includes(attrName) && env.host && el.parent?.name === 'source' && el.parent.parent?.name === 'hostdev') {
    items.push(...vfItems(a, el, env.host));
  }
  if (el.name === 'address' && attrName === 'uuid' && env.host) {
    for (const m of env.host.mdevs()) {
      items.push({ label: m.uuid, kind: CompletionItemKind.Value, detail: [m.typeId, m.parent].filter(Boolean).join(' on ') || 'mdev on this host' });
    }
  }
  const place = schemaPlace(a, el, env, attrName);
  if (place?.patterns.length) items.push(...schemaValueItems(place, attrName, new Set(items.map((i) => i.label))));
  return items;
}

/**
 * vGPU 17+: the host's SR-IOV VFs that carry NVIDIA vGPU types, each replacing the whole <address …/>
 * with the VF's address; the detail says its current type or the types it can take.
 */
function vfItems(a: LibvirtAnalysis, el: XmlElement, host: HostInventory): CompletionItem[] {
  const vfs = vgpuVfs(host);
  if (!vfs.length) return [];
  const span = { start: el.start, end: el.startTagEnd };
  const range = a.index.range(span);
  if (range.start.line !== range.end.line) return [];
  const q = el.attributes[0]?.quote ?? "'";
  const h = (n: number, w: number) => `0x${n.toString(16).padStart(w, '0')}`;
  return vfs.map((vf, i) => {
    const p = parseLspciAddress(vf.address)!;
    const current = vf.currentVgpuType && vf.currentVgpuType !== '0' ? vf.creatableVgpuTypes.find((t) => t.id === vf.currentVgpuType) : undefined;
    const state = vf.currentVgpuType && vf.currentVgpuType !== '0' ? `type ${vf.currentVgpuType}${current ? ` (${current.name})` : ''}` : 'no vGPU type yet';
    return {
      label: vf.address,
      kind: CompletionItemKind.Value,
      detail: `VF of ${vf.physfn} – ${state}`,
      documentation: { kind: MarkupKind.Markdown, value: `SR-IOV virtual function of \`${vf.physfn}\` (vGPU 17+, host sysfs).\n\nCreatable vGPU types: ${vfTypeList(vf, 12)}` },
      // The edit replaces the whole tag: the editor filters by the tag text before the cursor.
      filterText: a.doc.text.slice(span.start, span.end),
      sortText: `0vf${String(i).padStart(3, '0')}`,
      textEdit: { range, newText: `<address domain=${q}${h(p.domain, 4)}${q} bus=${q}${h(p.bus, 2)}${q} slot=${q}${h(p.slot, 2)}${q} function=${q}${h(p.fn, 1)}${q}/>` },
    };
  });
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

function attributeItems(a: LibvirtAnalysis, el: XmlElement, env: FeatureEnv): CompletionItem[] {
  const gpu = gpuAttributeItems(el);
  const place = schemaPlace(a, el, env);
  if (!place?.patterns.length) return gpu;
  return [...gpu, ...schemaAttributeItems(place, el, new Set(gpu.map((i) => i.label)))];
}

/** The hand-written GPU subset's attributes (richer: values as a snippet choice), sorted first. */
function gpuAttributeItems(el: XmlElement): CompletionItem[] {
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
      sortText: `0${n}`,
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
function elementItems(a: LibvirtAnalysis, parent: XmlElement | undefined, from: number, to: number, fresh: boolean, env: FeatureEnv): CompletionItem[] {
  const spec = parent ? findElementSpec(parent.name, parent.parent?.name) : undefined;
  const names = spec?.children ?? (parent ? [] : ['domain', 'device']);
  const range = a.index.range({ start: from, end: to });
  const gpu = names.map((n, i): CompletionItem => {
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
  const place = parent ? schemaPlace(a, parent, env) : undefined;
  if (!place?.patterns.length) return gpu;
  return [...gpu, ...schemaElementItems(place, range, fresh, new Set(names), Math.max(names.length, 100))];
}

/** Element-name completion when `offset` is in (or right after) a name that follows '<'. */
function elementNameCompletion(a: LibvirtAnalysis, offset: number, el: XmlElement | undefined, env: FeatureEnv): CompletionItem[] | undefined {
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
  return elementItems(a, parent, from, to, fresh, env);
}

export function complete(a: LibvirtAnalysis, position: Position, env: FeatureEnv): CompletionItem[] {
  const offset = a.index.offsetAt(position);
  const el = elementAt(a, offset);
  if (el && offset > el.nameSpan.end && offset < el.startTagEnd) {
    const at = attributeAt(el, offset);
    if (at?.part === 'value') return valueItems(a, el, at.attr.name, env);
    return attributeItems(a, el, env);
  }
  // In content or in a start tag's name: after '<' (or a partial name) offer the children the enclosing element takes.
  return elementNameCompletion(a, offset, el, env) ?? [];
}
