// The element outline the schema locator works on: element and attribute names with their offsets
// (UTF-16, as in the editor) and libxml2's node paths. libxml2 reports node paths and lines only; this
// maps them back to exact ranges. Built from the tree the XML parser already made, not re-tokenised.
import type { XmlDocument, XmlElement } from '../xml/parser';

export interface OutlineAttribute {
  name: string;
  /** Offsets of the whole `name="value"`. */
  start: number;
  end: number;
  nameEnd: number;
  value: string;
}

export interface OutlineElement {
  name: string;
  /** `<` of the start tag. */
  start: number;
  /** Just past the end tag (or `/>`). */
  end: number;
  nameStart: number;
  nameEnd: number;
  attributes: OutlineAttribute[];
  children: OutlineElement[];
  parent?: OutlineElement;
  /** libxml2's xmlGetNodePath form: /domain/devices/hostdev[2] (index only among same-name siblings). */
  path: string;
}

/**
 * The outline of a document the XML parser has already read (libxml2 parsed it too, so it is
 * well-formed). Iterative, in document order: a parent is always mapped before its children.
 */
export function outlineOf(doc: XmlDocument): OutlineElement | undefined {
  if (!doc.root) return undefined;
  const mapped = new Map<XmlElement, OutlineElement>();
  for (const el of doc.elements) {
    const parent = el.parent ? mapped.get(el.parent) : undefined;
    if (el.parent && !parent) continue; // under a second root element: libxml2 would not have parsed it
    if (!el.parent && el !== doc.root) continue;
    const o: OutlineElement = {
      name: el.name,
      start: el.start,
      end: el.end,
      nameStart: el.nameSpan.start,
      nameEnd: el.nameSpan.end,
      attributes: el.attributes.map((a) => ({ name: a.name, start: a.nameSpan.start, end: a.valueSpan?.end ?? a.nameSpan.end, nameEnd: a.nameSpan.end, value: a.value })),
      children: [],
      ...(parent ? { parent } : {}),
      path: parent ? '' : `/${el.name}`,
    };
    mapped.set(el, o);
    parent?.children.push(o);
  }
  for (const el of doc.elements) {
    const o = mapped.get(el);
    if (o) assignChildPaths(o);
  }
  return mapped.get(doc.root);
}

/** libxml2's xmlGetNodePath numbers a child only when it has same-name siblings. */
function assignChildPaths(el: OutlineElement): void {
  const counts = new Map<string, number>();
  for (const c of el.children) counts.set(c.name, (counts.get(c.name) ?? 0) + 1);
  const seen = new Map<string, number>();
  for (const c of el.children) {
    const n = (seen.get(c.name) ?? 0) + 1;
    seen.set(c.name, n);
    c.path = (counts.get(c.name) ?? 0) > 1 ? `${el.path}/${c.name}[${n}]` : `${el.path}/${c.name}`;
  }
}

/** Follows libxml2 path segments ("source", "hostdev[2]") down from `from`. */
export function followPath(from: OutlineElement, segments: string[]): OutlineElement | undefined {
  let cur: OutlineElement | undefined = from;
  for (const seg of segments) {
    if (!cur) return undefined;
    const m = /^(.+?)(?:\[(\d+)\])?$/.exec(seg);
    if (!m) return undefined;
    const same: OutlineElement[] = cur.children.filter((c) => c.name === m[1]);
    cur = same[m[2] ? Number(m[2]) - 1 : 0];
  }
  return cur;
}

/** Namespace declarations in scope at `el` (from its ancestors and itself). */
export function namespaceDeclarations(el: OutlineElement): OutlineAttribute[] {
  const out = new Map<string, OutlineAttribute>();
  const chain: OutlineElement[] = [];
  for (let e: OutlineElement | undefined = el; e; e = e.parent) chain.unshift(e);
  for (const e of chain) for (const a of e.attributes) if (a.name === 'xmlns' || a.name.startsWith('xmlns:')) out.set(a.name, a);
  return [...out.values()];
}
