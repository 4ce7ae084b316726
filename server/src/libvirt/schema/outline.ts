// A minimal element outline of a well-formed XML text: element and attribute names with their
// offsets (UTF-16, as in the editor). libxml2 reports node paths and lines only; this maps them back
// to exact ranges. Only used after libxml2 parsed the text, so it does not need to handle errors.

export interface OutlineAttribute {
  name: string;
  /** Offsets of the whole `name="value"`. */
  start: number;
  end: number;
  nameEnd: number;
  value: string;
}

export interface OutlineElement {
  name: string;
  /** `<` of the start tag. */
  start: number;
  /** Just past the end tag (or `/>`). */
  end: number;
  nameStart: number;
  nameEnd: number;
  attributes: OutlineAttribute[];
  children: OutlineElement[];
  parent?: OutlineElement;
  /** libxml2's xmlGetNodePath form: /domain/devices/hostdev[2] (index only among same-name siblings). */
  path: string;
}

const NAME = /[^\s=/>]+/y;
const ATTR = /\s*([^\s=/>]+)\s*=\s*("[^"]*"|'[^']*')/y;

export function outlineXml(text: string): OutlineElement | undefined {
  const stack: OutlineElement[] = [];
  let root: OutlineElement | undefined;
  let i = 0;
  while (i < text.length) {
    const lt = text.indexOf('<', i);
    if (lt < 0) break;
    if (text.startsWith('<!--', lt)) {
      i = skipPast(text, '-->', lt + 4);
    } else if (text.startsWith('<![CDATA[', lt)) {
      i = skipPast(text, ']]>', lt + 9);
    } else if (text.startsWith('<?', lt)) {
      i = skipPast(text, '?>', lt + 2);
    } else if (text.startsWith('<!', lt)) {
      i = skipDoctype(text, lt + 2);
    } else if (text[lt + 1] === '/') {
      const gt = text.indexOf('>', lt);
      const el = stack.pop();
      i = gt < 0 ? text.length : gt + 1;
      if (el) el.end = i;
    } else {
      NAME.lastIndex = lt + 1;
      const m = NAME.exec(text);
      if (!m) {
        i = lt + 1;
        continue;
      }
      const parent = stack[stack.length - 1];
      const el: OutlineElement = {
        name: m[0],
        start: lt,
        end: text.length,
        nameStart: lt + 1,
        nameEnd: lt + 1 + m[0].length,
        attributes: [],
        children: [],
        parent,
        path: '',
      };
      let j = el.nameEnd;
      for (;;) {
        ATTR.lastIndex = j;
        const a = ATTR.exec(text);
        if (!a) break;
        const start = a.index + a[0].length - a[0].trimStart().length;
        el.attributes.push({ name: a[1], start, end: ATTR.lastIndex, nameEnd: start + a[1].length, value: a[2].slice(1, -1) });
        j = ATTR.lastIndex;
      }
      const gt = text.indexOf('>', j);
      const selfClosing = gt > 0 && text[gt - 1] === '/';
      i = gt < 0 ? text.length : gt + 1;
      if (parent) parent.children.push(el);
      else if (!root) root = el;
      if (selfClosing) el.end = i;
      else stack.push(el);
    }
  }
  if (root) assignPaths(root, '');
  return root;
}

function skipPast(text: string, marker: string, from: number): number {
  const k = text.indexOf(marker, from);
  return k < 0 ? text.length : k + marker.length;
}

/** `<!DOCTYPE x [ … ]>`: the internal subset may contain `>` inside brackets and quotes. */
function skipDoctype(text: string, from: number): number {
  let depth = 0;
  let quote = '';
  for (let k = from; k < text.length; k++) {
    const c = text[k];
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '[') depth++;
    else if (c === ']') depth--;
    else if (c === '>' && depth <= 0) return k + 1;
  }
  return text.length;
}

function assignPaths(el: OutlineElement, parentPath: string): void {
  if (!el.path) el.path = `${parentPath}/${el.name}`;
  const counts = new Map<string, number>();
  for (const c of el.children) counts.set(c.name, (counts.get(c.name) ?? 0) + 1);
  const seen = new Map<string, number>();
  for (const c of el.children) {
    const n = (seen.get(c.name) ?? 0) + 1;
    seen.set(c.name, n);
    c.path = (counts.get(c.name) ?? 0) > 1 ? `${el.path}/${c.name}[${n}]` : `${el.path}/${c.name}`;
    assignPaths(c, el.path);
  }
}

/** Follows libxml2 path segments ("source", "hostdev[2]") down from `from`. */
export function followPath(from: OutlineElement, segments: string[]): OutlineElement | undefined {
  let cur: OutlineElement | undefined = from;
  for (const seg of segments) {
    if (!cur) return undefined;
    const m = /^(.+?)(?:\[(\d+)\])?$/.exec(seg);
    if (!m) return undefined;
    const same: OutlineElement[] = cur.children.filter((c) => c.name === m[1]);
    cur = same[m[2] ? Number(m[2]) - 1 : 0];
  }
  return cur;
}

export function* walk(el: OutlineElement): Generator<OutlineElement> {
  yield el;
  for (const c of el.children) yield* walk(c);
}

/** Namespace declarations in scope at `el` (from its ancestors and itself). */
export function namespaceDeclarations(el: OutlineElement): OutlineAttribute[] {
  const out = new Map<string, OutlineAttribute>();
  const chain: OutlineElement[] = [];
  for (let e: OutlineElement | undefined = el; e; e = e.parent) chain.unshift(e);
  for (const e of chain) for (const a of e.attributes) if (a.name === 'xmlns' || a.name.startsWith('xmlns:')) out.set(a.name, a);
  return [...out.values()];
}
