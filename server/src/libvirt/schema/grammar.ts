// The libvirt RelaxNG grammar as a data structure for the editor: which elements may appear inside an
// element, which attributes it takes (required or optional) and their enumerated values. Read from the
// same folder libvirt/schema validates against (host or bundled: schemaSet.ts), with our own XML parser;
// only regular files whose real path is inside that folder are read (an <include href> out of it is
// skipped), nothing is fetched, no entity is expanded.
//
// The questions are answered on the grammar itself, not by validating: the element patterns are found
// by following the document's path from the root, and in a <choice> the branches that contradict an
// attribute the element already has (`<disk type='file'>` against the branch requiring type='block')
// are left out. Within one element the order of the grammar is kept, so children come in the order a
// <group> fixes where there is one.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseXml, type XmlDocument, type XmlElement } from '../xml/parser';
import { textOf } from '../xml/dom';
import type { SchemaKind } from './compiled';
import { SCHEMA_FILE } from './compiled';

export type NameClass = { name: string; ns: string } | { any: true; except?: NameClass[] };

export type Pattern =
  | { t: 'element'; nc: NameClass; content: Pattern; id: number }
  | { t: 'attribute'; nc: NameClass; content: Pattern }
  | { t: 'group' | 'interleave' | 'choice'; items: Pattern[] }
  | { t: 'optional' | 'zeroOrMore' | 'oneOrMore' | 'mixed'; item: Pattern }
  | { t: 'ref'; name: string }
  | { t: 'value'; value: string }
  | { t: 'data'; type: string }
  | { t: 'text' | 'empty' | 'notAllowed' };

export type ElementPattern = Extract<Pattern, { t: 'element' }>;
export type AttributePattern = Extract<Pattern, { t: 'attribute' }>;

export interface AttributeInfo {
  name: string;
  required: boolean;
  /** Enumerated values (`<choice>` of `<value>`s), in schema order; empty when free. */
  values: string[];
  /** Datatypes the value may take besides the enumerated values (`unsignedInt`, `text`, …). */
  types: string[];
}

export interface ChildInfo {
  /** Local name; `ns` is the namespace URI ('' = libvirt's own). */
  name: string;
  ns: string;
  /** Must appear at least once (not optional, not in a choice). */
  required: boolean;
  patterns: ElementPattern[];
}

const MAX_FILES = 200;

function localName(qname: string): string {
  const i = qname.indexOf(':');
  return i < 0 ? qname : qname.slice(i + 1);
}

/** A libvirt RelaxNG grammar, read once per folder and kind. */
export class Grammar {
  readonly defines = new Map<string, Pattern>();
  start: Pattern = { t: 'notAllowed' };
  private nextId = 0;
  private doc?: XmlDocument;
  private readonly files = new Set<string>();
  /** element name → parent element names (of every pattern of that name reachable from the start). */
  private parentIndex?: Map<string, Set<string>>;
  private allElements?: Map<string, ElementPattern[]>;

  constructor(private readonly dir: string, kind: SchemaKind) {
    this.readGrammarFile(SCHEMA_FILE[kind], true, new Set());
  }

  // ---- reading ----

  /** Reads a file of the folder; undefined when it is not a regular file inside it. */
  private readInside(href: string): string | undefined {
    if (/^[a-z][a-z0-9+.-]*:/i.test(href) || this.files.size > MAX_FILES) return undefined;
    try {
      const root = fs.realpathSync(this.dir);
      const real = fs.realpathSync(path.resolve(this.dir, href));
      if (path.dirname(real) !== root && !real.startsWith(root + path.sep)) return undefined;
      if (!fs.statSync(real).isFile()) return undefined;
      return fs.readFileSync(real, 'utf8');
    } catch {
      return undefined;
    }
  }

  /**
   * Reads a <grammar> file: its defines (combined by `combine`), its start when `withStart`, and its
   * includes (whose defines and start the including <include>'s own children override).
   */
  private readGrammarFile(href: string, withStart: boolean, overridden: Set<string>, overridesStart = false): void {
    const key = `${href}\0${[...overridden].sort().join(',')}\0${withStart && !overridesStart}`;
    if (this.files.has(key)) return;
    this.files.add(key);
    const text = this.readInside(href);
    if (text === undefined) return;
    const doc = parseXml(text);
    if (!doc.root || localName(doc.root.name) !== 'grammar') return;
    const outer = this.doc;
    this.doc = doc;
    this.readGrammarContent(doc.root, withStart && !overridesStart, overridden, '');
    this.doc = outer;
  }

  private readGrammarContent(g: XmlElement, withStart: boolean, overridden: Set<string>, ns: string): void {
    const nsHere = attrOf(g, 'ns') ?? ns;
    for (const c of g.children) {
      const n = localName(c.name);
      if (n === 'div') this.readGrammarContent(c, withStart, overridden, nsHere);
      else if (n === 'start') {
        if (withStart) this.start = this.combine(this.start, this.patternOfChildren(c, nsHere), attrOf(c, 'combine'), this.start.t === 'notAllowed');
      } else if (n === 'define') {
        const name = attrOf(c, 'name');
        if (!name || overridden.has(name)) continue;
        const p = this.patternOfChildren(c, nsHere);
        const prev = this.defines.get(name);
        this.defines.set(name, prev ? this.combine(prev, p, attrOf(c, 'combine'), false) : p);
      } else if (n === 'include') {
        const href = attrOf(c, 'href');
        if (!href) continue;
        // The include's own defines replace the included file's.
        const own = new Set(overridden);
        let ownStart = false;
        for (const d of c.children) {
          if (localName(d.name) === 'define' && attrOf(d, 'name')) own.add(attrOf(d, 'name')!);
          if (localName(d.name) === 'start') ownStart = true;
        }
        this.readGrammarFile(href, withStart, own, ownStart);
        this.readGrammarContent(c, withStart, overridden, nsHere);
      }
    }
  }

  private combine(prev: Pattern, p: Pattern, how: string | undefined, replace: boolean): Pattern {
    if (replace) return p;
    if (how === 'interleave') return { t: 'interleave', items: [prev, p] };
    if (how === 'choice') return { t: 'choice', items: [prev, p] };
    return p;
  }

  private patternOfChildren(el: XmlElement, ns: string): Pattern {
    const items = el.children.map((c) => this.pattern(c, ns)).filter((p): p is Pattern => p !== undefined);
    return items.length === 1 ? items[0] : items.length === 0 ? { t: 'empty' } : { t: 'group', items };
  }

  private nameClass(el: XmlElement, ns: string, isAttribute: boolean): { nc: NameClass; rest: XmlElement[] } {
    const name = attrOf(el, 'name');
    const nsAttr = attrOf(el, 'ns');
    if (name !== undefined) return { nc: { name: name.trim(), ns: nsAttr ?? (isAttribute ? '' : ns) }, rest: [...el.children] };
    const [first, ...rest] = el.children;
    return { nc: first ? this.nameClassOf(first, nsAttr ?? ns) : { any: true }, rest };
  }

  private nameClassOf(el: XmlElement, ns: string): NameClass {
    const n = localName(el.name);
    if (n === 'name') return { name: this.text(el), ns: attrOf(el, 'ns') ?? ns };
    const except = el.children.find((c) => localName(c.name) === 'except');
    return { any: true, ...(except ? { except: except.children.map((c) => this.nameClassOf(c, ns)) } : {}) };
  }

  private pattern(el: XmlElement, ns: string): Pattern | undefined {
    const n = localName(el.name);
    const nsHere = attrOf(el, 'ns') ?? ns;
    switch (n) {
      case 'element': {
        const { nc, rest } = this.nameClass(el, nsHere, false);
        return { t: 'element', nc, content: this.group(rest, nsHere), id: this.nextId++ };
      }
      case 'attribute': {
        const { nc, rest } = this.nameClass(el, nsHere, true);
        return { t: 'attribute', nc, content: rest.length ? this.group(rest, nsHere) : { t: 'text' } };
      }
      case 'group':
      case 'interleave':
      case 'choice':
        return { t: n, items: el.children.map((c) => this.pattern(c, nsHere)).filter((p): p is Pattern => p !== undefined) };
      case 'optional':
      case 'zeroOrMore':
      case 'oneOrMore':
      case 'mixed':
        return { t: n, item: this.group([...el.children], nsHere) };
      case 'ref':
      case 'parentRef':
        return { t: 'ref', name: (attrOf(el, 'name') ?? '').trim() };
      case 'value':
        return { t: 'value', value: this.text(el) };
      case 'data':
        return { t: 'data', type: attrOf(el, 'type') ?? 'text' };
      case 'list':
        return { t: 'data', type: 'list' };
      case 'text':
      case 'empty':
      case 'notAllowed':
        return { t: n };
      default:
        return undefined; // documentation (a:documentation), foreign elements
    }
  }

  private text(el: XmlElement): string {
    return this.doc ? textOf(this.doc, el) : '';
  }

  private group(children: XmlElement[], ns: string): Pattern {
    const items = children.map((c) => this.pattern(c, ns)).filter((p): p is Pattern => p !== undefined);
    return items.length === 1 ? items[0] : items.length === 0 ? { t: 'empty' } : { t: 'group', items };
  }

  // ---- questions ----

  /** The element patterns a document path (root first, qualified names as written) leads to. */
  resolve(pathEls: readonly { name: string; attributes: ReadonlyMap<string, string> }[], nsOf: (qname: string) => string): ElementPattern[] {
    let current: ElementPattern[] = [];
    for (let i = 0; i < pathEls.length; i++) {
      const { name } = pathEls[i];
      const ns = nsOf(name);
      const local = localName(name);
      const candidates = i === 0 ? this.elementsIn(this.start, undefined).flatMap((c) => c.patterns) : current.flatMap((p) => this.children(p, pathEls[i - 1].attributes).flatMap((c) => c.patterns));
      current = unique(candidates.filter((p) => matches(p.nc, local, ns)));
      if (!current.length) return [];
    }
    return current;
  }

  /** The elements allowed directly inside `p` (given the attributes its element has), in schema order. */
  children(p: ElementPattern, attributes: ReadonlyMap<string, string>): ChildInfo[] {
    const key = `${p.id}\0${attrKey(attributes)}`;
    let r = this.childCache.get(key);
    if (!r) {
      r = this.elementsIn(p.content, attributes);
      if (this.childCache.size > 5000) this.childCache.clear();
      this.childCache.set(key, r);
    }
    return r;
  }

  private readonly childCache = new Map<string, ChildInfo[]>();
  private readonly attributeCache = new Map<string, AttributeInfo[]>();

  private elementsIn(content: Pattern, attributes: ReadonlyMap<string, string> | undefined): ChildInfo[] {
    const out = new Map<string, ChildInfo>();
    this.walk(content, attributes, true, new Set(), (q, required) => {
      if (q.t !== 'element') return;
      if (!('name' in q.nc) || this.unsatisfiable(q)) return;
      const key = `${q.nc.ns}\0${q.nc.name}`;
      const prev = out.get(key);
      if (prev) {
        prev.required ||= required;
        if (!prev.patterns.includes(q)) prev.patterns.push(q);
      } else out.set(key, { name: q.nc.name, ns: q.nc.ns, required, patterns: [q] });
    });
    return [...out.values()];
  }

  private readonly unsat = new Map<Pattern, boolean>();

  /** True when no content can match `p` (libvirt's `<element name="privateData"><notAllowed/>`, status XML only). */
  unsatisfiable(p: Pattern): boolean {
    const known = this.unsat.get(p);
    if (known !== undefined) return known;
    this.unsat.set(p, false); // a cycle counts as satisfiable
    let r: boolean;
    switch (p.t) {
      case 'notAllowed':
        r = true;
        break;
      case 'element':
      case 'attribute':
        r = this.unsatisfiable(p.content);
        break;
      case 'ref': {
        const d = this.defines.get(p.name);
        r = d ? this.unsatisfiable(d) : true;
        break;
      }
      case 'group':
      case 'interleave':
        r = p.items.some((q) => this.unsatisfiable(q));
        break;
      case 'choice':
        r = p.items.every((q) => this.unsatisfiable(q));
        break;
      case 'oneOrMore':
      case 'mixed':
        r = this.unsatisfiable(p.item);
        break;
      default:
        r = false;
    }
    this.unsat.set(p, r);
    return r;
  }

  /** The attributes `p` takes (merged over the patterns), in schema order. */
  attributes(ps: readonly ElementPattern[], attributes: ReadonlyMap<string, string>): AttributeInfo[] {
    const key = `${ps.map((p) => p.id).join(',')}\0${attrKey(attributes)}`;
    let r = this.attributeCache.get(key);
    if (!r) {
      r = this.attributesOf(ps, attributes);
      if (this.attributeCache.size > 5000) this.attributeCache.clear();
      this.attributeCache.set(key, r);
    }
    return r.map((a) => ({ ...a, values: [...a.values], types: [...a.types] }));
  }

  private attributesOf(ps: readonly ElementPattern[], attributes: ReadonlyMap<string, string>): AttributeInfo[] {
    const out = new Map<string, AttributeInfo & { seen: number }>();
    for (const p of ps) {
      const here = new Map<string, AttributeInfo>();
      this.walk(p.content, attributes, true, new Set(), (q, required) => {
        if (q.t !== 'attribute' || !('name' in q.nc) || q.nc.ns) return;
        const name = q.nc.name;
        const prev = here.get(name);
        const { values, types } = this.valuesOf(q.content);
        if (prev) {
          prev.required ||= required;
          for (const v of values) if (!prev.values.includes(v)) prev.values.push(v);
          for (const v of types) if (!prev.types.includes(v)) prev.types.push(v);
        } else here.set(name, { name, required, values, types });
      });
      for (const a of here.values()) {
        const prev = out.get(a.name);
        if (!prev) out.set(a.name, { ...a, seen: 1 });
        else {
          prev.seen++;
          prev.required &&= a.required;
          for (const v of a.values) if (!prev.values.includes(v)) prev.values.push(v);
          for (const v of a.types) if (!prev.types.includes(v)) prev.types.push(v);
        }
      }
    }
    // Required only when every pattern of the element requires it.
    return [...out.values()].map(({ seen, ...a }) => ({ ...a, required: a.required && seen === ps.length }));
  }

  /** Enumerated values and datatypes of an attribute's or element's text content. */
  valuesOf(content: Pattern): { values: string[]; types: string[] } {
    const values: string[] = [];
    const types: string[] = [];
    const seen = new Set<string>();
    const visit = (q: Pattern): void => {
      switch (q.t) {
        case 'value':
          if (!values.includes(q.value)) values.push(q.value);
          return;
        case 'data':
          if (!types.includes(q.type)) types.push(q.type);
          return;
        case 'text':
          if (!types.includes('text')) types.push('text');
          return;
        case 'ref':
          if (seen.has(q.name)) return;
          seen.add(q.name);
          if (this.defines.has(q.name)) visit(this.defines.get(q.name)!);
          return;
        case 'choice':
        case 'group':
        case 'interleave':
          q.items.forEach(visit);
          return;
        case 'optional':
        case 'zeroOrMore':
        case 'oneOrMore':
        case 'mixed':
          visit(q.item);
          return;
        default:
          return;
      }
    };
    visit(content);
    return { values, types };
  }

  /** Text values an element may hold (its content without child elements). */
  textValues(ps: readonly ElementPattern[]): { values: string[]; types: string[] } {
    const values: string[] = [];
    const types: string[] = [];
    for (const p of ps) {
      const r = this.valuesOf(p.content); // valuesOf does not enter attributes or child elements
      for (const v of r.values) if (!values.includes(v)) values.push(v);
      for (const v of r.types) if (!types.includes(v)) types.push(v);
    }
    return { values, types };
  }

  /**
   * Walks the patterns directly inside an element (not into child elements), calling `f` for each
   * element and attribute pattern with whether it is required. Branches of a <choice> that contradict
   * `attributes` are skipped.
   */
  private walk(p: Pattern, attributes: ReadonlyMap<string, string> | undefined, required: boolean, refs: Set<string>, f: (q: Pattern, required: boolean) => void): void {
    switch (p.t) {
      case 'element':
      case 'attribute':
        if (!this.unsatisfiable(p)) f(p, required);
        return;
      case 'group':
      case 'interleave':
        for (const q of p.items) this.walk(q, attributes, required, refs, f);
        return;
      case 'choice': {
        const possible = p.items.filter((q) => !this.unsatisfiable(q));
        const branches = attributes ? possible.filter((q) => this.consistent(q, attributes)) : possible;
        const kept = branches.length ? branches : possible;
        if (!required || kept.length === 1) {
          for (const q of kept) this.walk(q, attributes, required && !p.items.some((q) => q.t === 'empty'), refs, f);
          return;
        }
        // Required when every remaining branch requires it (`type` in each branch of <graphics>).
        let common: Set<string> | undefined;
        for (const q of kept) {
          const mine = new Set<string>();
          this.walk(q, attributes, true, refs, (x, r) => {
            if (r) mine.add(patternKey(x));
          });
          common = common ? new Set([...common].filter((k) => mine.has(k))) : mine;
        }
        for (const q of kept) this.walk(q, attributes, true, refs, (x, r) => f(x, r && common!.has(patternKey(x))));
        return;
      }
      case 'optional':
      case 'zeroOrMore':
        this.walk(p.item, attributes, false, refs, f);
        return;
      case 'oneOrMore':
      case 'mixed':
        this.walk(p.item, attributes, required, refs, f);
        return;
      case 'ref': {
        if (refs.has(p.name)) return;
        const d = this.defines.get(p.name);
        if (!d) return;
        refs.add(p.name);
        this.walk(d, attributes, required, refs, f);
        refs.delete(p.name);
        return;
      }
      default:
        return;
    }
  }

  /**
   * False when the branch has attributes of a name the element has, and none of them accepts the
   * element's value (`<disk type='file'>` against the branch whose `type` is `block`).
   */
  private consistent(branch: Pattern, attributes: ReadonlyMap<string, string>): boolean {
    const verdict = new Map<string, boolean>();
    this.walk(branch, undefined, true, new Set(), (q) => {
      if (q.t !== 'attribute' || !('name' in q.nc) || q.nc.ns) return;
      const have = attributes.get(q.nc.name);
      if (have === undefined || verdict.get(q.nc.name)) return;
      const { values, types } = this.valuesOf(q.content);
      verdict.set(q.nc.name, types.length > 0 || values.includes(have.trim()));
    });
    for (const ok of verdict.values()) if (!ok) return false;
    return true;
  }

  // ---- whole-grammar index (hover: where an element may appear) ----

  private index(): void {
    if (this.parentIndex) return;
    const parents = new Map<string, Set<string>>();
    const all = new Map<string, ElementPattern[]>();
    const done = new Set<number>();
    const queue: { p: ElementPattern }[] = this.elementsIn(this.start, undefined).flatMap((c) => c.patterns.map((p) => ({ p })));
    for (const { p } of queue) {
      if (!('name' in p.nc)) continue;
      const list = all.get(p.nc.name) ?? [];
      if (!list.includes(p)) list.push(p);
      all.set(p.nc.name, list);
    }
    while (queue.length) {
      const { p } = queue.pop()!;
      if (done.has(p.id)) continue;
      done.add(p.id);
      const pname = 'name' in p.nc ? p.nc.name : '*';
      for (const c of this.elementsIn(p.content, undefined)) {
        const set = parents.get(c.name) ?? new Set<string>();
        set.add(pname);
        parents.set(c.name, set);
        for (const q of c.patterns) {
          const list = all.get(c.name) ?? [];
          if (!list.includes(q)) list.push(q);
          all.set(c.name, list);
          if (!done.has(q.id)) queue.push({ p: q });
        }
      }
    }
    this.parentIndex = parents;
    this.allElements = all;
  }

  /** Element names inside which an element of this local name may appear, sorted. */
  parentsOf(name: string): string[] {
    this.index();
    return [...(this.parentIndex!.get(name) ?? [])].sort();
  }

  /**
   * Local names of the child elements `p` holds only under <zeroOrMore>/<oneOrMore> (any number of
   * them is as valid as two), regardless of attributes.
   */
  repeatableChildren(p: ElementPattern): Set<string> {
    let r = this.repeatCache.get(p.id);
    if (r) return r;
    const repeated = new Set<string>();
    const single = new Set<string>();
    const visit = (q: Pattern, rep: boolean, refs: Set<string>): void => {
      switch (q.t) {
        case 'element':
          if ('name' in q.nc) (rep ? repeated : single).add(q.nc.name);
          return;
        case 'group':
        case 'interleave':
        case 'choice':
          for (const x of q.items) visit(x, rep, refs);
          return;
        case 'zeroOrMore':
        case 'oneOrMore':
          visit(q.item, true, refs);
          return;
        case 'optional':
        case 'mixed':
          visit(q.item, rep, refs);
          return;
        case 'ref': {
          if (refs.has(q.name)) return;
          const d = this.defines.get(q.name);
          if (!d) return;
          refs.add(q.name);
          visit(d, rep, refs);
          refs.delete(q.name);
          return;
        }
        default:
          return;
      }
    };
    visit(p.content, false, new Set());
    r = new Set([...repeated].filter((n) => !single.has(n)));
    this.repeatCache.set(p.id, r);
    return r;
  }

  private readonly repeatCache = new Map<number, Set<string>>();

  /** The element patterns of this local name (reachable from the start). */
  patternsNamed(name: string): ElementPattern[] {
    this.index();
    return this.allElements!.get(name) ?? [];
  }

  /** How many element patterns of the grammar (reachable from the start) have this local name. */
  elementPatternCount(name: string): number {
    this.index();
    return this.allElements!.get(name)?.length ?? 0;
  }

  /** Every element name of the grammar (reachable from the start). */
  elementNames(): string[] {
    this.index();
    return [...this.allElements!.keys()].sort();
  }
}

function attrKey(m: ReadonlyMap<string, string>): string {
  return [...m].map(([k, v]) => `${k}=${v}`).sort().join('\0');
}

function patternKey(q: Pattern): string {
  if ((q.t === 'element' || q.t === 'attribute') && 'name' in q.nc) return `${q.t}\0${q.nc.ns}\0${q.nc.name}`;
  return '';
}

function unique<T>(xs: T[]): T[] {
  return [...new Set(xs)];
}

function matches(nc: NameClass, local: string, ns: string): boolean {
  if ('name' in nc) return nc.name === local && nc.ns === ns;
  return !(nc.except ?? []).some((e) => matches(e, local, ns));
}

function attrOf(el: XmlElement, name: string): string | undefined {
  for (const a of el.attributes) if (a.name === name) return a.value;
  return undefined;
}

const grammars = new Map<string, Grammar>();

/** The grammar of this folder and kind, read once per process. */
export function grammarFor(dir: string, kind: SchemaKind): Grammar {
  const key = `${kind}\0${path.resolve(dir)}`;
  let g = grammars.get(key);
  if (!g) {
    g = new Grammar(path.resolve(dir), kind);
    grammars.set(key, g);
  }
  return g;
}
