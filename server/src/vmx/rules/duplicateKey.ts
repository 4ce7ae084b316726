import { defineRule, finding } from '../../service/rule';
import type { VmxContext } from '../context';
import { repeatedKeys } from '../parser';

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
            `"${earlier.key.text}" is set again on line ${last.lineIndex + 1}${same ? ' (same value)' : ` to "${last.value.text}"`}; the last one wins, so this line (= "${earlier.value.text}") has no effect`,
            { fixes: [{ title: `Remove the earlier "${earlier.key.text}" (line ${earlier.lineIndex + 1})`, edits: [ctx.edits.removeLine(earlier)], safe: true }] },
          ),
        );
      }
    }
    return out;
  },
);
