import { isAcceptedUnquoted } from '../../catalog/vmxKeys';
import { defineRule, finding } from '../../service/rule';
import type { VmxContext } from '../context';
import { valueQuote } from '../parser';
import { quoteUserText } from '../../util/userText';

export const unquotedValueRule = defineRule<VmxContext>(
  { id: 'vmx/unquoted-value', defaultSeverity: 'warning', description: 'A value without double quotes (key = TRUE), as pasted from web pages.', fixable: true },
  (ctx) => {
    const out = [];
    for (const e of ctx.doc.entries) {
      if (valueQuote(e) !== 'none' || e.value.raw === '') continue;
      if (isAcceptedUnquoted(e.key.lower, e.value.raw.trim())) continue; // written bare on purpose (scsi0:0.virtualSSD = 1)
      out.push(
        finding('vmx/unquoted-value', ctx.range(e.value.span), `The value of "${quoteUserText(e.key.text)}" must be in double quotes: ${quoteUserText(e.key.text)} = "${quoteUserText(e.value.raw)}"`, {
          fixes: [{ title: `Quote the value: "${quoteUserText(e.value.raw)}"`, edits: [ctx.edits.setValue(e, e.value.text)], safe: true }],
        }),
      );
    }
    return out;
  },
);
