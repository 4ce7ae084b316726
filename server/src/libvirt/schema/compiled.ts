// One libvirt RelaxNG grammar compiled with libxml2-wasm, plus a derived "wrapper" grammar that can
// validate any single element against its own <define>. libxml2 reports a mistake deep inside
// <devices> only as "Extra element devices in interleave" (RelaxNG interleave backtracking loses the
// detail); validating the subtree against its define brings the precise message back.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Libxml2Module } from './libxml2';
import { withSchemaDir } from './libxml2';

export interface RawError {
  message: string;
  line: number;
  xpath?: string;
}

export type SchemaKind = 'libvirt-domain' | 'libvirt-nodedev';

export const SCHEMA_FILE: Record<SchemaKind, string> = {
  'libvirt-domain': 'domain.rng',
  'libvirt-nodedev': 'nodedev.rng',
};

export const WRAPPER_PREFIX = 'vgpulint-define-';
const BATCH_PREFIX = 'vgpulint-many-';

type Validator = InstanceType<Libxml2Module['RelaxNGValidator']>;

export class CompiledSchema {
  /** element name → the one define whose pattern is that element (names with several defines are left out). */
  private readonly defineByElement = new Map<string, string>();
  readonly elementNames = new Set<string>();
  private readonly elementCounts = new Map<string, number>();
  readonly attributeNames = new Set<string>();
  private readonly main: Validator;
  private readonly wrapper: Validator | undefined;
  /** How many documents were validated; lets callers measure and bound the narrowing work. */
  validations = 0;

  constructor(private readonly lx: Libxml2Module, private readonly dir: string, private readonly kind: SchemaKind) {
    const file = path.join(dir, SCHEMA_FILE[kind]);
    const { value: main, opened } = withSchemaDir(dir, () =>
      lx.RelaxNGValidator.fromDoc(lx.XmlDocument.fromBuffer(fs.readFileSync(file), { url: file })),
    );
    this.main = main;
    this.scanGrammar([file, ...opened]);
    const defines = [...new Set(this.defineByElement.values())];
    // Plus, per define, one element holding any number of its elements (validateElements).
    const start =
      defines.map((d) => `<element name="${WRAPPER_PREFIX}${d}"><ref name="${d}"/></element>`).join('') +
      defines.map((d) => `<element name="${BATCH_PREFIX}${d}"><zeroOrMore><ref name="${d}"/></zeroOrMore></element>`).join('');
    const grammar =
      `<grammar xmlns="http://relaxng.org/ns/structure/1.0"><include href="${SCHEMA_FILE[kind]}">` +
      `<start><choice>${start}</choice></start></include></grammar>`;
    try {
      // The url only gives <include href> a base inside dir; no such file is read.
      const url = path.join(dir, 'wrapper.rng');
      this.wrapper = withSchemaDir(dir, () => lx.RelaxNGValidator.fromDoc(lx.XmlDocument.fromString(grammar, { url }))).value;
    } catch {
      this.wrapper = undefined; // precise locations are a refinement; plain validation still works
    }
  }

  /** Finds `<define name="d">` whose content is one `<element name="e">` (optionally inside optional/zeroOrMore/oneOrMore). */
  private scanGrammar(files: string[]): void {
    const seen = new Map<string, Set<string>>();
    for (const f of new Set(files)) {
      let text: string;
      try {
        text = fs.readFileSync(f, 'utf8');
      } catch {
        continue;
      }
      const defineRe =
        /<define\s+name="([A-Za-z_][\w.-]*)"\s*>\s*(?:<!--[\s\S]*?-->\s*)*(?:<(?:optional|zeroOrMore|oneOrMore)>\s*(?:<!--[\s\S]*?-->\s*)*)?<element\s+name="([^"]+)"\s*>/g;
      for (const m of text.matchAll(defineRe)) {
        const set = seen.get(m[2]) ?? new Set<string>();
        set.add(m[1]);
        seen.set(m[2], set);
      }
      for (const m of text.matchAll(/<element\s+name="([^"]+)"/g)) {
        this.elementNames.add(m[1]);
        this.elementCounts.set(m[1], (this.elementCounts.get(m[1]) ?? 0) + 1);
      }
      for (const m of text.matchAll(/<attribute\s+name="([^"]+)"/g)) this.attributeNames.add(m[1]);
    }
    for (const [el, defs] of seen) if (defs.size === 1) this.defineByElement.set(el, [...defs][0]);
  }

  /**
   * How many `<element name="…">` patterns of this name the grammar's files hold (every file, reachable
   * or not: 1 means no other pattern can match an element of this name).
   */
  elementPatternCount(name: string): number {
    return this.elementCounts.get(name) ?? 0;
  }

  defineFor(elementName: string): string | undefined {
    return this.wrapper ? this.defineByElement.get(elementName) : undefined;
  }

  /** Validates a whole document. undefined when it is not well-formed XML (reported elsewhere). */
  validateDocument(text: string): RawError[] | undefined {
    const r = this.run(this.main, text);
    return 'errors' in r ? r.errors : undefined;
  }

  /** Like validateDocument, but says why libxml2 could not parse the text (e.g. nesting beyond its depth limit). */
  validateDocumentOrReason(text: string): { errors: RawError[] } | { notParsed: string } {
    return this.run(this.main, text);
  }

  /** Validates one element's text against its define; `namespaces` are the xmlns attributes in scope. */
  validateElement(define: string, elementText: string, namespaces: string): RawError[] | undefined {
    if (!this.wrapper) return undefined;
    const name = WRAPPER_PREFIX + define;
    const r = this.run(this.wrapper, `<${name}${namespaces}>${elementText}</${name}>`);
    return 'errors' in r ? r.errors : undefined;
  }

  /**
   * Validates several elements of one define in one call (their texts joined);
   * true when all are valid, false when any is not (or the wrapper grammar is not there).
   */
  validateElements(define: string, elementTexts: readonly string[], namespaces: string): boolean {
    if (!this.wrapper) return false;
    const name = BATCH_PREFIX + define;
    const r = this.run(this.wrapper, `<${name}${namespaces}>${elementTexts.join('')}</${name}>`);
    return 'errors' in r && r.errors.length === 0;
  }

  private run(validator: Validator, text: string): { errors: RawError[] } | { notParsed: string } {
    const lx = this.lx;
    this.validations++;
    let doc: InstanceType<Libxml2Module['XmlDocument']>;
    try {
      // No XML_PARSE_NOENT (entities stay unexpanded), no DTDLOAD/DTDATTR/DTDVALID (no DTD is read),
      // NONET and NO_XXE (no external entity is ever fetched).
      doc = lx.XmlDocument.fromString(text, {
        option: lx.ParseOption.XML_PARSE_NONET | lx.ParseOption.XML_PARSE_NO_XXE | lx.ParseOption.XML_PARSE_NO_SYS_CATALOG,
      });
    } catch (e) {
      return { notParsed: parseFailure(lx, e) };
    }
    try {
      validator.validate(doc);
      return { errors: [] };
    } catch (e) {
      if (e instanceof lx.XmlLibError) {
        return { errors: e.details.map((d) => ({ message: d.message.trim(), line: d.line, ...(d.xpath ? { xpath: d.xpath } : {}) })) };
      }
      return { errors: [{ message: e instanceof Error ? e.message : String(e), line: 0 }] };
    } finally {
      doc.dispose();
    }
  }
}

/** libxml2's first fatal parse message, with its line ("Excessive depth in document: 256 use XML_PARSE_HUGE option (line 260)"). */
function parseFailure(lx: Libxml2Module, e: unknown): string {
  if (e instanceof lx.XmlLibError && e.details.length) {
    const d = e.details[0];
    return `${d.message.trim()}${d.line ? ` (line ${d.line})` : ''}`;
  }
  return e instanceof Error ? e.message.trim() : String(e);
}
