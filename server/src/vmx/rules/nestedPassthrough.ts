// Nested ESXi with a GPU passed through twice (source: SEED_NESTED_ESXI): the outer VM needs a virtual
// IOMMU (vvtd.enable) and, to keep hardware virtualization with passthrough, vhv.enable + vhv.allowPassthru.
import { defineRule, finding } from '../../service/rule';
import type { Finding } from '../../service/types';
import { isTrue } from '../adapter';
import type { VmxContext } from '../context';
import { quoteUserText } from '../../util/userText';

const NEAR = ['vhv.', 'vvtd.', 'guestos'];

export const nestedPassthroughRule = defineRule<VmxContext>(
  { id: 'vmx/nested-passthrough', defaultSeverity: 'error', description: 'Nested ESXi / VHV with passthrough devices, missing vvtd.enable, vhv.enable or vhv.allowPassthru.', fixable: true },
  (ctx) => {
    const { doc, model, edits } = ctx;
    if (model.devices.length === 0) return [];
    const vhv = doc.get('vhv.enable');
    const nested = model.guestOs?.nestedHypervisor === true;
    if (!nested && !isTrue(vhv)) return [];
    const missing: string[] = [];
    if (nested && !isTrue(doc.get('vvtd.enable'))) missing.push('vvtd.enable');
    if (nested && !isTrue(vhv)) missing.push('vhv.enable');
    if (!isTrue(doc.get('vhv.allowPassthru'))) missing.push('vhv.allowPassthru');
    if (missing.length === 0) return [];
    const at = nested ? model.guestOs!.range : ctx.range(vhv!.key.span);
    const inserts: string[] = [];
    const fixEdits = [];
    for (const key of missing) {
      const existing = doc.get(key);
      if (existing) fixEdits.push(edits.setValue(existing, 'TRUE'));
      else inserts.push(`${key} = "TRUE"`);
    }
    if (inserts.length) fixEdits.push(edits.insertLine(inserts, NEAR));
    const who = nested ? `guestOS "${quoteUserText(model.guestOs!.id)}" is a nested ESXi` : 'vhv.enable exposes hardware virtualization';
    const out: Finding[] = [
      finding(
        'vmx/nested-passthrough',
        at,
        `${who} with passthrough device ${model.devices[0].label}: set ${missing.map((k) => `${k} = "TRUE"`).join(', ')} (virtual IOMMU and hardware virtualization with passthrough). On AMD hosts also set amd.iommu.supportsPcip = "TRUE".`,
        { fixes: [{ title: `Add ${missing.join(', ')}`, edits: fixEdits, safe: true }] },
      ),
    ];
    return out;
  },
);
