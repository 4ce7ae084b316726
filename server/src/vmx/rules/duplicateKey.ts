import { defineRule, finding } from '../../service/rule';
import type { VmxContext } from '../context';
import type { VmxEntry } from '../parser';

export const duplicateKeyRule = defineRule<VmxContext>(
  { id: 'vmx/duplicate-key', defaultSeverity: 'warning', description: 'The same key twice (case-insensitive); the last one wins.', fixable: true },
  (ctx) => {
    const out = [];
    // The parser already groups entries by key; only keys set more than once are collected here.
    const seen = new Map<string, VmxEntry[]>();
    for (const e of ctx.doc.entries) {
      if (seen.has(e.key.lower)) continue;
      const list = ctx.doc.getAll(e.key.lower);
      if (list.length > 1) seen.set(e.key.lower, list);
    }
    for (const list of seen.values()) {
      if (list.length < 2) continue;
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
