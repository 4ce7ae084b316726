// Completion and hover for the whole libvirt vocabulary, from the RelaxNG grammar in use (the folder
// libvirt/schema validates against: host or bundled). The hand-written GPU subset (elements.ts) comes
// first and keeps its richer text; these items fill in everything else.
import type { CompletionItem, Range } from 'vscode-languageserver-types';
import { CompletionItemKind, InsertTextFormat, MarkupKind } from 'vscode-languageserver-types';
import type { FeatureEnv } from '../../service/features';
import type { LibvirtAnalysis } from '../analyse';
import type { SchemaKind } from '../schema/compiled';
import { grammarFor, type AttributeInfo, type ChildInfo, type ElementPattern, type Grammar } from '../schema/grammar';
import { resolveSchemaSet } from '../schema/schemaSet';
import type { XmlElement } from '../xml/parser';
import { tagCode } from './describe';

export interface SchemaPlace {
  grammar: Grammar;
  /** The element patterns the element at the cursor matches (empty: the schema does not know it there). */
  patterns: ElementPattern[];
  attributes: Map<string, string>;
  /** namespace URI → prefix declared in scope ('' = no prefix). */
  prefixes: Map<string, string>;
}

const kindOf = (a: LibvirtAnalysis): SchemaKind => a.kind;

export function grammarOf(a: LibvirtAnalysis, env: FeatureEnv): Grammar | undefined {
  try {
    return grammarFor(resolveSchemaSet(env.settings.libvirt.schemaDir).dir, kindOf(a));
  } catch {
    return undefined;
  }
}

const attrMap = (el: XmlElement, without?: string) => new Map(el.attributes.filter((x) => x.name !== without && !x.name.startsWith('xmlns')).map((x) => [x.name, x.value]));

/** The schema's view of `el`: its patterns, found along its path from the root. */
export function schemaPlace(a: LibvirtAnalysis, el: XmlElement, env: FeatureEnv, without?: string): SchemaPlace | undefined {
  const grammar = grammarOf(a, env);
  if (!grammar) return undefined;
  const chain: XmlElement[] = [];
  for (let e: XmlElement | undefined = el; e; e = e.parent) chain.unshift(e);
  const nsByPrefix = new Map<string, string>([['', '']]);
  for (const e of chain) {
    for (const x of e.attributes) {
      if (x.name === 'xmlns') nsByPrefix.set('', x.value);
      else if (x.name.startsWith('xmlns:')) nsByPrefix.set(x.name.slice(6), x.value);
    }
  }
  const nsOf = (q: string) => {
    const i = q.indexOf(':');
    return nsByPrefix.get(i < 0 ? '' : q.slice(0, i)) ?? '\0undeclared';
  };
  const path = chain.map((e) => ({ name: e.name, attributes: attrMap(e, e === el ? without : undefined) }));
  const prefixes = new Map<string, string>();
  for (const [p, ns] of nsByPrefix) if (!prefixes.has(ns)) prefixes.set(ns, p);
  return { grammar, patterns: grammar.resolve(path, nsOf), attributes: path[path.length - 1].attributes, prefixes };
}

/** The children allowed inside the element of `place`, qualified with the prefixes in scope. */
export function allowedChildren(place: SchemaPlace): (ChildInfo & { qname: string })[] {
  const out: (ChildInfo & { qname: string })[] = [];
  const seen = new Set<string>();
  for (const p of place.patterns) {
    for (const c of place.grammar.children(p, place.attributes)) {
      const prefix = place.prefixes.get(c.ns);
      if (prefix === undefined) continue; // a namespace not declared in the document (qemu:, lxc:, …)
      const qname = prefix ? `${prefix}:${c.name}` : c.name;
      if (seen.has(qname)) continue;
      seen.add(qname);
      out.push({ ...c, qname });
    }
  }
  return out;
}

/** What completion inserts for a new element: required attributes as tab stops, then its content or `/>`. */
function elementSnippet(place: SchemaPlace, c: ChildInfo & { qname: string }): string {
  const g = place.grammar;
  const attrs = g.attributes(c.patterns, new Map()).filter((x) => x.required);
  let n = 1;
  const parts = attrs.map((x) => `${x.name}='${valueStop(x, n++)}'`);
  const head = [c.qname, ...parts].join(' ');
  const hasChildren = c.patterns.some((p) => g.children(p, new Map()).length > 0);
  const text = g.textValues(c.patterns);
  if (hasChildren) return `${head}>\n\t$0\n</${c.qname}>`;
  if (text.values.length || text.types.length) {
    const t = text.values.length && !text.types.length ? `\${${n}|${text.values.map(escapeChoice).join(',')}|}` : `$${n}`;
    return `${head}>${t}</${c.qname}>`;
  }
  return `${head}/>`;
}

const escapeChoice = (v: string) => v.replace(/[\\$}|,]/g, (m) => `\\${m}`);
const escapePlain = (v: string) => v.replace(/[\\$}]/g, (m) => `\\${m}`);

function valueStop(x: AttributeInfo, n: number): string {
  if (x.values.length === 1 && !x.types.length) return escapePlain(x.values[0]);
  if (x.values.length && !x.types.length) return `\${${n}|${x.values.map(escapeChoice).join(',')}|}`;
  return `$${n}`;
}

/** Element items from the schema, after `taken` (the GPU items), in schema order. */
export function schemaElementItems(place: SchemaPlace, range: Range, fresh: boolean, taken: Set<string>, start: number): CompletionItem[] {
  const out: CompletionItem[] = [];
  for (const c of allowedChildren(place)) {
    if (taken.has(c.qname)) continue;
    const snippet = fresh ? elementSnippet(place, c) : c.qname;
    out.push({
      label: c.qname,
      kind: CompletionItemKind.Module,
      detail: c.required ? 'required (libvirt schema)' : 'libvirt schema',
      sortText: String(start + out.length).padStart(3, '0'),
      textEdit: { range, newText: snippet },
      ...(snippet !== c.qname ? { insertTextFormat: InsertTextFormat.Snippet } : {}),
      documentation: { kind: MarkupKind.Markdown, value: elementSchemaMarkdown(place.grammar, c.name, c.patterns, new Map()) },
    });
  }
  return out;
}

/** Attribute items from the schema for an element, leaving out those it has and `taken`. */
export function schemaAttributeItems(place: SchemaPlace, el: XmlElement, taken: Set<string>): CompletionItem[] {
  const present = new Set(el.attributes.map((x) => x.name));
  const q = el.attributes[0]?.quote ?? "'";
  return place.grammar
    .attributes(place.patterns, place.attributes)
    .filter((x) => !present.has(x.name) && !taken.has(x.name))
    .map((x) => ({
      label: x.name,
      kind: CompletionItemKind.Property,
      detail: `${x.required ? 'required' : 'optional'}${x.values.length ? `: ${x.values.join(' | ')}` : x.types.length ? `: ${x.types.join(' | ')}` : ''}`,
      insertText: `${x.name}=${q}${valueStop(x, 1)}${q}`,
      insertTextFormat: InsertTextFormat.Snippet,
      sortText: `1${x.required ? '0' : '1'}${x.name}`,
    }));
}

/** Value items of one attribute from the schema (the attribute itself left out of the branch choice). */
export function schemaValueItems(place: SchemaPlace, attrName: string, taken: Set<string>): CompletionItem[] {
  const info = place.grammar.attributes(place.patterns, place.attributes).find((x) => x.name === attrName);
  if (!info) return [];
  return info.values
    .filter((v) => !taken.has(v))
    .map((v, i) => ({ label: v, kind: CompletionItemKind.EnumMember, detail: `${attrName} (libvirt schema)`, sortText: `1${String(i).padStart(3, '0')}` }));
}

const without = (m: Map<string, string>, name: string) => new Map([...m].filter(([k]) => k !== name));

const typeText = (x: { values: string[]; types: string[] }) => [...x.values.map((v) => `\`${v}\``), ...x.types.map((t) => `_${t}_`)].join(' | ');

/** Markdown for an element from the schema: where it may appear, its attributes and children. */
export function elementSchemaMarkdown(g: Grammar, local: string, patterns: ElementPattern[], attributes: Map<string, string>): string {
  const lines: string[] = [`**${tagCode(local)}** (libvirt schema)`];
  const parents = g.parentsOf(local);
  if (parents.length) lines.push('', `May appear in: ${parents.map(tagCode).join(', ')}`);
  // Each attribute's values without its own current value narrowing the choice (`<disk type='file'>` still lists every type).
  const attrs = g.attributes(patterns, attributes).map((x) => (attributes.has(x.name) ? (g.attributes(patterns, without(attributes, x.name)).find((y) => y.name === x.name) ?? x) : x));
  if (attrs.length) {
    lines.push('', 'Attributes:');
    for (const x of attrs) lines.push(`- \`${x.name}\` (${x.required ? 'required' : 'optional'})${x.values.length || x.types.length ? `: ${typeText(x)}` : ''}`);
  }
  const children = new Map<string, boolean>();
  for (const p of patterns) for (const c of g.children(p, attributes)) children.set(c.name, (children.get(c.name) ?? false) || c.required);
  if (children.size) lines.push('', `Children: ${[...children].map(([n, r]) => `${tagCode(n)}${r ? ' (required)' : ''}`).join(', ')}`);
  const text = g.textValues(patterns);
  if (!children.size && (text.values.length || text.types.length)) lines.push('', `Content: ${typeText(text)}`);
  return lines.join('\n');
}

/** Markdown for one attribute from the schema. */
export function attributeSchemaMarkdown(place: SchemaPlace, el: XmlElement, name: string): string | undefined {
  const x = place.grammar.attributes(place.patterns, place.attributes).find((a) => a.name === name);
  if (!x) return undefined;
  return `\`${name}\` on **${tagCode(el.name)}** (libvirt schema): ${x.required ? 'required' : 'optional'}${x.values.length || x.types.length ? `\n\nValues: ${typeText(x)}` : ''}`;
}
