// ESXi writes pciPassthruN.id in decimal ("00000:059:00.0"); lspci prints hex ("0000:3b:00.0").
// A hex BDF pasted into a .vmx names another device (or none). Only flagged when the two readings differ.
import { formatEsxiAddress, parseLspciAddress } from '../../host/inventory';
import { defineRule, finding } from '../../service/rule';
import type { Finding } from '../../service/types';
import { passthruDevices } from '../adapter';
import type { VmxContext } from '../context';
import { quoteUserText } from '../../util/userText';

const LSPCI_FORM = /^\s*[0-9a-f]{4}:[0-9a-f]{2}:[0-9a-f]{2}\.[0-7]\s*$/i;

export const passthruIdFormatRule = defineRule<VmxContext>(
  { id: 'vmx/passthru-id-format', defaultSeverity: 'warning', description: 'pciPassthruN.id written as a hex lspci BDF; ESXi wants decimal (e.g. 00000:059:00.0).', fixable: true },
  (ctx) => {
    const out: Finding[] = [];
    for (const d of passthruDevices(ctx.doc)) {
      for (const e of [d.id, ctx.doc.get(`pciPassthru${d.index}.pfId`)]) {
        if (!e || !LSPCI_FORM.test(e.value.text)) continue;
        const a = parseLspciAddress(e.value.text)!;
        const decimal = formatEsxiAddress(a);
        const parts = e.value.text.trim().split(/[:.]/);
        const differs = /[a-f]/i.test(e.value.text) || Number(parts[1]) !== a.bus || Number(parts[2]) !== a.slot;
        if (!differs) continue;
        out.push(
          finding(
            'vmx/passthru-id-format',
            ctx.range(e.value.span),
            `"${quoteUserText(e.value.text.trim())}" looks like lspci's hex address; ESXi's ${e.key.text} is decimal: "${decimal}" (bus 0x${parts[1]} = ${a.bus})`,
            { fixes: [{ title: `Convert to ESXi's decimal form "${decimal}"`, edits: [ctx.edits.setValue(e, decimal)], safe: false }] },
          ),
        );
      }
    }
    return out;
  },
);
