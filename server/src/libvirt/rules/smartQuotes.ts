import type { TextEdit } from 'vscode-languageserver-types';
import { defineRule, finding } from '../../service/rule';
import type { Finding } from '../../service/types';
import { clipValue } from '../clip';
import type { LibvirtContext } from '../context';
import type { XmlAttribute } from '../xml/parser';

/** A reference the parser accepts at an '&': anything else is a bare '&' that must become &amp;. */
const REFERENCE = /&(?:#[0-9]+;|#x[0-9a-fA-F]+;|(lt|gt|amp|quot|apos);|([A-Za-z_:][\w.:-]*);)/y;

interface StraightQuoting {
  quote: '"' | "'";
  /** Replacements inside the value, as offsets into the document. */
  escapes: { at: number; text: string }[];
  /** The written value, for the message and the fix title. */
  written: string;
  /** False when the value stays invalid or its extent is a guess (both quote kinds, an undefined entity, an illegal character). */
  valid: boolean;
}

/**
 * How to write a value recovered from typographic quotes with straight ones: the quote that does not
 * occur in it, with a bare '&' and '<' escaped. A value holding both quote kinds gets the chosen one
 * escaped too, but then where the value really ends is a guess, so the fix is not safe.
 */
function straightQuoting(a: XmlAttribute, start: number, hasDoctype: boolean): StraightQuoting {
  const raw = a.raw;
  const hasSingle = raw.includes("'");
  const hasDouble = raw.includes('"');
  const quote: '"' | "'" = hasSingle && !hasDouble ? '"' : hasDouble && !hasSingle ? "'" : (a.quote ?? "'");
  const escapes: { at: number; text: string }[] = [];
  let valid = !(hasSingle && hasDouble);
  let written = '';
  for (let i = 0; i < raw.length; i++) {
    const ch = raw[i];
    let out = ch;
    if (ch === '&') {
      REFERENCE.lastIndex = i;
      const m = REFERENCE.exec(raw);
      if (!m) out = '&amp;';
      else if (m[2] !== undefined && !hasDoctype) valid = false;
    } else if (ch === '<') out = '&lt;';
    else if (ch === quote) out = quote === "'" ? '&apos;' : '&quot;';
    else if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/.test(ch)) valid = false;
    if (out !== ch) escapes.push({ at: start + i, text: out });
    written += out;
  }
  return { quote, escapes, written, valid };
}

/** `state=‘on’`, `slot='0x08’`: typographic quotes pasted from slides. Only the wrong characters are replaced. */
export const smartQuotesRule = defineRule<LibvirtContext>(
  { id: 'xml/smart-quotes', defaultSeverity: 'error', description: 'Typographic quotes (‘ ’ “ ”) used as attribute delimiters; XML only accepts straight quotes.', fixable: true },
  (ctx) => {
    const out: Finding[] = [];
    const text = ctx.doc.text;
    for (const a of ctx.doc.smartQuoted) {
      if (!a.valueSpan || !a.innerSpan) continue;
      const s = straightQuoting(a, a.innerSpan.start, ctx.doc.hasDoctype);
      const q = s.quote;
      const edits: TextEdit[] = [];
      const delimiter = (at: number) => {
        if (text[at] !== q) edits.push(ctx.edits.replace({ start: at, end: at + 1 }, q));
      };
      delimiter(a.valueSpan.start);
      for (const e of s.escapes) edits.push(ctx.edits.replace({ start: e.at, end: e.at + 1 }, e.text));
      if (a.missingCloseAt !== undefined) edits.push(ctx.edits.insert(a.missingCloseAt, q));
      else delimiter(a.valueSpan.end - 1);
      const written = clipValue(text.slice(a.nameSpan.start, a.valueSpan.end), 80);
      const straight = clipValue(`${a.name}=${q}${s.written}${q}`, 80);
      out.push(
        finding('xml/smart-quotes', ctx.range({ start: a.nameSpan.start, end: a.valueSpan.end }), `${written} uses typographic quotes; XML (and libvirt) only accept straight quotes: ${straight}`, {
          fixes: [
            {
              title: `Use straight quotes: ${straight}`,
              edits,
              safe: s.valid,
              ...(s.valid ? {} : { warning: 'The value holds characters that straight quotes cannot take as written (both quote kinds, an undefined entity or a forbidden character): check where the value really ends.' }),
            },
          ],
        }),
      );
    }
    return out;
  },
);
