// What the host rules share: the host device behind a hostdev, the functions this domain assigns, the
// wording of a device in a message, and the hostdev elements a fix inserts.
import type { HostInventory, HostPciDevice, PciAddress } from '../../host/inventory';
import { describeClass, formatLspciAddress, isPciBridge } from '../../host/inventory';
import { clip, describeMember, isVfioDriver, vendorDevice } from '../../host/describe';

export { clip, describeMember, isVfioDriver, vendorDevice };
import type { LibvirtContext } from '../context';
import type { HostdevInfo } from '../facts';
import { attrValue, indentAt, indentUnit } from '../xml/dom';


export function addressOf(h: HostdevInfo): string | undefined {
  return h.pci ? formatLspciAddress(h.pci) : undefined;
}

/** The host device a PCI hostdev (or interface hostdev) names, when the inventory has it. */
export function hostDeviceOf(host: HostInventory, h: HostdevInfo): HostPciDevice | undefined {
  const a = addressOf(h);
  return a ? host.device(a) : undefined;
}

/** Each PCI hostdev of the domain with the host device at its address (host inventory only). */
export function hostPciHostdevs(ctx: LibvirtContext): { h: HostdevInfo; dev: HostPciDevice; host: HostInventory }[] {
  const host = ctx.host;
  if (!host || !ctx.domain) return [];
  const out: { h: HostdevInfo; dev: HostPciDevice; host: HostInventory }[] = [];
  for (const h of ctx.domain.hostdevs) {
    if (h.kind !== 'pci') continue;
    const dev = hostDeviceOf(host, h);
    if (dev) out.push({ h, dev, host });
  }
  return out;
}

/** Host PCI addresses this domain assigns. */
export function assignedAddresses(ctx: LibvirtContext): Set<string> {
  const out = new Set<string>();
  for (const h of ctx.domain?.hostdevs ?? []) {
    const a = addressOf(h);
    if (a) out.add(a);
  }
  return out;
}




/** Lines of a new PCI hostdev like `like`: same managed value, quotes and indentation step. */
export function pciHostdevLines(ctx: LibvirtContext, like: HostdevInfo, a: PciAddress): string[] {
  const q = ctx.edits.quote;
  const text = ctx.doc.text;
  const own = indentAt(text, like.el.start);
  const first = like.el.children[0];
  const step = first ? indentAt(text, first.start).slice(own.length) || indentUnit(ctx.doc) : indentUnit(ctx.doc);
  const managed = attrValue(like.el, 'managed');
  const h = (n: number, w: number) => `0x${n.toString(16).padStart(w, '0')}`;
  return [
    `<hostdev mode=${q}subsystem${q} type=${q}pci${q}${managed !== undefined ? ` managed=${q}${managed}${q}` : ''}>`,
    `${step}<source>`,
    `${step}${step}<address domain=${q}${h(a.domain, 4)}${q} bus=${q}${h(a.bus, 2)}${q} slot=${q}${h(a.slot, 2)}${q} function=${q}${h(a.fn, 1)}${q}/>`,
    `${step}</source>`,
    `</hostdev>`,
  ];
}

/** One IOMMU group's members as this domain sees them: non-bridge functions, and how many it assigns. */
export function groupSummary(host: HostInventory, dev: HostPciDevice, assigned: Set<string>): { group: string; members: HostPciDevice[]; assigned: number } | undefined {
  if (!dev.iommuGroup || !host.iommuGroupMembers) return undefined;
  const members = host
    .iommuGroupMembers(dev.iommuGroup)
    .map((a) => host.device(a))
    .filter((d): d is HostPciDevice => d !== undefined && !isPciBridge(d.classCode));
  return { group: dev.iommuGroup, members, assigned: members.filter((m) => assigned.has(m.address)).length };
}

/** Markdown lines for the hostdev hover: what the host knows about the device. */
export function hostHoverLines(host: HostInventory, dev: HostPciDevice, assigned: Set<string>): string[] {
  const lines: string[] = [];
  const g = groupSummary(host, dev, assigned);
  if (g) {
    lines.push(`**IOMMU group ${g.group}** (${g.assigned} of ${g.members.length} functions assigned to this VM):`);
    for (const m of g.members.slice(0, 12)) lines.push(`- \`${m.address}\` ${describeClass(m.classCode)}, ${m.driver ? `driver \`${clip(m.driver, 60)}\`` : 'no driver'}${assigned.has(m.address) ? ' – assigned' : ''}${m.netUp?.length ? ` – ${clip(m.netUp.join('/'), 60)} up` : ''}`);
  } else if (dev.driver) {
    lines.push(`Driver: \`${clip(dev.driver, 60)}\``);
  }
  const facts: string[] = [];
  if (dev.resetMethods !== undefined) facts.push(`reset: ${dev.resetMethods.length ? dev.resetMethods.join(', ').slice(0, 80) : '**none**'}`);
  if (dev.numaNode !== undefined) facts.push(`NUMA node ${dev.numaNode}`);
  if (dev.bootVga) facts.push('**boot VGA**');
  if (dev.sriov) facts.push(`SR-IOV: ${dev.sriov.numVfs} of ${dev.sriov.totalVfs} VFs enabled`);
  if (dev.physfn) facts.push(`SR-IOV VF of \`${dev.physfn}\``);
  if (dev.currentVgpuType !== undefined) {
    const name = dev.creatableVgpuTypes.find((t) => t.id === dev.currentVgpuType)?.name;
    facts.push(`vGPU type: ${dev.currentVgpuType === '0' ? 'none' : `${clip(dev.currentVgpuType, 20)}${name ? ` (${clip(name, 40)})` : ''}`}`);
  }
  if (facts.length) lines.push('', facts.join(' · '));
  lines.push('', `_Host facts from sysfs (read-only): ${clip(host.root, 120)}_`);
  return lines;
}
