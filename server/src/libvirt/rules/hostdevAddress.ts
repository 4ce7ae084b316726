import { defineRule, finding } from '../../service/rule';
import type { Finding } from '../../service/types';
import type { LibvirtContext } from '../context';
import { parseLibvirtInt, PCI_FIELD_MAX } from '../facts';
import { attrValue } from '../xml/dom';
import type { XmlElement } from '../xml/parser';
import { quoteUserText } from '../../util/userText';

const FIELDS = ['domain', 'bus', 'slot', 'function'] as const;
type Field = (typeof FIELDS)[number];

/** A field value as libvirt's XML writes it: 0x0000, 0x3b, 0x1f, 0x0. */
function hex(f: Field, v: number): string {
  return `0x${v.toString(16).padStart(f === 'domain' ? 4 : f === 'function' ? 1 : 2, '0')}`;
}

const ESXI_DECIMAL = 'as ESXi writes PCI addresses';

/**
 * A number with a leading 0 that is not octal (059): libvirt cannot read it. It is most likely ESXi's
 * zero-padded decimal (pciPassthruN.id = "00000:059:00.0"), so that reading comes first; lspci's hex
 * without its 0x second. A reading out of range for the field is left out.
 */
function notOctal(f: Field, raw: string, shown: string): string {
  const max = PCI_FIELD_MAX[f];
  const decimal = Number(raw);
  const asHex = parseInt(raw, 16);
  const parts = [`${f}='${shown}' is not a number libvirt can read: a leading 0 means octal, and 8 and 9 are not octal digits.`];
  if (decimal <= max) parts.push(`As zero-padded decimal (how ESXi writes PCI addresses, pciPassthruN.id = "00000:059:00.0") it is ${decimal} = ${hex(f, decimal)}: write ${f}='${hex(f, decimal)}'.`);
  if (asHex <= max) parts.push(`If it is hex without the 0x, write ${f}='${hex(f, asHex)}'.`);
  return parts.join(' ').replace(/\.$/, '');
}

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
        let severity: 'warning' | undefined;
        if (v === undefined) {
          message = /^0\d+$/.test(raw)
            ? notOctal(f, raw, shown)
            : `${f}='${shown}' is malformed: write hex with 0x (e.g. ${f}='0x${f === 'domain' ? '0000' : f === 'function' ? '0' : '00'}') or a decimal number`;
        } else if (v > max) {
          message = `${f}='${shown}' is out of range: a PCI ${f} is at most ${maxText} (${max})`;
        } else if (/^0\d+$/.test(raw) && Number(raw) !== v && Number(raw) <= max) {
          // Valid octal, but zero-padded decimal from ESXi would mean another device: say both readings.
          const decimal = Number(raw);
          severity = 'warning';
          message = `${f}='${shown}' is octal to libvirt (a leading 0 means octal): ${shown} = ${v} = ${hex(f, v)}. If it is zero-padded decimal, ${ESXI_DECIMAL}, it means ${decimal} = ${hex(f, decimal)}: write ${f}='${hex(f, decimal)}' (or ${f}='${hex(f, v)}' to keep the device libvirt reads now)`;
        }
        if (message) out.push(finding('libvirt/hostdev-address', ctx.range(a.valueSpan), message, severity ? { severity } : {}));
      }
    }
    return out;
  },
);
