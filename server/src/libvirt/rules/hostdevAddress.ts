import { defineRule, finding } from '../../service/rule';
import type { Finding } from '../../service/types';
import type { LibvirtContext } from '../context';
import { parseLibvirtInt, PCI_FIELD_MAX } from '../facts';
import { attrValue } from '../xml/dom';
import type { XmlElement } from '../xml/parser';
import { quoteUserText } from '../../util/userText';

const FIELDS = ['domain', 'bus', 'slot', 'function'] as const;

/** PCI addresses: <address type='pci'> anywhere, and the untyped <source><address> of a PCI hostdev. */
function pciAddresses(ctx: LibvirtContext): XmlElement[] {
  const out: XmlElement[] = [];
  for (const el of ctx.doc.byName.get('address') ?? []) {
    const type = attrValue(el, 'type');
    if (type === 'pci') out.push(el);
    else if (type === undefined && el.parent?.name === 'source' && el.parent.parent?.name === 'hostdev' && attrValue(el.parent.parent, 'type') === 'pci') out.push(el);
  }
  return out;
}

export const hostdevAddressRule = defineRule<LibvirtContext>(
  { id: 'libvirt/hostdev-address', defaultSeverity: 'error', description: 'A PCI address field that is malformed or out of range (domain ≤ 0xffff, bus ≤ 0xff, slot ≤ 0x1f, function ≤ 7).', fixable: false },
  (ctx) => {
    const out: Finding[] = [];
    for (const el of pciAddresses(ctx)) {
      for (const f of FIELDS) {
        const a = el.attributes.find((x) => x.name === f);
        if (!a?.valueSpan || a.smartQuotes.length) continue;
        const raw = a.value.trim();
        const shown = quoteUserText(raw);
        const v = parseLibvirtInt(raw);
        const max = PCI_FIELD_MAX[f];
        const maxText = `0x${max.toString(16)}`;
        let message: string | undefined;
        if (v === undefined) {
          message = /^0\d+$/.test(raw)
            ? `${f}='${shown}' is not a number libvirt can read: a leading 0 means octal, so 8 and 9 are invalid. Write hex with 0x (${f}='0x${shown.replace(/^0+/, '') || '0'}' if you meant hex)`
            : `${f}='${shown}' is malformed: write hex with 0x (e.g. ${f}='0x${f === 'domain' ? '0000' : f === 'function' ? '0' : '00'}') or a decimal number`;
        } else if (v > max) {
          message = `${f}='${shown}' is out of range: a PCI ${f} is at most ${maxText} (${max})`;
        }
        if (message) out.push(finding('libvirt/hostdev-address', ctx.range(a.valueSpan), message));
      }
    }
    return out;
  },
);
