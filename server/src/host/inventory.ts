import type { OvmfVersion } from './firmware';
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
