import { isInCheckedNamespaceLower, isInFullyListedNamespaceLower, VMX_KEYS } from '../../catalog/vmxKeys';
import { defineRule, finding } from '../../service/rule';
import type { Fix } from '../../service/types';
import { closest } from '../../util/strings';
import { catalogEntries } from '../adapter';
import type { VmxContext } from '../context';
import { quoteUserText } from '../../util/userText';

/** Misspellings that circulate in articles, with what was meant. Matched case-insensitively. */
export const KNOWN_MISSPELLINGS: Record<string, string> = {
  'pcipassthru.set.usebitmmio': 'pciPassthru.use64bitMMIO',
  'pcipassthru.usebitmmio': 'pciPassthru.use64bitMMIO',
  'pcipassthru.use64bitmmiosizegb': 'pciPassthru.64bitMMIOSizeGB',
  'pcipassthru.64bitmmiosize': 'pciPassthru.64bitMMIOSizeGB',
  'pcipassthru.mmiosizegb': 'pciPassthru.64bitMMIOSizeGB',
  'vhv.allowpassthrough': 'vhv.allowPassthru',
  'vvtd.enabled': 'vvtd.enable',
  'vhv.enabled': 'vhv.enable',
  'sched.mem.pinned': 'sched.mem.pin',
};

const INDEXED_KEYS = VMX_KEYS.filter((k) => /^pciPassthruN\./.test(k.key)).map((k) => k.key);
const PLAIN_KEYS = VMX_KEYS.filter((k) => !/^pciPassthruN\./.test(k.key)).map((k) => k.key);

/** Restores the device index: "pciPassthruN.present" for key "pciPassthru3.presnt" → "pciPassthru3.present". */
function withIndex(pattern: string, key: string): string {
  const m = /^pcipassthru(\d+|\*)\./i.exec(key);
  return m ? pattern.replace(/^pciPassthruN\./, `pciPassthru${m[1]}.`) : pattern;
}

export const unknownKeyRule = defineRule<VmxContext>(
  { id: 'vmx/unknown-key', defaultSeverity: 'hint', description: 'A key the catalog does not know in a GPU namespace (pciPassthru*, sched.mem.*, vhv.*, vvtd.*, firmware, uefi.*, amd.iommu.*), with a did-you-mean for near misses. A hint (no source lists these namespaces whole); a warning for a misspelling known to circulate.', fixable: true },
  (ctx) => {
    const out = [];
    for (const { entry: e, spec } of catalogEntries(ctx.doc)) {
      if (spec || !isInCheckedNamespaceLower(e.key.lower)) continue;
      let suggestion = KNOWN_MISSPELLINGS[e.key.lower];
      let safe = suggestion !== undefined;
      if (!suggestion) {
        const isIndexed = /^pcipassthru(\d+|\*)\./.test(e.key.lower);
        const probe = isIndexed ? e.key.text.replace(/^pciPassthru(\d+|\*)\./i, 'pciPassthruN.') : e.key.text;
        const best = closest(probe, isIndexed ? INDEXED_KEYS : PLAIN_KEYS, Math.max(2, Math.floor(probe.length / 6)))[0];
        if (best) suggestion = withIndex(best, e.key.text);
        safe = false;
      }
      const fixes: Fix[] = suggestion ? [{ title: `Rename to "${suggestion}"`, edits: [ctx.edits.renameKey(e, suggestion)], safe }] : [];
      out.push(
        finding(
          'vmx/unknown-key',
          ctx.range(e.key.span),
          `Unknown key "${quoteUserText(e.key.text)}"${suggestion ? `: did you mean "${suggestion}"?` : ''} VMware ignores keys it does not know, so this setting has no effect`,
          // A hint: the key may just be undocumented. A warning for a misspelling known to circulate (it is not
          // unknown: we know what was meant) and where a source lists the namespace whole.
          { fixes, ...(KNOWN_MISSPELLINGS[e.key.lower] !== undefined || isInFullyListedNamespaceLower(e.key.lower) ? { severity: 'warning' as const } : {}) },
        ),
      );
    }
    return out;
  },
);
