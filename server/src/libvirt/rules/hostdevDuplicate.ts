import { formatLspciAddress } from '../../host/inventory';
import { defineRule, finding } from '../../service/rule';
import type { Finding } from '../../service/types';
import { hostdevAnchor } from '../adapter';
import type { LibvirtContext } from '../context';
import type { HostdevInfo } from '../facts';
import { quoteUserText } from '../../util/userText';

/** Same host PCI function or same mdev UUID assigned twice: libvirt refuses to start the domain. One Map pass. */
export const hostdevDuplicateRule = defineRule<LibvirtContext>(
  { id: 'libvirt/hostdev-duplicate', defaultSeverity: 'error', description: 'The same host PCI device or mdev UUID is assigned twice.', fixable: false },
  (ctx) => {
    const out: Finding[] = [];
    const seen = new Map<string, HostdevInfo>();
    for (const h of ctx.domain?.hostdevs ?? []) {
      const key = h.pci ? `pci ${formatLspciAddress(h.pci)}` : h.uuid ? `mdev ${h.uuid.value.trim().toLowerCase()}` : undefined;
      if (!key) continue;
      const first = seen.get(key);
      if (!first) {
        seen.set(key, h);
        continue;
      }
      const line = ctx.index.positionAt(first.el.start).line + 1;
      const what = h.pci ? `host PCI device ${key.slice(4)}` : `mdev ${quoteUserText(key.slice(5))}`;
      out.push(finding('libvirt/hostdev-duplicate', ctx.range(hostdevAnchor(h)), `The ${what} is already assigned on line ${line}: a device can be given to a guest only once, so libvirt refuses to start the domain`));
    }
    return out;
  },
);
