// Revalidation after an edit: when the text differs from one that validated clean only inside one
// element, and that element's name is matched by exactly one element pattern of the grammar (so the
// rest of the document accepts whatever that pattern accepts), the document is valid exactly when
// the changed element is valid against its own <define>. That small validation replaces the whole
// document's. Anything else (an error, a change across elements, an element without a define of its
// own) is left to the full validation, which also places the errors.
import type { XmlDocument, XmlElement } from '../xml/parser';
import type { CompiledSchema } from './compiled';

interface Clean {
  text: string;
  doc: XmlDocument;
}

// One clean text: the document being typed in (each kept tree costs memory).
const KEEP = 1;

export class CleanTexts {
  private readonly byKey = new Map<string, Clean[]>();

  remember(key: string, text: string, doc: XmlDocument): void {
    const list = (this.byKey.get(key) ?? []).filter((c) => c.text !== text);
    list.unshift({ text, doc });
    if (list.length > KEEP) list.length = KEEP;
    this.byKey.set(key, list);
  }

  /**
   * True when `text` is valid because it differs from a remembered clean text only inside one element
   * that validates against its own define; false when that could not be shown (validate in full).
   */
  validByElement(key: string, text: string, doc: XmlDocument, schema: CompiledSchema): boolean {
    const list = this.byKey.get(key);
    if (!list?.length || doc.errors.length || !doc.root) return false;
    for (const c of list) if (this.validAgainst(c, text, doc, schema)) return true;
    return false;
  }

  private validAgainst(c: Clean, text: string, doc: XmlDocument, schema: CompiledSchema): boolean {
    const { p, s } = commonEnds(c.text, text);
    const changeEnd = text.length - s;
    const delta = text.length - c.text.length;
    // The innermost element strictly around the change, then up to one with a define and a single pattern.
    let el = innermostAround(doc.root!, p, changeEnd);
    if (!el?.parent) return false; // around the root, or nothing in common: the whole document
    for (; el; el = el.parent) {
      if (el.name.includes(':')) continue;
      if (!schema.defineFor(el.name) || schema.elementPatternCount(el.name) !== 1) continue;
      break;
    }
    if (!el || !el.parent) return false; // the root itself: no cheaper than the whole document
    // The same element in the clean text: same start, same name, end moved by the edit.
    const old = c.doc.root ? innermostAround(c.doc.root, el.start + 1, el.start + 1) : undefined;
    let o: XmlElement | undefined = old;
    while (o && o.start !== el.start) o = o.parent;
    if (!o || o.name !== el.name || o.end !== el.end - delta || o.depth !== el.depth) return false;
    const ns = namespaces(el, text);
    const errors = schema.validateElement(schema.defineFor(el.name)!, text.slice(el.start, el.end), ns);
    return errors !== undefined && errors.length === 0;
  }
}

/** Lengths of the common prefix and (not overlapping it) common suffix. */
function commonEnds(a: string, b: string): { p: number; s: number } {
  const n = Math.min(a.length, b.length);
  let p = 0;
  while (p < n && a.charCodeAt(p) === b.charCodeAt(p)) p++;
  let s = 0;
  while (s < n - p && a.charCodeAt(a.length - 1 - s) === b.charCodeAt(b.length - 1 - s)) s++;
  return { p, s };
}

/** The deepest element with start < from and end > to (the change [from, to) strictly inside it). */
function innermostAround(root: XmlElement, from: number, to: number): XmlElement | undefined {
  if (!(root.start < from && root.end > to)) return undefined;
  let cur = root;
  for (;;) {
    const next = cur.children.find((c) => c.start < from && c.end > to);
    if (!next) return cur;
    cur = next;
  }
}

/** The xmlns:prefix declarations in scope (not a default namespace, which would move the wrapper out of the grammar). */
function namespaces(el: XmlElement, text: string): string {
  const seen = new Map<string, string>();
  const chain: XmlElement[] = [];
  for (let e: XmlElement | undefined = el; e; e = e.parent) chain.unshift(e);
  for (const e of chain) for (const a of e.attributes) if (a.name.startsWith('xmlns:')) seen.set(a.name, text.slice(a.nameSpan.start, a.valueSpan?.end ?? a.nameSpan.end));
  return [...seen.values()].map((d) => ` ${d}`).join('');
}
