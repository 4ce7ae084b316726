import { defineRule, finding } from '../../service/rule';
import type { VmxContext } from '../context';

export const syntaxRule = defineRule<VmxContext>(
  { id: 'vmx/syntax', defaultSeverity: 'error', description: 'A line that is not key = "value", a # comment or blank; an unterminated quote.', fixable: false },
  (ctx) => {
    const out = [];
    for (const line of ctx.doc.lines) {
      if (line.kind === 'invalid') out.push(finding('vmx/syntax', ctx.range(line.errorSpan), line.message));
    }
    return out;
  },
);
