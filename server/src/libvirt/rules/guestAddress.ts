import { defineRule, finding } from '../../service/rule';
import type { Finding } from '../../service/types';
import type { LibvirtContext } from '../context';
import { parsePciAddressElement } from '../facts';
import { attr, attrValue, child } from '../xml/dom';
import type { XmlElement } from '../xml/parser';

const hex = (n: number, w: number) => `0x${n.toString(16).padStart(w, '0')}`;

/**
 * Guest-side PCI addresses (<address type='pci'> directly inside a device): two devices on one address
 * make libvirt refuse the domain; a function > 0 on a slot whose function 0 lacks multifunction='on'
 * is not enumerated by the guest (QEMU "multifunction" property; libvirt formatdomain "Device Addresses").
 */
export const guestAddressRule = defineRule<LibvirtContext>(
  { id: 'libvirt/guest-address', defaultSeverity: 'error', description: "Two devices on one guest PCI address, or function > 0 on a slot whose function 0 lacks multifunction='on'.", fixable: true },
  (ctx) => {
    const devices = child(ctx.domain?.domain, 'devices');
    if (!devices) return [];
    const out: Finding[] = [];
    const byAddress = new Map<string, XmlElement>();
    const slots = new Map<string, { fn0?: XmlElement; others: XmlElement[] }>();
    for (const d of devices.children) {
      const a = child(d, 'address');
      if (!a || attrValue(a, 'type') !== 'pci') continue;
      const p = parsePciAddressElement(a);
      if (!p) continue;
      const key = `${hex(p.domain, 4)}:${hex(p.bus, 2)}:${hex(p.slot, 2)}.${p.fn}`;
      const first = byAddress.get(key);
      const range = ctx.range({ start: a.start, end: a.startTagEnd });
      if (first) {
        const line = ctx.index.positionAt(first.start).line + 1;
        out.push(finding('libvirt/guest-address', range, `Guest PCI address domain ${hex(p.domain, 4)} bus ${hex(p.bus, 2)} slot ${hex(p.slot, 2)} function ${p.fn} is already used on line ${line}: libvirt refuses two devices on one address`));
        continue;
      }
      byAddress.set(key, a);
      const slotKey = `${hex(p.domain, 4)}:${hex(p.bus, 2)}:${hex(p.slot, 2)}`;
      const s = slots.get(slotKey) ?? { others: [] };
      if (p.fn === 0) s.fn0 = a;
      else s.others.push(a);
      slots.set(slotKey, s);
    }
    for (const [slot, s] of slots) {
      if (!s.fn0 || !s.others.length || attrValue(s.fn0, 'multifunction') === 'on') continue;
      const mf = attr(s.fn0, 'multifunction');
      const edit = mf ? ctx.edits.setAttributeValue(mf, 'on') : ctx.edits.insertAttribute(s.fn0, 'multifunction', 'on', s.fn0.attributes[s.fn0.attributes.length - 1]);
      const line = ctx.index.positionAt(s.fn0.start).line + 1;
      for (const o of s.others) {
        out.push(
          finding('libvirt/guest-address', ctx.range({ start: o.start, end: o.startTagEnd }), `Function ${attrValue(o, 'function')?.trim()} of guest slot ${slot} needs multifunction='on' on function 0 (line ${line}): without it the guest does not see the other functions`, {
            fixes: [{ title: "Set multifunction='on' on function 0", edits: [edit], safe: true }],
          }),
        );
      }
    }
    return out;
  },
);
