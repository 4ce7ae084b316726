import { defineRule, finding } from '../../service/rule';
import type { Finding } from '../../service/types';
import type { LibvirtContext } from '../context';
import { textOf, textSpan } from '../xml/dom';
import { quoteUserText } from '../../util/userText';

/** libvirt's UUID type: 32 hex digits, bare or as 8-4-4-4-12. */
export const UUID_RE = /^(?:[0-9a-f]{32}|[0-9a-f]{8}-(?:[0-9a-f]{4}-){3}[0-9a-f]{12})$/i;

function explain(value: string): string {
  if (/^\$|\{|</.test(value)) return `'${quoteUserText(value)}' is a placeholder, not a UUID: generate one (uuidgen) and use the same one in the node device and the hostdev`;
  const hex = value.replace(/-/g, '');
  if (/[^0-9a-f-]/i.test(value)) return `'${quoteUserText(value)}' is not a UUID: only hex digits and dashes are allowed (8-4-4-4-12)`;
  return `'${quoteUserText(value)}' is not a UUID: it has ${hex.length} hex digits, a UUID has 32 (8-4-4-4-12)`;
}

export const mdevUuidRule = defineRule<LibvirtContext>(
  { id: 'libvirt/mdev-uuid', defaultSeverity: 'error', description: 'A malformed UUID in an mdev hostdev source address or a node-device <uuid>.', fixable: false },
  (ctx) => {
    const out: Finding[] = [];
    for (const h of ctx.domain?.hostdevs ?? []) {
      const u = h.uuid;
      if (!u?.valueSpan || u.smartQuotes.length) continue;
      const v = u.value.trim();
      if (!UUID_RE.test(v)) out.push(finding('libvirt/mdev-uuid', ctx.range(u.valueSpan), explain(v)));
    }
    const uuid = ctx.nodedev?.uuid;
    if (uuid) {
      const v = textOf(ctx.doc, uuid);
      const span = textSpan(ctx.doc, uuid);
      if (!UUID_RE.test(v)) out.push(finding('libvirt/mdev-uuid', ctx.range(span && span.end > span.start ? span : uuid.nameSpan), explain(v)));
    }
    return out;
  },
);
