// Time-sliced vGPUs of different framebuffer sizes on one physical GPU, for the libvirt and Proxmox
// rules alike: this VM's vGPUs (found by each format) plus those that exist on the host (mdevs under
// the same parent; vGPU 17+ VFs of the same PF with a current_vgpu_type), grouped by GPU.
import { clip } from './describe';
import type { HostInventory, HostPciDevice } from './inventory';

/** Framebuffer of a vGPU type name, in GB: "NVIDIA L40S-2Q" → 2, "GRID A100D-4C" → 4; MIG-backed ("A100-1-10C") → undefined. */
export function vgpuSizeGb(name: string | undefined): number | undefined {
  if (!name) return undefined;
  if (/-\d+-\d+[A-Z]+\b/.test(name)) return undefined;
  const m = /-(\d+)[A-Z]{1,2}\s*$/.exec(name.trim());
  return m ? Number(m[1]) : undefined;
}

/** A vGPU 17+ VF's current type, by name (nvidia/current_vgpu_type looked up in its creatable types). */
export function vfTypeName(d: HostPciDevice): string | undefined {
  return d.creatableVgpuTypes.find((t) => t.id === d.currentVgpuType)?.name;
}

export interface VgpuSlice<A> {
  gb: number;
  name: string;
  /** "this VM (VF 0000:41:00.5)", "mdev <uuid>", … */
  where: string;
  /** Where this VM's slice is written (absent for the host's). */
  anchor?: A;
}

/** This VM's slices, by physical GPU address; what to leave out of the host's (they are this VM's own). */
export interface OwnVgpus<A> {
  byGpu: Map<string, VgpuSlice<A>[]>;
  mdevUuids: Set<string>;
  vfs: Set<string>;
}

export function ownVgpus<A>(): OwnVgpus<A> & { add(gpu: string, s: VgpuSlice<A>): void } {
  const byGpu = new Map<string, VgpuSlice<A>[]>();
  return { byGpu, mdevUuids: new Set(), vfs: new Set(), add: (gpu, s) => byGpu.set(gpu, [...(byGpu.get(gpu) ?? []), s]) };
}

/** The GPUs whose slices (this VM's and the host's) have more than one size, with the first of this VM's slices on each. */
export function mixedSizeGpus<A>(host: HostInventory, own: OwnVgpus<A>): { gpu: string; slices: VgpuSlice<A>[]; anchor: A }[] {
  const byGpu = new Map([...own.byGpu].map(([gpu, slices]) => [gpu, [...slices]]));
  if (!byGpu.size) return [];
  for (const m of host.mdevs()) {
    if (!m.parent || !byGpu.has(m.parent) || own.mdevUuids.has(m.uuid.toLowerCase())) continue;
    const name = m.typeId ? host.mdevTypes(m.parent).find((t) => t.id === m.typeId)?.name : undefined;
    const gb = vgpuSizeGb(name);
    if (gb !== undefined && name) byGpu.get(m.parent)!.push({ gb, name, where: `mdev ${m.uuid}` });
  }
  for (const [gpu, slices] of byGpu) {
    for (const vf of host.device(gpu)?.virtfns ?? []) {
      const d = host.device(vf);
      if (!d || own.vfs.has(vf) || !d.currentVgpuType || d.currentVgpuType === '0') continue;
      const name = vfTypeName(d);
      const gb = vgpuSizeGb(name);
      if (gb !== undefined && name) slices.push({ gb, name, where: `VF ${vf}` });
    }
  }
  const out: { gpu: string; slices: VgpuSlice<A>[]; anchor: A }[] = [];
  for (const [gpu, slices] of byGpu) {
    const anchor = slices.find((s) => s.anchor !== undefined)?.anchor;
    if (new Set(slices.map((s) => s.gb)).size >= 2 && anchor !== undefined) out.push({ gpu, slices, anchor });
  }
  return out;
}

/**
 * NVIDIA exposes heterogeneous (mixed-size) mode through NVML (nvmlDeviceGetVgpuHeterogeneousMode) and
 * nvidia-smi, not in sysfs: the host inventory cannot see it, so the message says it is unconfirmed.
 */
export function mixedSizeMessage(gpu: string, slices: VgpuSlice<unknown>[]): string {
  const list = slices.slice(0, 8).map((s) => `${clip(s.name, 40)} ${s.gb} GB on ${s.where}`).join('; ');
  return `Time-sliced vGPUs of different sizes on ${gpu}: ${list} (host sysfs). A GPU runs vGPUs of one framebuffer size unless heterogeneous (mixed-size) mode is enabled, and sysfs does not show that mode (NVML/nvidia-smi do), so it is unconfirmed here: without it the later vGPU fails to start. Use one size per GPU, or enable mixed-size mode and check with nvidia-smi`;
}
