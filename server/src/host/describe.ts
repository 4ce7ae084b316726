// How a host device is named in messages, for every format's host rules.
import type { HostInventory, HostPciDevice } from './inventory';
import { baseClass, describeClass, isPciBridge } from './inventory';

/** Quoted host or user strings stay short in messages. */
export function clip(text: string, max = 200): string {
  const oneLine = text.replace(/[\r\n\t]+/g, ' ');
  return oneLine.length > max ? `${oneLine.slice(0, max - 1)}…` : oneLine;
}

/** vfio-pci itself, or a vfio-pci variant driver (nvgrace_gpu_vfio_pci, mlx5_vfio_pci, a vendor's vGPU VFIO driver). */
export function isVfioDriver(driver: string | undefined): boolean {
  return driver !== undefined && (driver === 'vfio-pci' || /vfio/i.test(driver));
}

/** "0000:09:00.1 (audio 0x0403, driver snd_hda_intel)". */
export function describeMember(d: HostPciDevice): string {
  const extra = d.netUp?.length ? `, interface ${clip(d.netUp.join('/'), 60)} up` : '';
  return `${d.address} (${describeClass(d.classCode)}, ${d.driver ? `driver ${clip(d.driver, 60)}` : 'no driver'}${extra})`;
}

export function vendorDevice(d: HostPciDevice): string {
  return `${d.vendorId.toString(16).padStart(4, '0')}:${d.deviceId}`;
}

/** Why the host's boot GPU cannot be assigned as it is, and what to do (kernel sysfb/simpledrm, efifb). */
export function bootVgaExplanation(address: string, console: string): string {
  return `${address} is the host's boot GPU (host sysfs: boot_vga = 1): the firmware framebuffer (efifb or simpledrm) keeps part of its BAR reserved, so vfio-pci reports "BAR 0: can't reserve" and the guest driver fails to start. Keep the ${console} console off it: boot with initcall_blacklist=sysfb_init (kernels with simpledrm) or video=efifb:off (efifb), or make another GPU the primary display in the firmware setup`;
}

/** Types as "1155 (NVIDIA L40S-1B), 1156 (NVIDIA L40S-2B), … 3 more"; `empty` when there are none. */
export function typeList(types: { id: string; name?: string }[], empty = 'none', max = 8): string {
  if (!types.length) return empty;
  return types.slice(0, max).map((t) => `${t.id}${t.name ? ` (${clip(t.name, 40)})` : ''}`).join(', ') + (types.length > max ? `, … ${types.length - max} more` : '');
}

/** Drivers vfio accepts for the other members of a group (Linux Documentation/driver-api/vfio.rst). */
const GROUP_SAFE_DRIVERS = new Set(['vfio-pci', 'pci-stub']);

/**
 * The members of `dev`'s IOMMU group that keep the group from being viable: vfio opens a group only when every
 * device in it (PCI bridges aside) is bound to a vfio driver or pci-stub, or is not bound at all. `assigned`: the
 * host addresses the VM assigns.
 */
export function groupBlockers(host: HostInventory, dev: HostPciDevice, assigned: Set<string>): HostPciDevice[] {
  if (!dev.iommuGroup || !host.iommuGroupMembers) return [];
  return host
    .iommuGroupMembers(dev.iommuGroup)
    .filter((m) => m !== dev.address && !assigned.has(m))
    .map((m) => host.device(m))
    .filter((m): m is HostPciDevice => m !== undefined && !isPciBridge(m.classCode) && m.driver !== undefined && !GROUP_SAFE_DRIVERS.has(m.driver));
}

/** Why the host cannot give a group member away: a storage controller (its disks), or a network device with a link up. */
export function hostCritical(d: HostPciDevice): string | undefined {
  if (baseClass(d.classCode) === 0x01) return 'a storage controller: the host loses its disks';
  if (baseClass(d.classCode) === 0x02 && d.netUp?.length) return `a network device whose interface ${clip(d.netUp.join('/'), 60)} is up: the host loses that link`;
  return undefined;
}

/** "IOMMU group 15 of 0000:09:00.0 is not viable: <the blockers> are in the group, neither assigned … (host sysfs: …)". */
export function groupNotViable(dev: HostPciDevice, blockers: HostPciDevice[]): string {
  const listed = blockers.slice(0, 8).map(describeMember).join('; ') + (blockers.length > 8 ? `; … ${blockers.length - 8} more` : '');
  return `IOMMU group ${dev.iommuGroup} of ${dev.address} is not viable: ${listed} ${blockers.length === 1 ? 'is' : 'are'} in the group, neither assigned to this VM nor bound to vfio-pci/pci-stub (host sysfs: kernel/iommu_groups/${dev.iommuGroup}/devices, driver links)`;
}
