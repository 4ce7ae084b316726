// libvirt RelaxNG schema validation, in-process (libxml2 as WebAssembly), against one folder of
// libvirt schemas (which one: schemaSet.ts), with each error placed on the offending element or
// attribute rather than on its <devices>/<features> container.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CompiledSchema, SCHEMA_FILE, type SchemaKind } from './compiled';
import { libxml2IfLoaded, libxml2LoadError, loadLibxml2 } from './libxml2';
import { parseXml, type XmlDocument, type XmlElement } from '../xml/parser';
import { clipValue } from '../clip';
import { Locator } from './locate';
import { outlineOf } from './outline';
import { grammarFor } from './grammar';
import { CleanTexts } from './incremental';
import type { SchemaSet } from './schemaSet';

export type { SchemaKind } from './compiled';

export interface SchemaError {
  /** UTF-16 offsets into the validated text, end exclusive. */
  offset: number;
  endOffset: number;
  message: string;
  /** Set when this is not a schema violation but a note (validation could not run on this text). */
  severity?: 'info';
}

export type SchemaResult = { available: false; reason: string } | { available: true; errors: SchemaError[] };

const compiled = new Map<string, CompiledSchema | string>();
const results = new Map<string, SchemaResult>();
const RESULT_CACHE_SIZE = 32;
const clean = new CleanTexts();
/** How the last validations were done (tests and the benchmark read it). */
export const validationStats = { full: 0, byElement: 0, split: 0 };
/** Documents this large are first checked in parts (validBySplitting). */
const SPLIT_MIN_CHARS = 200_000;
const SPLIT_MIN_CHILDREN = 32;

/**
 * Loads the WebAssembly module. validateLibvirtSchema is synchronous and answers
 * `available: false` until this has resolved; the server awaits it once at start-up.
 */
export async function preloadLibvirtSchemaValidator(): Promise<boolean> {
  return (await loadLibxml2()) !== undefined;
}

/** The compiled schema for this kind and folder, or why there is none (cached per folder). */
function compiledFor(kind: SchemaKind, schemaDir: string): { schema: CompiledSchema; key: string } | { reason: string } {
  const lx = libxml2IfLoaded();
  if (!lx) {
    void loadLibxml2();
    const err = libxml2LoadError();
    return { reason: err ? `libxml2-wasm could not be loaded: ${err}` : 'libxml2-wasm is still loading' };
  }
  const dir = path.resolve(schemaDir);
  const key = `${kind}\u0000${dir}`;
  let schema = compiled.get(key);
  if (schema === undefined) {
    schema = compile(lx, dir, kind);
    compiled.set(key, schema);
  }
  return typeof schema === 'string' ? { reason: schema } : { schema, key };
}

/**
 * One line for logs and `vgpu-lint --verbose`: which schemas libvirt/schema uses
 * (`libvirt schemas: bundled (libvirt 9.0.0)`), or why it cannot run.
 */
export function describeSchemaValidation(set: SchemaSet): string {
  const c = compiledFor('libvirt-domain', set.dir);
  return 'reason' in c ? `libvirt schemas: ${set.label}; validation off (${c.reason})` : `libvirt schemas: ${set.label}`;
}

/** `doc` is the parsed `text` when the caller has it (saves parsing it again for error locations). */
export function validateLibvirtSchema(text: string, kind: SchemaKind, schemaDir: string, doc?: XmlDocument): SchemaResult {
  const c = compiledFor(kind, schemaDir);
  if ('reason' in c) return { available: false, reason: c.reason };
  const { schema, key } = c;

  const textKey = `${key}\u0000${text}`;
  const cached = results.get(textKey);
  if (cached) return cached;
  // Revalidation by element needs the caller's tree (the editor's document); the locator's cut copies
  // come without one and are validated in full, as before.
  let errors: SchemaError[];
  if (doc && clean.validByElement(key, text, doc, schema)) {
    validationStats.byElement++;
    errors = [];
  } else if (text.length >= SPLIT_MIN_CHARS && validBySplitting(schema, grammarOf(schemaDir, kind), text, doc ?? parseXml(text))) {
    validationStats.split++;
    errors = [];
  } else {
    validationStats.full++;
    errors = validateWith(schema, text, doc);
  }
  if (doc && errors.length === 0 && !doc.errors.length) clean.remember(key, text, doc);
  const result: SchemaResult = { available: true, errors };
  if (results.size >= RESULT_CACHE_SIZE) results.delete(results.keys().next().value as string);
  results.set(textKey, result);
  return result;
}

/**
 * A large document checked in parts: under an element with many children, the third and later
 * children of one name are cut out of the document and validated together against their define,
 * when that name is matched by a single element pattern of the grammar and the parent holds it
 * only under <zeroOrMore>/<oneOrMore> (so the two kept in place show the repetition is allowed,
 * and any number is as valid as two). The rest, with the kept children, is validated as the
 * document. True only when every part is valid: then the document is (RelaxNG matches an element
 * by its name and its own pattern, whatever its siblings); otherwise the full validation runs and
 * places the errors. libxml2 checks many elements of one define far faster than the same elements
 * inside the root's large <interleave>.
 */
function validBySplitting(schema: CompiledSchema, grammar: ReturnType<typeof grammarOf>, text: string, doc: XmlDocument): boolean {
  // A default namespace declared anywhere would put a cut element in another namespace than the batch's.
  if (!grammar || doc.errors.length || !doc.root || doc.root.name.includes(':') || /\bxmlns\s*=/.test(text)) return false;
  const cuts: { start: number; end: number }[] = [];
  const batches = new Map<string, string[]>();
  const stack: XmlElement[] = [doc.root];
  while (stack.length) {
    const el = stack.pop()!;
    if (el.children.length < SPLIT_MIN_CHILDREN || el.name.includes(':')) {
      for (const c of el.children) stack.push(c);
      continue;
    }
    const patterns = grammar.patternsNamed(el.name);
    const repeatable = patterns.length === 1 ? grammar.repeatableChildren(patterns[0]) : new Set<string>();
    const seen = new Map<string, number>();
    for (const c of el.children) {
      const n = (seen.get(c.name) ?? 0) + 1;
      seen.set(c.name, n);
      const define = n > 2 && !c.name.includes(':') && repeatable.has(c.name) && grammar.elementPatternCount(c.name) === 1 ? schema.defineFor(c.name) : undefined;
      if (!define) {
        stack.push(c);
        continue;
      }
      cuts.push({ start: c.start, end: c.end });
      const list = batches.get(define) ?? [];
      list.push(text.slice(c.start, c.end));
      batches.set(define, list);
    }
  }
  if (!cuts.length) return false;
  const ns = doc.root.attributes.filter((a) => a.name.startsWith('xmlns:')).map((a) => ` ${text.slice(a.nameSpan.start, a.valueSpan?.end ?? a.nameSpan.end)}`).join('');
  for (const [define, texts] of batches) if (!schema.validateElements(define, texts, ns)) return false;
  cuts.sort((a, b) => a.start - b.start);
  const parts: string[] = [];
  let from = 0;
  for (const c of cuts) {
    parts.push(text.slice(from, c.start));
    from = c.end;
  }
  parts.push(text.slice(from));
  const r = schema.validateDocumentOrReason(parts.join(''));
  return 'errors' in r && r.errors.length === 0;
}

function grammarOf(dir: string, kind: SchemaKind) {
  try {
    return grammarFor(dir, kind);
  } catch {
    return undefined;
  }
}

function compile(lx: NonNullable<ReturnType<typeof libxml2IfLoaded>>, dir: string, kind: SchemaKind): CompiledSchema | string {
  const file = path.join(dir, SCHEMA_FILE[kind]);
  if (!fs.existsSync(path.join(dir, 'domain.rng')) || !fs.existsSync(file)) {
    return `libvirt RelaxNG schemas not found in ${dir} (install libvirt-clients / libvirt0)`;
  }
  try {
    return new CompiledSchema(lx, dir, kind);
  } catch (e) {
    return `libvirt RelaxNG schema ${file} could not be compiled: ${e instanceof Error ? e.message.trim() : String(e)}`;
  }
}

function validateWith(schema: CompiledSchema, text: string, doc?: XmlDocument): SchemaError[] {
  const r = schema.validateDocumentOrReason(text);
  if ('notParsed' in r) {
    // libxml2 refused a text the XML parser accepted (e.g. nesting deeper than libxml2's limit):
    // say once that the schema was not checked rather than look like a clean result.
    const at = (doc ?? parseXml(text)).root?.nameSpan ?? { start: 0, end: 0 };
    return [{ offset: at.start, endOffset: at.end, message: `schema validation skipped: ${clipValue(r.notParsed, 200)}`, severity: 'info' }];
  }
  const errors = r.errors;
  if (errors.length === 0) return [];
  const root = outlineOf(doc ?? parseXml(text));
  if (!root) return [{ offset: 0, endOffset: 0, message: `libvirt schema: ${clipValue(errors[0].message, 200)}` }];
  const blames = new Locator(schema, text, root).locate(errors);
  return blames.map((b) =>
    b.attribute
      ? { offset: b.attribute.start, endOffset: b.attribute.end, message: b.message }
      : { offset: b.element.nameStart, endOffset: b.element.nameEnd, message: b.message },
  );
}
