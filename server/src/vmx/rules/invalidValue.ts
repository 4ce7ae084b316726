import { MAX_MMIO_SIZE_GB, VmxKeySpec, VmxValueType } from '../../catalog/vmxKeys';
import { REINSTALL_WARNING } from './biosLargeBar';
import { defineRule, finding } from '../../service/rule';
import type { Fix, Finding } from '../../service/types';
import { closest } from '../../util/strings';
import { catalogEntries } from '../adapter';
import type { VmxContext } from '../context';
import type { VmxEntry } from '../parser';
import { quoteUserText } from '../../util/userText';

const TRUE_WORDS = ['yes', 'on', '1', 'enable', 'enabled', 'y', 't'];
const FALSE_WORDS = ['no', 'off', '0', 'disable', 'disabled', 'n', 'f'];
const ENUM_ALIASES: Record<string, string> = { uefi: 'efi', 'efi64': 'efi', legacy: 'bios', csm: 'bios' };

/** What is wrong with `value` for this key, and the nearest valid value (if one is obvious). */
export function checkValue(spec: VmxKeySpec, value: string): { problem: string; suggestion?: string } | undefined {
  const v = value.trim();
  if (/^<[^>]*>$/.test(v) || /^\$\{[^}]*\}$/.test(v) || /^\{\{[^}]*\}\}$/.test(v)) {
    return { problem: `"${quoteUserText(v)}" is a template placeholder, not a value: replace it before using this file` };
  }
  switch (spec.type.kind) {
    case 'bool': {
      if (/^(true|false)$/i.test(v)) return undefined;
      const l = v.toLowerCase();
      const suggestion = TRUE_WORDS.includes(l) ? 'TRUE' : FALSE_WORDS.includes(l) ? 'FALSE' : undefined;
      return { problem: `"${quoteUserText(v)}" is not a boolean: use "TRUE" or "FALSE"`, ...(suggestion ? { suggestion } : {}) };
    }
    case 'enum': {
      const values = spec.type.values;
      if (values.includes(v.toLowerCase())) return undefined;
      const alias = ENUM_ALIASES[v.toLowerCase()];
      const suggestion = alias && values.includes(alias) ? alias : closest(v, values, 3)[0];
      return { problem: `"${quoteUserText(v)}" is not a valid value: use ${values.map((x) => `"${x}"`).join(' or ')}`, ...(suggestion ? { suggestion } : {}) };
    }
    case 'int':
    case 'mmioSizeGb': {
      if (/^\d+$/.test(v)) return outOfRange(spec.type, v);
      const m = /^(\d+)\s*(gb|g|gib|mb|m|mib)?$/i.exec(v);
      const unit = spec.type.kind === 'mmioSizeGb' ? 'GB' : spec.type.unit;
      const suggestion = m && (!m[2] || !unit || m[2].toLowerCase().startsWith(unit[0].toLowerCase())) ? m[1] : undefined;
      return { problem: `"${quoteUserText(v)}" is not a whole number${unit ? ` (in ${unit}, without a unit)` : ''}`, ...(suggestion ? { suggestion } : {}) };
    }
    case 'hexId': {
      if (/^(0x)?[0-9a-f]{1,4}$/i.test(v) || /^\d+$/.test(v)) return undefined;
      return { problem: `"${quoteUserText(v)}" is not a PCI id: write it in hex, e.g. "0x10de"` };
    }
    default:
      return undefined;
  }
}

/** A whole number too large for an exact integer, or above the key's maximum. */
function outOfRange(type: Extract<VmxValueType, { kind: 'int' | 'mmioSizeGb' }>, v: string): { problem: string } | undefined {
  const n = Number(v);
  const max = type.kind === 'mmioSizeGb' ? MAX_MMIO_SIZE_GB : undefined;
  const unit = type.kind === 'mmioSizeGb' ? 'GB' : type.unit;
  if (Number.isSafeInteger(n) && (max === undefined || n <= max)) return undefined;
  const limit = max ?? Number.MAX_SAFE_INTEGER;
  return { problem: `"${quoteUserText(v)}" is out of range: at most ${limit}${unit ? ` ${unit}` : ''}` };
}

export const invalidValueRule = defineRule<VmxContext>(
  { id: 'vmx/invalid-value', defaultSeverity: 'error', description: 'A value of the wrong type or outside the key\'s enumeration ("yes" for a boolean, "uefi" for firmware, a non-numeric size, a template placeholder).', fixable: true },
  (ctx) => {
    const out: Finding[] = [];
    for (const { entry: e, spec } of catalogEntries(ctx.doc)) {
      if (!spec || !e.value.terminated) continue;
      if (e.value.quote === 'none' && e.value.raw === '') continue; // a missing value: vmx/syntax reports it
      const issue = checkValue(spec, e.value.text);
      if (!issue) continue;
      out.push(invalid(ctx, e, spec, issue));
    }
    return out;
  },
);

function invalid(ctx: VmxContext, e: VmxEntry, spec: VmxKeySpec, issue: { problem: string; suggestion?: string }): Finding {
  // Switching firmware on an installed guest needs a reinstall, so that fix is never applied unasked.
  const firmware = spec.key === 'firmware';
  const fixes: Fix[] = issue.suggestion
    ? [
        {
          title: `Change to "${issue.suggestion}"`,
          edits: [ctx.edits.setValue(e, issue.suggestion)],
          safe: !firmware,
          ...(firmware ? { warning: REINSTALL_WARNING } : {}),
        },
      ]
    : [];
  return finding('vmx/invalid-value', ctx.range(e.value.span), `${quoteUserText(e.key.text)}: ${issue.problem}`, { fixes });
}
