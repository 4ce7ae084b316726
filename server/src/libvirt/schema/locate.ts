// Narrows libxml2's coarse RelaxNG errors ("Extra element devices in interleave", reported at the
// line of <devices>) down to the offending element or attribute.
//  1. An element whose name has its own <define> is validated alone against that define; libxml2 then
//     names the bad attribute or child ("Invalid attribute bus for element address").
//  2. Among several suspects (two <hostdev>s, or an unnamed interleave member) the culprit is the one
//     that still fails when the other suspects are cut out of a copy of the text.
//  3. An element without a define of its own (e.g. <relaxed> inside <hyperv>) is narrowed by cutting
//     each attribute / child out of a copy: the part whose removal makes the copy valid is the mistake.
import { clipValue } from '../clip';
import type { CompiledSchema, RawError } from './compiled';
import type { OutlineAttribute, OutlineElement } from './outline';
import { followPath, namespaceDeclarations } from './outline';
import { quoteUserText } from '../../util/userText';

export interface Blame {
  element: OutlineElement;
  attribute?: OutlineAttribute;
  message: string;
}

interface Span {
  start: number;
  end: number;
  /** Text put in place of the span (default: nothing). */
  replacement?: string;
}

const COMMON_VALUES = ['on', 'off', 'yes', 'no'];

interface Context {
  root: OutlineElement;
  /** Errors of a copy with `cuts` removed; undefined = copy not well-formed (treated as failing). */
  validate(cuts: Span[]): RawError[] | undefined;
  resolve(xpath: string): OutlineElement | undefined;
  isWrapper: boolean;
}

/**
 * Bounds on the narrowing work per document, so a pathological file degrades to coarse locations,
 * never hangs: validations, and characters validated (about 200 ms of libxml2-wasm at the
 * 7 MB/s it validates the 2.4 MB benchmark domain). Counted, not timed, so the same file always gets the same locations, however loaded
 * the machine is (a wall-clock deadline made them vary).
 */
const MAX_VALIDATIONS = 400;
export const MAX_NARROWING_CHARS = 1_500_000;

export class Locator {
  private readonly startCount: number;
  /** Characters handed to the validator so far by this locator. */
  private validatedChars = 0;

  constructor(private readonly schema: CompiledSchema, private readonly text: string, private readonly root: OutlineElement) {
    this.startCount = schema.validations;
  }

  locate(errors: RawError[]): Blame[] {
    const ctx: Context = {
      root: this.root,
      isWrapper: false,
      validate: (cuts) => this.schema.validateDocument(this.counted(cutText(this.text, 0, this.text.length, cuts))),
      resolve: (xpath) => {
        const segs = xpath.split('/').filter(Boolean);
        return segs[0] === this.root.name ? followPath(this.root, segs.slice(1)) : undefined;
      },
    };
    // libxml2 stops at the first failing member of the root's interleave; cut the part already
    // explained out of a copy and validate again to find mistakes in the other parts.
    const blames = this.analyse(ctx, errors, [], 0);
    const cuts: Span[] = [];
    for (let round = 0; round < 8 && !this.overBudget(); round++) {
      for (const b of blames) {
        const top = topLevel(this.root, b.element);
        if (top && !cuts.includes(top)) cuts.push(top);
      }
      const more = ctx.validate(cuts);
      if (!more || !more.length) break;
      // A cut may remove a required part: only mistakes inside another part count from here on.
      const found = this.analyse(ctx, more, cuts, 0).filter((b) => b.element !== this.root && !cuts.some((c) => within(b.element, c)));
      if (!found.length) break;
      blames.push(...found);
    }
    return dedupe(blames);
  }

  private counted(text: string): string {
    this.validatedChars += text.length;
    return text;
  }

  private overBudget(): boolean {
    return this.schema.validations - this.startCount > MAX_VALIDATIONS || this.validatedChars > MAX_NARROWING_CHARS;
  }

  private fails(ctx: Context, cuts: Span[]): boolean {
    const r = ctx.validate(cuts);
    return r === undefined || r.length > 0;
  }

  private wrapperContext(el: OutlineElement, define: string): Context {
    const ns = namespaceDeclarations(el)
      .filter((a) => a.name !== 'xmlns') // a default namespace would move the wrapper out of the grammar
      .map((a) => ` ${this.text.slice(a.start, a.end)}`)
      .join('');
    return {
      root: el,
      isWrapper: true,
      validate: (cuts) => this.schema.validateElement(define, this.counted(cutText(this.text, el.start, el.end, cuts)), ns),
      resolve: (xpath) => {
        const segs = xpath.split('/').filter(Boolean); // [wrapper, el, ...below]
        return segs.length >= 2 ? followPath(el, segs.slice(2)) : undefined;
      },
    };
  }

  private analyse(ctx: Context, errors: RawError[], base: Span[], depth: number): Blame[] {
    const direct: Blame[] = [];
    const names = new Set<string>();
    const nodes: OutlineElement[] = [];
    for (const e of errors) {
      const node = e.xpath ? ctx.resolve(e.xpath) : undefined;
      if (node) nodes.push(node);
      let m: RegExpExecArray | null;
      if ((m = /^Invalid attribute (\S+) for element (\S+)/.exec(e.message)) && node) {
        const attr = node.attributes.find((a) => a.name === m![1]);
        if (attr) direct.push(this.attributeBlame(node, attr));
      } else if ((m = /^Element (\S+) has extra content: (\S+)/.exec(e.message)) && node) {
        const extra = node.name === m[2] ? node : node.children.find((c) => c.name === m![2]);
        if (extra) direct.push(this.elementBlame(extra, `<${extra.name}> is not allowed inside <${extra.parent?.name ?? m[1]}>`));
      } else if ((m = /^(?:Extra element|Did not expect element) (\S+)/.exec(e.message))) {
        names.add(m[1]);
      } else if ((m = /^Expecting (?:an )?element (\S+), got nothing/.exec(e.message)) && node) {
        direct.push({ element: node, message: `<${node.name}> is missing the required element <${m[1]}>` });
      }
    }
    if (direct.length > 1) {
      // Backtracking can add a bogus "extra content" next to the real one: keep a blame only if the
      // copy still fails with every other blamed part cut out.
      const span = (b: Blame): Span => b.attribute ?? b.element;
      const confirmed = direct.filter((b) => this.fails(ctx, [...base, ...direct.filter((o) => o !== b).map(span)]));
      return confirmed.length ? confirmed : direct;
    }
    if (direct.length) return direct;

    const suspects: OutlineElement[] = [];
    const add = (el: OutlineElement) => {
      if (el !== ctx.root && !suspects.includes(el)) suspects.push(el);
    };
    for (const n of nodes) {
      if (names.has(n.name)) add(n);
      for (const c of n.children) if (names.has(c.name)) add(c);
    }
    if (!suspects.length && names.size) for (const c of ctx.root.children) if (names.has(c.name)) add(c);
    if (!suspects.length) for (const n of nodes) add(n);
    if (!suspects.length && nodes.includes(ctx.root) && depth <= 16 && !this.overBudget()) {
      return this.narrowByCutting(ctx, ctx.root, base, depth);
    }
    if (!suspects.length || depth > 16 || this.overBudget()) {
      const at = nodes[nodes.length - 1] ?? ctx.root;
      return [{ element: at, message: rawSummary(errors) }];
    }

    const culprits =
      suspects.length === 1
        ? suspects
        : suspects.filter((s) => this.fails(ctx, [...base, ...suspects.filter((o) => o !== s)]));
    const out: Blame[] = [];
    for (const c of culprits.length ? culprits : suspects.slice(0, 1)) {
      out.push(...this.investigate(ctx, c, this.isolate(ctx, c, [...base, ...suspects.filter((o) => o !== c)]), depth + 1));
    }
    return out;
  }

  /**
   * Cut-based narrowing inside `el` needs a copy in which `el` is the only broken part. libxml2 names
   * only the first failing interleave member, so others (a broken <devices> next to a broken
   * <features>) show up only once `el` is cut: add those to the cuts until the copy without `el` is valid.
   */
  private isolate(ctx: Context, el: OutlineElement, base: Span[]): Span[] {
    const cuts = [...base];
    for (let i = 0; i < 8 && !this.overBudget(); i++) {
      const errs = ctx.validate([...cuts, el]);
      if (!errs || !errs.length) break;
      const others = new Set<OutlineElement>();
      for (const e of errs) {
        const m = /^(?:Extra element|Did not expect element) (\S+)/.exec(e.message);
        const node = e.xpath ? ctx.resolve(e.xpath) : undefined;
        for (const c of ctx.root.children) {
          if (c === el || cuts.includes(c)) continue;
          if ((m && c.name === m[1]) || (node && within(node, c))) others.add(c);
        }
      }
      if (!others.size) break;
      cuts.push(...others);
    }
    return cuts;
  }

  /** `el` fails in `ctx` (with `base` cut out); find what inside it is wrong. */
  private investigate(ctx: Context, el: OutlineElement, base: Span[], depth: number): Blame[] {
    if (!this.schema.elementNames.has(el.name)) return [this.elementBlame(el, `Unknown element <${quoteUserText(el.name)}> (not in the libvirt schema)`)];
    const define = this.schema.defineFor(el.name);
    if (define && !(ctx.isWrapper && ctx.root === el) && !this.overBudget()) {
      const sub = this.wrapperContext(el, define);
      const errs = sub.validate([]);
      if (errs && errs.length) return this.analyse(sub, errs, [], depth);
      // Valid on its own: the problem is where it stands; narrow in the outer context instead.
    }
    const unknownAttrs = el.attributes.filter((a) => !isNamespaceDecl(a) && !this.schema.attributeNames.has(a.name));
    if (unknownAttrs.length) {
      return unknownAttrs.map((a) => ({ element: el, attribute: a, message: `Unknown attribute ${quoteUserText(a.name)}= on <${quoteUserText(el.name)}> (not in the libvirt schema)` }));
    }
    return this.narrowByCutting(ctx, el, base, depth);
  }

  /** Cuts each attribute, then each child, out of a copy; what makes the copy valid is the mistake. */
  private narrowByCutting(ctx: Context, el: OutlineElement, base: Span[], depth: number): Blame[] {
    if (depth > 16 || this.overBudget()) return [this.elementBlame(el, this.genericMessage(el))];
    const attrBlames = el.attributes
      .filter((a) => !isNamespaceDecl(a) && !this.fails(ctx, [...base, a]))
      .map((a) => this.attributeBlame(el, a));
    if (attrBlames.length) return attrBlames;
    const badChildren = el.children.filter((c) => !this.fails(ctx, [...base, c]));
    if (badChildren.length) return badChildren.flatMap((c) => this.investigate(ctx, c, base, depth + 1));
    const valueBlames = this.tryCommonValues(ctx, el, base);
    if (valueBlames.length) return valueBlames;
    return [this.elementBlame(el, this.genericMessage(el))];
  }

  /**
   * A required attribute with a wrong value cannot be cut out; try the switch values libvirt uses
   * (state='on', managed='yes') in its place: if one makes the copy valid, that attribute is the mistake.
   */
  private tryCommonValues(ctx: Context, el: OutlineElement, base: Span[]): Blame[] {
    const out: Blame[] = [];
    for (const a of el.attributes) {
      if (isNamespaceDecl(a) || this.overBudget()) continue;
      const ok = COMMON_VALUES.filter((v) => v !== a.value && !this.failsWith(ctx, base, a, v));
      if (ok.length) {
        const expected = ok.map((v) => `'${v}'`).join(' or ');
        out.push({ element: el, attribute: a, message: `Invalid value ${quoteUserText(a.name)}='${clipValue(a.value)}' on <${quoteUserText(el.name)}>: the libvirt schema accepts e.g. ${expected}` });
      }
    }
    return out;
  }

  private failsWith(ctx: Context, base: Span[], a: OutlineAttribute, value: string): boolean {
    const r = ctx.validate([...base, { start: a.start, end: a.end, replacement: `${a.name}='${value}'` }]);
    return r === undefined || r.length > 0;
  }

  private genericMessage(el: OutlineElement): string {
    const attrs = el.attributes.filter((a) => !isNamespaceDecl(a)).map((a) => `${quoteUserText(a.name)}='${clipValue(a.value)}'`);
    return attrs.length
      ? `<${el.name}> does not match the libvirt schema: check its attribute values (${attrs.join(', ')}) and required content`
      : `<${el.name}> does not match the libvirt schema here (wrong place, or required content missing)`;
  }

  private attributeBlame(el: OutlineElement, attr: OutlineAttribute): Blame {
    return { element: el, attribute: attr, message: `Invalid attribute ${quoteUserText(attr.name)}='${clipValue(attr.value)}' on <${quoteUserText(el.name)}> (libvirt schema)` };
  }

  private elementBlame(el: OutlineElement, message: string): Blame {
    return { element: el, message };
  }
}

/** The ancestor-or-self of `el` that is a child of the document root. */
function topLevel(root: OutlineElement, el: OutlineElement): OutlineElement | undefined {
  let cur: OutlineElement | undefined = el;
  while (cur && cur.parent !== root) cur = cur.parent;
  return cur;
}

function within(el: OutlineElement, span: Span): boolean {
  return el.start >= span.start && el.end <= span.end;
}

function isNamespaceDecl(a: OutlineAttribute): boolean {
  return a.name === 'xmlns' || a.name.startsWith('xmlns:');
}

function rawSummary(errors: RawError[]): string {
  // libxml2 quotes values in some messages ("Error validating value …"): clip each one.
  const msgs = [...new Set(errors.map((e) => clipValue(e.message, 200)))].slice(0, 5);
  return `libvirt schema: ${msgs.join('; ')}`;
}

/** text[from, to) with the spans in `cuts` (absolute offsets) removed. */
function cutText(text: string, from: number, to: number, cuts: Span[]): string {
  const sorted = cuts.filter((c) => c.start >= from && c.end <= to).sort((a, b) => a.start - b.start);
  let out = '';
  let pos = from;
  for (const c of sorted) {
    if (c.start < pos) continue; // nested in an earlier cut
    out += text.slice(pos, c.start) + (c.replacement ?? '');
    pos = c.end;
  }
  return out + text.slice(pos, to);
}

/** One diagnostic per spot; an element-level blame is dropped when one of its attributes is blamed. */
function dedupe(blames: Blame[]): Blame[] {
  const seen = new Set<string>();
  const withAttr = new Set(blames.filter((b) => b.attribute).map((b) => b.element));
  return blames.filter((b) => {
    if (!b.attribute && withAttr.has(b.element)) return false;
    const key = `${b.element.start}:${b.attribute?.start ?? -1}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
