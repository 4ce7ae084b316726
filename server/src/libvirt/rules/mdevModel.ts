import { defineRule, finding } from '../../service/rule';
import type { Finding } from '../../service/types';
import type { LibvirtContext } from '../context';
import { attr } from '../xml/dom';
import { quoteUserText } from '../../util/userText';

const VALID = new Set(['vfio-pci', 'vfio-ccw', 'vfio-ap']);

export const mdevModelRule = defineRule<LibvirtContext>(
  { id: 'libvirt/mdev-model', defaultSeverity: 'error', description: "A type='mdev' hostdev without model='vfio-pci' (vfio-ccw / vfio-ap are valid for s390 mdevs).", fixable: true },
  (ctx) => {
    const out: Finding[] = [];
    for (const h of ctx.domain?.hostdevs ?? []) {
      if (h.kind !== 'mdev') continue;
      const model = attr(h.el, 'model');
      if (model && VALID.has(model.value.trim())) continue;
      const type = attr(h.el, 'type');
      const edit = model ? ctx.edits.setAttributeValue(model, 'vfio-pci') : ctx.edits.insertAttribute(h.el, 'model', 'vfio-pci', type);
      const msg = model
        ? `model='${quoteUserText(model.value)}' is not an mdev model: a vGPU is model='vfio-pci' (vfio-ccw and vfio-ap are for s390 mdevs)`
        : "A type='mdev' hostdev needs model='vfio-pci' for a vGPU (libvirt requires the model attribute)";
      out.push(finding('libvirt/mdev-model', ctx.range(model?.valueSpan ?? h.el.nameSpan), msg, { fixes: [{ title: "Set model='vfio-pci'", edits: [edit], safe: true }] }));
    }
    return out;
  },
);
