// The format-neutral VM model. Each front end (VMX, libvirt XML) builds one; hardware rules read it.
// Every fact keeps the range of the syntax that stated it, so findings point at the right place, and
// each format supplies the edits (ModelFixes) that change it.
import type { Range, TextEdit } from 'vscode-languageserver-types';
import type { BarLayout, GpuFact } from '../catalog/gpus';
import type { VgpuProfile } from '../catalog/vgpuProfiles';

export type BarSource = 'host' | 'catalog' | 'gpu-map';

export interface PassthroughDevice {
  kind: 'passthrough' | 'vgpu';
  /** How the user names it: "pciPassthru0", "hostdev 0000:3b:00.0". */
  label: string;
  /** Where findings about this device point. */
  range: Range;
  vendorId?: number;
  deviceId?: string;
  subsystemId?: string;
  /** Host PCI address as written. */
  hostAddress?: string;
  /** The catalog GPU, when identified unambiguously. */
  gpu?: GpuFact;
  /** False for a device known not to be a GPU (a NIC); undefined when nothing says. */
  isGpu?: boolean;
  bars?: BarLayout;
  barSource?: BarSource;
  /** The device's memory BARs with their 64-bit / prefetchable flags, when the host's sysfs gave them. */
  hostRegions?: { sizeMb: number; is64Bit: boolean; prefetchable: boolean }[];
  profile?: VgpuProfile;
  /** The vGPU profile as written, when the catalog does not know it. */
  profileName?: string;
}

export interface VmModel {
  format: 'vmx' | 'libvirt' | 'proxmox';
  /** A few lines pasted from a template: absent keys mean "not stated here", not "default". */
  isFragment: boolean;
  firmware: { kind: 'efi' | 'bios' | 'unknown'; explicit: boolean; range?: Range };
  memoryMb?: { value: number; range: Range };
  guestOs?: { id: string; is64Bit: boolean | undefined; nestedHypervisor: boolean; range: Range };
  devices: PassthroughDevice[];
  /** Range to attach whole-VM findings to when no better node exists (first line / root element). */
  anchor: Range;
}

/** Format-specific edits a hardware rule may ask for. Undefined: the format cannot express it. */
export interface ModelFixes {
  setEfiFirmware?(): TextEdit[];
}

/** GPUs whose BAR layout we know, grouped by model, for the MMIO arithmetic. */
export function sizedGpus(model: VmModel): PassthroughDevice[] {
  return model.devices.filter((d) => d.kind === 'passthrough' && d.bars !== undefined);
}

export function unsizedGpus(model: VmModel): PassthroughDevice[] {
  return model.devices.filter((d) => d.kind === 'passthrough' && d.bars === undefined && d.isGpu !== false);
}

export function groupByModel(devices: PassthroughDevice[]): { label: string; count: number; bars: BarLayout }[] {
  const groups = new Map<string, { label: string; count: number; bars: BarLayout }>();
  for (const d of devices) {
    if (!d.bars) continue;
    const label = d.gpu ? d.gpu.name.replace(/^NVIDIA (Tesla )?/, '') : d.label;
    const key = `${label}|${d.bars.bar0Mb}|${d.bars.bar1Mb}|${d.bars.bar3Mb}`;
    const g = groups.get(key);
    if (g) g.count++;
    else groups.set(key, { label, count: 1, bars: d.bars });
  }
  return [...groups.values()];
}
