import { defineRule, finding } from '../../service/rule';
import type { VmxContext } from '../context';
import { repeatedKeys } from '../parser';
import { quoteUserText } from '../../util/userText';

export const duplicateKeyRule = defineRule<VmxContext>(
  { id: 'vmx/duplicate-key', defaultSeverity: 'warning', description: 'The same key twice (case-insensitive); the last one wins.', fixable: true },
  (ctx) => {
    const out = [];
    // The parser finds the repeated keys while it groups entries by key: nothing to search here.
    for (const list of repeatedKeys(ctx.doc)) {
      const last = list[list.length - 1];
      for (const earlier of list.slice(0, -1)) {
        const same = earlier.value.text === last.value.text;
        out.push(
          finding(
            'vmx/duplicate-key',
            ctx.range(earlier.key.span),
            `"${quoteUserText(earlier.key.text)}" is set again on line ${last.lineIndex + 1}${same ? ' (same value)' : ` to "${quoteUserText(last.value.text)}"`}; the last one wins, so this line (= "${quoteUserText(earlier.value.text)}") has no effect`,
            { fixes: [{ title: `Remove the earlier "${quoteUserText(earlier.key.text)}" (line ${earlier.lineIndex + 1})`, edits: [ctx.edits.removeLine(earlier)], safe: true }] },
          ),
        );
      }
    }
    return out;
  },
);
