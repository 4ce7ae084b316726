// Where the cursor is in the tree: the innermost element and the attribute part under an offset.
import type { XmlAttribute, XmlElement } from '../xml/parser';
import type { LibvirtAnalysis } from '../analyse';

/** The innermost element whose span contains `offset` (elements are in document order, nested by span). */
export function elementAt(a: LibvirtAnalysis, offset: number): XmlElement | undefined {
  let cur = a.doc.root;
  if (!cur || offset < cur.start || offset > cur.end) return undefined;
  for (;;) {
    const next: XmlElement | undefined = findChild(cur, offset);
    if (!next) return cur;
    cur = next;
  }
}

function findChild(el: XmlElement, offset: number): XmlElement | undefined {
  // Binary search: children are ordered and do not overlap.
  let lo = 0;
  let hi = el.children.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const c = el.children[mid];
    if (offset < c.start) hi = mid - 1;
    else if (offset >= c.end) lo = mid + 1;
    else return c;
  }
  return undefined;
}

export const inSpan = (s: { start: number; end: number } | undefined, o: number) => s !== undefined && o >= s.start && o <= s.end;

export function attributeAt(el: XmlElement, offset: number): { attr: XmlAttribute; part: 'name' | 'value' } | undefined {
  for (const a of el.attributes) {
    if (inSpan(a.innerSpan, offset)) return { attr: a, part: 'value' };
    if (inSpan(a.nameSpan, offset)) return { attr: a, part: 'name' };
  }
  return undefined;
}
