import { baseClass, isPciBridge, parseLspciAddress } from '../../host/inventory';
import type { HostPciDevice } from '../../host/inventory';
import { defineRule, finding } from '../../service/rule';
import type { Finding } from '../../service/types';
import { hostdevAnchor } from '../adapter';
import type { LibvirtContext } from '../context';
import { addressOf, assignedAddresses, clip, describeMember, hostDeviceOf, pciHostdevLines } from '../host/facts';

/** Drivers vfio accepts for the other members of a group (Linux Documentation/driver-api/vfio.rst). */
const GROUP_SAFE_DRIVERS = new Set(['vfio-pci', 'pci-stub']);

/** A member the host cannot give away: a storage controller (its disks), or a network device with a link up. */
function hostCritical(d: HostPciDevice): string | undefined {
  if (baseClass(d.classCode) === 0x01) return 'a storage controller: the host loses its disks';
  if (baseClass(d.classCode) === 0x02 && d.netUp?.length) return `a network device whose interface ${clip(d.netUp.join('/'), 60)} is up: the host loses that link`;
  return undefined;
}

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
      const blockers: HostPciDevice[] = [];
      for (const m of members) {
        if (m === dev.address || assigned.has(m)) continue;
        const md = host.device(m);
        if (!md || isPciBridge(md.classCode)) continue;
        if (md.driver === undefined || GROUP_SAFE_DRIVERS.has(md.driver)) continue;
        blockers.push(md);
      }
      if (!blockers.length) continue;
      const critical = blockers.map((b) => ({ b, why: hostCritical(b) })).filter((x) => x.why);
      const listed = blockers.slice(0, 8).map(describeMember).join('; ') + (blockers.length > 8 ? `; … ${blockers.length - 8} more` : '');
      const head = `IOMMU group ${dev.iommuGroup} of ${dev.address} is not viable: ${listed} ${blockers.length === 1 ? 'is' : 'are'} in the group, neither assigned to this VM nor bound to vfio-pci/pci-stub (host sysfs: kernel/iommu_groups/${dev.iommuGroup}/devices, driver links)`;
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
