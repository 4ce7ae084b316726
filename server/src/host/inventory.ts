import type { OvmfVersion } from './firmware';
import type { PveMappings } from './pveMapping';
// What the host inventory offers the analysis. Implementations: a read-only sysfs reader (sysfs.ts)
// and, in tests, fake trees. Nothing here writes, runs a command or opens the network.

export interface HostBar {
  /** Region index as lspci numbers it. */
  index: number;
  sizeMb: number;
  is64Bit: boolean;
  prefetchable: boolean;
}

export interface MdevType {
  /** Directory name, e.g. "nvidia-289". */
  id: string;
  /** Contents of `name`, e.g. "GRID A100-4C". */
  name?: string;
  description?: string;
  availableInstances?: number;
  /** PCI address of the parent device. */
  parent: string;
}

export interface HostPciDevice {
  /** Canonical lspci form "0000:3b:00.0". */
  address: string;
  vendorId: number;
  deviceId: string;
  subsystemVendorId?: number;
  subsystemId?: string;
  classCode?: number;
  bars: HostBar[];
  mdevTypes: MdevType[];
  /** vGPU 17+ SR-IOV: creatable_vgpu_types of a VF. */
  creatableVgpuTypes: { id: string; name: string }[];
  /** Last component of the `iommu_group` link ("14"). */
  iommuGroup?: string;
  /** Last component of the `driver` link ("vfio-pci"); undefined when no driver is bound. */
  driver?: string;
  /** `boot_vga` = 1: the firmware's console GPU. */
  bootVga?: boolean;
  /** `reset_method` split on blanks; [] when the file is empty (no reset), undefined when absent. */
  resetMethods?: string[];
  /** `numa_node`; -1 (no affinity) is left undefined. */
  numaNode?: number;
  /** A `rom` attribute exists (it is never read). */
  hasRom?: boolean;
  /** SR-IOV physical function: `sriov_totalvfs` / `sriov_numvfs`. */
  sriov?: { totalVfs: number; numVfs: number };
  /** An SR-IOV virtual function: the PF's address, from the `physfn` link. */
  physfn?: string;
  /** A PF's VFs, from the `virtfnN` links, in N order. */
  virtfns?: string[];
  /** vGPU 17+: `nvidia/current_vgpu_type` ("0" = none); undefined without the file. */
  currentVgpuType?: string;
  /** Network interfaces under `net/` whose `operstate` is "up". */
  netUp?: string[];
}

export interface NumaNode {
  node: number;
  cpus: Set<number>;
}

export interface HostMdev {
  uuid: string;
  typeId?: string;
  parent?: string;
}

export interface HostInventory {
  /** Where it was read from, for messages ("/sys", a fake tree). */
  readonly root: string;
  device(address: string): HostPciDevice | undefined;
  devices(): HostPciDevice[];
  /** Every mdev type offered by any device (or by one parent). */
  mdevTypes(parent?: string): MdevType[];
  mdevs(): HostMdev[];
  /** The installed OVMF's version, when the host's package database says (host/firmware.ts). */
  ovmfVersion?(): OvmfVersion | undefined;
  /** Proxmox VE's PCI resource mappings (/etc/pve/mapping/pci.cfg beside the sysfs root), when there are any. */
  pveMappings?(): PveMappings | undefined;
  /** Addresses listed in kernel/iommu_groups/<group>/devices (sorted). */
  iommuGroupMembers?(group: string): string[];
  /** devices/system/node/node<N>/cpulist. */
  numaNodes?(): NumaNode[];
}

/** PCI base class of a 24-bit class code (0x03 display, 0x01 storage, 0x02 network, 0x06 bridge). */
export function baseClass(classCode: number | undefined): number | undefined {
  return classCode === undefined ? undefined : (classCode >> 16) & 0xff;
}

/** A VF managed by NVIDIA's vendor-specific VFIO framework (vGPU 17+): it has nvidia/current_vgpu_type or creatable types. */
export function isVgpuVf(d: HostPciDevice): boolean {
  return d.physfn !== undefined && (d.currentVgpuType !== undefined || d.creatableVgpuTypes.length > 0);
}

/** A physical function's VFs that offer vGPUs this way (its `virtfnN` links). */
export function vgpuVfsOf(host: HostInventory, pf: HostPciDevice): HostPciDevice[] {
  return (pf.virtfns ?? []).map((a) => host.device(a)).filter((d): d is HostPciDevice => d !== undefined && isVgpuVf(d));
}

/** True for a PCI-to-PCI bridge (class 0x0604), which vfio ignores when it checks a group. */
export function isPciBridge(classCode: number | undefined): boolean {
  return classCode !== undefined && classCode >> 8 === 0x0604;
}

/** "0x030000" → "display (0x0300)"; short names for the classes a passthrough user meets. */
export function describeClass(classCode: number | undefined): string {
  if (classCode === undefined) return 'class unknown';
  const sub = classCode >> 8;
  const names: Record<number, string> = {
    0x0300: 'VGA', 0x0302: '3D controller', 0x0380: 'display', 0x0403: 'audio', 0x0c03: 'USB', 0x0c80: 'serial bus (UCSI)',
    0x0604: 'PCI bridge', 0x0108: 'NVMe storage', 0x0106: 'SATA storage', 0x0104: 'RAID storage', 0x0107: 'SAS storage', 0x0200: 'Ethernet',
  };
  const base: Record<number, string> = { 0x01: 'storage', 0x02: 'network', 0x03: 'display', 0x04: 'multimedia', 0x06: 'bridge', 0x0c: 'serial bus' };
  const name = names[sub] ?? base[(sub >> 8) & 0xff] ?? 'device';
  return `${name} 0x${sub.toString(16).padStart(4, '0')}`;
}

export interface PciAddress {
  domain: number;
  bus: number;
  slot: number;
  fn: number;
}

/** lspci form "0000:3b:00.0" (hex). Accepts "3b:00.0" without domain. */
export function parseLspciAddress(text: string): PciAddress | undefined {
  const m = /^\s*(?:([0-9a-f]{1,4}):)?([0-9a-f]{1,2}):([0-9a-f]{1,2})\.([0-7])\s*$/i.exec(text);
  if (!m) return undefined;
  return { domain: parseInt(m[1] ?? '0', 16), bus: parseInt(m[2], 16), slot: parseInt(m[3], 16), fn: Number(m[4]) };
}

export function formatLspciAddress(a: PciAddress): string {
  const h = (n: number, w: number) => n.toString(16).padStart(w, '0');
  return `${h(a.domain, 4)}:${h(a.bus, 2)}:${h(a.slot, 2)}.${a.fn}`;
}

/** ESXi's decimal form "00000:059:00.0" (also the short "0:66:0.0" people write). */
export function parseEsxiAddress(text: string): PciAddress | undefined {
  const m = /^\s*(\d{1,5}):(\d{1,3}):(\d{1,2})\.([0-7])\s*$/.exec(text);
  if (!m) return undefined;
  return { domain: Number(m[1]), bus: Number(m[2]), slot: Number(m[3]), fn: Number(m[4]) };
}

export function formatEsxiAddress(a: PciAddress): string {
  return `${String(a.domain).padStart(5, '0')}:${String(a.bus).padStart(3, '0')}:${String(a.slot).padStart(2, '0')}.${a.fn}`;
}
