import { defineRule, finding } from '../../service/rule';
import type { VmxContext } from '../context';
import { valueQuote, valueTerminated } from '../parser';
import { quoteUserText } from '../../util/userText';

export const smartQuotesRule = defineRule<VmxContext>(
  { id: 'vmx/smart-quotes', defaultSeverity: 'error', description: 'Typographic (or single) quotes around a value; VMware only reads straight double quotes.', fixable: true },
  (ctx) => {
    const out = [];
    for (const e of ctx.doc.entries) {
      const q = valueQuote(e);
      if (q !== 'smart' && q !== 'mixed' && q !== 'single') continue;
      if (!valueTerminated(e)) continue; // vmx/syntax reports it
      const what = q === 'single' ? 'single quotes' : 'typographic quotes';
      out.push(
        finding('vmx/smart-quotes', ctx.range(e.value.span), `"${quoteUserText(e.key.text)}" has ${what} around its value; VMware reads only straight double quotes (")`, {
          fixes: [{ title: 'Use straight double quotes', edits: [ctx.edits.setValue(e, e.value.text)], safe: true }],
        }),
      );
    }
    return out;
  },
);
