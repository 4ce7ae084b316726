import type { TextEdit } from 'vscode-languageserver-types';
import { defineRule, finding } from '../../service/rule';
import type { Finding } from '../../service/types';
import type { LibvirtContext } from '../context';

/** `state=‘on’`, `slot='0x08’`: typographic quotes pasted from slides. Only the wrong characters are replaced. */
export const smartQuotesRule = defineRule<LibvirtContext>(
  { id: 'xml/smart-quotes', defaultSeverity: 'error', description: 'Typographic quotes (‘ ’ “ ”) used as attribute delimiters; XML only accepts straight quotes.', fixable: true },
  (ctx) => {
    const out: Finding[] = [];
    const text = ctx.doc.text;
    for (const el of ctx.doc.elements) {
      for (const a of el.attributes) {
        if (!a.smartQuotes.length || !a.valueSpan) continue;
        const q = a.quote ?? "'";
        const edits: TextEdit[] = a.smartQuotes.map((at) => ctx.edits.replace({ start: at, end: at + 1 }, q));
        if (a.missingCloseAt !== undefined) edits.push(ctx.edits.insert(a.missingCloseAt, q));
        const written = text.slice(a.nameSpan.start, a.valueSpan.end);
        out.push(
          finding('xml/smart-quotes', ctx.range({ start: a.nameSpan.start, end: a.valueSpan.end }), `${written} uses typographic quotes; XML (and libvirt) only accept straight quotes: ${a.name}=${q}${a.raw}${q}`, {
            fixes: [{ title: `Use straight quotes: ${a.name}=${q}${a.raw}${q}`, edits, safe: true }],
          }),
        );
      }
    }
    return out;
  },
);
