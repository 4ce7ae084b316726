// libvirt RelaxNG schema validation, in-process (libxml2 as WebAssembly), against one folder of
// libvirt schemas (which one: schemaSet.ts), with each error placed on the offending element or
// attribute rather than on its <devices>/<features> container.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CompiledSchema, SCHEMA_FILE, type SchemaKind } from './compiled';
import { libxml2IfLoaded, libxml2LoadError, loadLibxml2 } from './libxml2';
import { parseXml, type XmlDocument } from '../xml/parser';
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
export const validationStats = { full: 0, byElement: 0 };

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
  const parsed = doc ?? parseXml(text);
  let errors: SchemaError[];
  if (clean.validByElement(key, text, parsed, schema, grammarOf(schemaDir, kind))) {
    validationStats.byElement++;
    errors = [];
  } else {
    validationStats.full++;
    errors = validateWith(schema, text, parsed);
  }
  if (errors.length === 0 && !parsed.errors.length) clean.remember(key, text, parsed);
  const result: SchemaResult = { available: true, errors };
  if (results.size >= RESULT_CACHE_SIZE) results.delete(results.keys().next().value as string);
  results.set(textKey, result);
  return result;
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
