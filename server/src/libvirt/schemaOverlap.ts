// One problem, one diagnostic. libvirt/schema reports what libxml2's RelaxNG validation rejects; a
// specific rule often reports the same problem with a better message (and a fix). The schema finding
// steps back only when it is the same problem, decided two ways:
//
// 1. By validating again with the specific findings' problems resolved: each finding's first fix (when
//    its edits stay inside one start tag, i.e. only touch attributes), or for a malformed value a valid
//    stand-in (a placeholder UUID, an out-of-range bus). A schema error that is gone then was caused by
//    that problem – also when libxml2 blamed an enclosing element ("<source> does not match…" for a
//    placeholder UUID). A schema error that is still there is reported, at its place in the original
//    text; one that appears only now (libxml2 reports one problem per element and had stopped at the
//    other) is reported too, unless it lies in edited text.
// 2. On one attribute: a schema error on an attribute that a specific rule reports with the same
//    problem (unknown-attribute status= vs "Unknown attribute status=" / "Invalid attribute status") is
//    dropped. A specific finding elsewhere in the same start tag, or about another problem, does not
//    hide it.
//
// Only findings that were actually produced count, so a specific rule turned off in the settings leaves
// the schema finding in place.
import type { LineIndex, Span } from '../service/text';
import type { Finding } from '../service/types';
import type { XmlAttribute, XmlDocument, XmlElement } from './xml/parser';

export const SCHEMA_RULE_ID = 'libvirt/schema';

/** A schema error on a validated text, as the schema module reports it (offsets, end exclusive). */
export interface RevalidatedError {
  offset: number;
  endOffset: number;
  message: string;
  severity?: 'info';
}

/** Validates another text of the same kind; undefined when validation cannot run on it. */
export type Revalidate = (text: string) => RevalidatedError[] | undefined;

type Problem = 'not-allowed' | 'bad-value';

/** What each specific rule says about the attribute it points at. */
const RULE_PROBLEM: Record<string, Problem> = {
  'libvirt/unknown-attribute': 'not-allowed',
  'libvirt/hostdev-address': 'bad-value',
  'libvirt/mdev-uuid': 'bad-value',
  'libvirt/mdev-model': 'bad-value',
};

/** A valid value to stand in for a malformed one, for rules that have no fix to offer. */
const VALID_STAND_IN: Record<string, string> = {
  'libvirt/hostdev-address': '0x0',
  'libvirt/mdev-uuid': '00000000-0000-0000-0000-000000000000',
};

/** The problem a schema message names about an attribute (libxml2 says "Invalid attribute" for both). */
function schemaProblems(message: string): Problem[] {
  if (/^Unknown attribute /.test(message)) return ['not-allowed'];
  if (/^Invalid value /.test(message)) return ['bad-value'];
  if (/^Invalid attribute /.test(message)) return ['not-allowed', 'bad-value'];
  return [];
}

/** The innermost element whose start tag contains `offset`. */
function startTagAt(doc: XmlDocument, offset: number): XmlElement | undefined {
  let found: XmlElement | undefined;
  for (const el of doc.elements) {
    if (el.start > offset) break; // document order: later elements start later
    if (offset < el.startTagEnd) found = el;
  }
  return found;
}

/** The attribute (name='value') that `offset` falls in. */
function attributeAt(doc: XmlDocument, offset: number): XmlAttribute | undefined {
  const el = startTagAt(doc, offset);
  return el?.attributes.find((a) => offset >= a.nameSpan.start && offset < (a.valueSpan ? a.valueSpan.end + 1 : a.nameSpan.end));
}

interface Edit extends Span {
  newText: string;
}

/** The edits that resolve a specific finding's problem, when they only touch one start tag (or stand in a value). */
function resolvingEdits(doc: XmlDocument, index: LineIndex, f: Finding): Edit[] | undefined {
  const standIn = VALID_STAND_IN[f.ruleId];
  if (standIn !== undefined) {
    let start = index.offsetAt(f.range.start);
    let end = index.offsetAt(f.range.end);
    if (end <= start || doc.text[start - 1] === '<') return undefined; // not a value (e.g. an empty element's name)
    const q = doc.text[start];
    if ((q === "'" || q === '"') && end - start >= 2 && doc.text[end - 1] === q) {
      start++; // an attribute value's span includes its quotes
      end--;
    }
    return [{ start, end, newText: standIn }];
  }
  const fix = f.fixes?.[0];
  if (!fix?.edits.length) return undefined;
  const edits = fix.edits.map((e) => ({ start: index.offsetAt(e.range.start), end: index.offsetAt(e.range.end), newText: e.newText }));
  const el = startTagAt(doc, edits[0].start);
  if (!el || edits.some((e) => e.start < el.start || e.end > el.startTagEnd || startTagAt(doc, e.start) !== el)) return undefined;
  return edits;
}

/** Applies non-overlapping edits (sorted by start). */
function apply(text: string, edits: Edit[]): string {
  let out = '';
  let at = 0;
  for (const e of edits) {
    out += text.slice(at, e.start) + e.newText;
    at = e.end;
  }
  return out + text.slice(at);
}

/** Maps an offset of the edited text back to the original; undefined inside an edit's new text. */
function mapBack(offset: number, edits: Edit[]): number | undefined {
  let delta = 0;
  for (const e of edits) {
    const newStart = e.start + delta;
    if (offset < newStart) break;
    if (offset < newStart + e.newText.length || (e.newText.length === 0 && offset === newStart && e.end > e.start)) return undefined;
    delta += e.newText.length - (e.end - e.start);
  }
  return offset - delta;
}

/** Schema findings for the original text from a validation of the edited text; undefined to keep the originals. */
function revalidated(doc: XmlDocument, index: LineIndex, specific: Finding[], revalidate: Revalidate): Finding[] | undefined {
  const edits: Edit[] = [];
  for (const f of specific) {
    if (f.ruleId === SCHEMA_RULE_ID) continue;
    const e = resolvingEdits(doc, index, f);
    if (e) edits.push(...e);
  }
  if (!edits.length) return undefined;
  edits.sort((a, b) => a.start - b.start || a.end - b.end);
  const taken: Edit[] = [];
  for (const e of edits) if (!taken.length || e.start >= taken[taken.length - 1].end) taken.push(e);
  const errors = revalidate(apply(doc.text, taken));
  // Validation that could not run on the edited text (it is not parsed, say) proves nothing.
  if (!errors || errors.some((e) => e.severity === 'info')) return undefined;
  const out: Finding[] = [];
  for (const e of errors) {
    const start = mapBack(e.offset, taken);
    const end = mapBack(e.endOffset, taken) ?? (start !== undefined ? start + (e.endOffset - e.offset) : undefined);
    if (start === undefined || end === undefined) continue;
    out.push({ ruleId: SCHEMA_RULE_ID, range: index.range({ start, end: Math.max(start, end) }), message: e.message });
  }
  return out;
}

/** `schema` without the findings a specific finding reports as the same problem (see the top of this file). */
export function withoutCoveredSchemaFindings(schema: Finding[], specific: Finding[], doc: XmlDocument, index: LineIndex, revalidate?: Revalidate): Finding[] {
  if (!schema.length) return schema;
  const base = (revalidate && schema.some((s) => !s.severity) && revalidated(doc, index, specific, revalidate)) || schema;
  const claims: { attribute: XmlAttribute; problem: Problem }[] = [];
  for (const f of specific) {
    const problem = RULE_PROBLEM[f.ruleId];
    const attribute = problem && attributeAt(doc, index.offsetAt(f.range.start));
    if (problem && attribute) claims.push({ attribute, problem });
  }
  if (!claims.length) return base;
  return base.filter((s) => {
    const attribute = attributeAt(doc, index.offsetAt(s.range.start));
    if (!attribute) return true;
    const problems = schemaProblems(s.message);
    return !claims.some((c) => c.attribute === attribute && problems.includes(c.problem));
  });
}
