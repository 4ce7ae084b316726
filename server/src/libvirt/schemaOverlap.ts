// One problem, one diagnostic: libvirt/schema reports what libxml2's RelaxNG validation rejects, and a
// specific rule (libvirt/unknown-attribute, or any rule with a fix) often reports the same attribute or
// element with a better message and a fix. The schema finding is then dropped. Only findings that were
// actually produced count, so a specific rule turned off in the settings leaves the schema finding in place.
import type { LineIndex, Span } from '../service/text';
import type { Finding } from '../service/types';
import type { XmlDocument, XmlElement } from './xml/parser';

export const SCHEMA_RULE_ID = 'libvirt/schema';

/** Rules that explain a schema violation even when they have no fix to offer. */
const SCHEMA_REFINING_RULES = new Set(['libvirt/unknown-attribute']);

/** The innermost element whose start tag contains `offset`. */
function startTagAt(doc: XmlDocument, offset: number): XmlElement | undefined {
  let found: XmlElement | undefined;
  for (const el of doc.elements) {
    if (el.start > offset) break; // document order: later elements start later
    if (offset < el.startTagEnd) found = el;
  }
  return found;
}

/** What a specific finding is about: the whole attribute (name='value') or start tag it points into, else its own range. */
function coveredSpan(doc: XmlDocument, index: LineIndex, f: Finding): Span {
  const start = index.offsetAt(f.range.start);
  const end = index.offsetAt(f.range.end);
  const el = startTagAt(doc, start);
  if (!el) return { start, end };
  for (const a of el.attributes) {
    const attrEnd = a.valueSpan?.end ?? a.nameSpan.end;
    if (start >= a.nameSpan.start && start < attrEnd) return { start: a.nameSpan.start, end: Math.max(attrEnd, end) };
  }
  return { start: Math.min(el.start, start), end: Math.max(el.startTagEnd, end) };
}

/** `schema` without the findings whose range lies within an attribute or start tag a specific finding reports. */
export function withoutCoveredSchemaFindings(schema: Finding[], specific: Finding[], doc: XmlDocument, index: LineIndex): Finding[] {
  if (!schema.length) return schema;
  const covers = specific
    .filter((f) => f.ruleId !== SCHEMA_RULE_ID && (f.fixes?.length || SCHEMA_REFINING_RULES.has(f.ruleId)))
    .map((f) => coveredSpan(doc, index, f));
  if (!covers.length) return schema;
  return schema.filter((s) => {
    const start = index.offsetAt(s.range.start);
    const end = index.offsetAt(s.range.end);
    return !covers.some((c) => start >= c.start && end <= c.end);
  });
}
