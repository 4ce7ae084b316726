import { groupBlockers, groupNotViable, hostCritical } from '../../host/describe';
import { parseLspciAddress } from '../../host/inventory';
import { defineRule, finding } from '../../service/rule';
import type { Finding } from '../../service/types';
import { hostdevAnchor } from '../adapter';
import type { LibvirtContext } from '../context';
import { addressOf, assignedAddresses, hostDeviceOf, pciHostdevLines } from '../host/facts';

/**
 * vfio opens a group only when every device in it (PCI bridges aside) is bound to a vfio driver or
 * pci-stub, or is not bound at all; QEMU's "group N is not viable" otherwise. One finding per group,
 * at the first hostdev of the group.
 */
export const iommuGroupRule = defineRule<LibvirtContext>(
  { id: 'libvirt/iommu-group', defaultSeverity: 'error', description: 'A member of the hostdev\'s IOMMU group stays on a host driver and is not assigned: the group is not viable.', fixable: true },
  (ctx) => {
    const host = ctx.host;
    if (!host?.iommuGroupMembers || !ctx.domain) return [];
    const out: Finding[] = [];
    const assigned = assignedAddresses(ctx);
    const seen = new Set<string>();
    for (const h of ctx.domain.hostdevs) {
      const dev = hostDeviceOf(host, h);
      if (!dev?.iommuGroup || seen.has(dev.iommuGroup)) continue;
      seen.add(dev.iommuGroup);
      const members = host.iommuGroupMembers(dev.iommuGroup);
      const blockers = groupBlockers(host, dev, assigned);
      if (!blockers.length) continue;
      const critical = blockers.map((b) => ({ b, why: hostCritical(b) })).filter((x) => x.why);
      const head = groupNotViable(dev, blockers);
      const range = ctx.range(hostdevAnchor(h));
      if (critical.length) {
        const calls = critical.map((c) => `${c.b.address} is ${c.why}`).join('; ');
        out.push(finding('libvirt/iommu-group', range, `${head}. ${calls}, so the group cannot be given to a guest: move the GPU to a slot with its own group (CPU-attached x16 slot), not the device to the VM`));
        continue;
      }
      // Insert the missing functions after the last hostdev of this group, in address order.
      const last = [...ctx.domain.hostdevs].reverse().find((x) => {
        const a = addressOf(x);
        return a !== undefined && members.includes(a);
      }) ?? h;
      const lines = blockers.flatMap((b) => pciHostdevLines(ctx, h, parseLspciAddress(b.address)!));
      const what = blockers.map((b) => b.address).join(', ');
      out.push(
        finding('libvirt/iommu-group', range, `${head}. Assign ${blockers.length === 1 ? 'it' : 'them'} to this VM too (libvirt detaches managed hostdevs from their host driver)`, {
          fixes: [{ title: `Add ${what} as hostdev${blockers.length === 1 ? '' : 's'}`, edits: [ctx.edits.insertAfter(last.el, lines)], safe: false }],
        }),
      );
    }
    return out;
  },
);
