// Small read helpers over the XML tree (no recursion, so deep documents cannot overflow the stack).
import type { Span } from '../../service/text';
import { decodeXmlText, XmlAttribute, XmlDocument, XmlElement } from './parser';

export function attr(el: XmlElement | undefined, name: string): XmlAttribute | undefined {
  if (!el) return undefined;
  for (const a of el.attributes) if (a.name === name) return a;
  return undefined;
}

/** The attribute's decoded, trimmed value. */
export function attrValue(el: XmlElement | undefined, name: string): string | undefined {
  return attr(el, name)?.value.trim();
}

export function child(el: XmlElement | undefined, name: string): XmlElement | undefined {
  if (!el) return undefined;
  for (const c of el.children) if (c.name === name) return c;
  return undefined;
}

export function childrenNamed(el: XmlElement | undefined, name: string): XmlElement[] {
  return el ? el.children.filter((c) => c.name === name) : [];
}

/** First descendant along a path of child names: path(domain, 'os', 'type'). */
export function path(el: XmlElement | undefined, ...names: string[]): XmlElement | undefined {
  let cur = el;
  for (const n of names) cur = child(cur, n);
  return cur;
}

/** The element's direct text (between its children, comments removed), entities decoded. */
export function textOf(doc: XmlDocument, el: XmlElement): string {
  if (el.selfClosing) return '';
  let out = '';
  let from = el.startTagEnd;
  for (const c of el.children) {
    out += doc.text.slice(from, c.start);
    from = c.end;
  }
  out += doc.text.slice(from, el.contentEnd);
  return decodeXmlText(out.replace(/<!--[\s\S]*?-->/g, '')).trim();
}

/** Span of the element's trimmed text when it has no children (for edits on values like 65536). */
export function textSpan(doc: XmlDocument, el: XmlElement): Span | undefined {
  if (el.selfClosing || el.children.length) return undefined;
  let s = el.startTagEnd;
  let e = el.contentEnd;
  while (s < e && /\s/.test(doc.text[s])) s++;
  while (e > s && /\s/.test(doc.text[e - 1])) e--;
  return { start: s, end: e };
}

/** Every element of this name below `el` (document order), using the document's name index. */
export function descendants(doc: XmlDocument, el: XmlElement, name: string): XmlElement[] {
  return (doc.byName.get(name) ?? []).filter((d) => d.start > el.start && d.end <= el.end);
}

export function isInside(el: XmlElement, ancestorName: string): boolean {
  for (let p = el.parent; p; p = p.parent) if (p.name === ancestorName) return true;
  return false;
}

/** Prefix bound to a namespace URI on an element or its ancestors (e.g. "qemu"). */
export function prefixFor(el: XmlElement | undefined, uri: string): string | undefined {
  for (let p = el; p; p = p.parent) {
    for (const a of p.attributes) if (a.name.startsWith('xmlns:') && a.value.trim() === uri) return a.name.slice(6);
  }
  return undefined;
}

/** Leading white space of the line an offset is on. */
export function indentAt(text: string, offset: number): string {
  let s = offset;
  while (s > 0 && text[s - 1] !== '\n' && text[s - 1] !== '\r') s--;
  let e = s;
  while (e < text.length && (text[e] === ' ' || text[e] === '\t')) e++;
  return text.slice(s, e);
}

/** One indentation step used by the document (two spaces when nothing says otherwise). */
export function indentUnit(doc: XmlDocument): string {
  const root = doc.root;
  const first = root?.children[0];
  if (!root || !first) return '  ';
  const outer = indentAt(doc.text, root.start);
  const inner = indentAt(doc.text, first.start);
  return inner.length > outer.length && inner.startsWith(outer) ? inner.slice(outer.length) : '  ';
}
