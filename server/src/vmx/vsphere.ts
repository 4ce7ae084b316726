// What a vSphere VM needs for its GPUs, decided from primary sources (catalog/vsphere.ts, docs/vsphere-facts.md):
// - passthrough: the sum of the GPUs' BARs. Above 32 GB every source agrees the default window is exceeded; between
//   16 and 32 GB VMware and Dell (a logged power-on failure) say 64-bit MMIO is needed, Denneman's article that the
//   default window is 32 GB — a warning naming both.
// - vGPU: not its physical GPU's BARs. NVIDIA requires 64-bit MMIO (≥ 64 GB) and EFI for C-series vGPUs on ESXi, and
//   its per-GPU "MMIO Space Required" for any vGPU of a listed GPU in a VM with ≥ 32 GB of memory; VMware's TKGI docs
//   size by the vGPUs' frame buffers instead.
import { barTotalMb, findGpuById, GiB } from '../catalog/gpus';
import { nextPowerOfTwo } from '../catalog/mmio';
import { C_SERIES_MIN_MMIO_GB, LARGE_MEMORY_VM_MB, NVIDIA_VGPU_MMIO_GB } from '../catalog/vsphere';
import type { MmioNeed } from '../model/mmioNeed';
import type { PassthroughDevice, VmModel } from '../model/vm';

/** The passthrough GPUs' BARs added up, in GB (not rounded). */
export function barTotalGb(need: MmioNeed): number {
  return need.sized.reduce((s, d) => s + barTotalMb(d.bars!), 0) / GiB;
}

export interface VgpuNeed {
  vgpus: PassthroughDevice[];
  cSeries: PassthroughDevice[];
  /** NVIDIA's figure when it applies: the per-GPU table (C-series: at least 64 GB). */
  nvidiaGb?: number;
  /** Why NVIDIA's figure applies: "C-series vGPU" / "a vGPU of an A100 PCIe 80 GB in a VM with 64 GB of memory". */
  nvidiaWhy?: string;
  /** VMware TKGI: the vGPUs' frame buffers added up, rounded up to a power of two and then once more. */
  framebufferGb: number;
}

export function vgpuNeed(model: VmModel): VgpuNeed {
  const vgpus = model.devices.filter((d) => d.kind === 'vgpu');
  const cSeries = vgpus.filter((d) => d.profile?.series === 'C');
  const fbGb = vgpus.reduce((s, d) => s + (d.profile ? d.profile.framebufferMb / 1024 : 0), 0);
  const out: VgpuNeed = { vgpus, cSeries, framebufferGb: fbGb > 0 ? nextPowerOfTwo(nextPowerOfTwo(fbGb) + 1) : 0 };
  const tableGb = Math.max(0, ...vgpus.map((d) => (d.profile ? (NVIDIA_VGPU_MMIO_GB[d.profile.gpuId] ?? 0) : 0)));
  const largeVm = (model.memoryMb?.value ?? 0) >= LARGE_MEMORY_VM_MB;
  if (cSeries.length) {
    out.nvidiaGb = Math.max(C_SERIES_MIN_MMIO_GB, tableGb);
    out.nvidiaWhy = `${cSeries[0].label} is a C-series vGPU (${cSeries[0].profileName ?? cSeries[0].profile?.name})`;
  } else if (largeVm && tableGb > 0) {
    const d = vgpus.find((x) => x.profile && NVIDIA_VGPU_MMIO_GB[x.profile.gpuId] === tableGb)!;
    out.nvidiaGb = tableGb;
    out.nvidiaWhy = `${d.label} is a vGPU of an ${findGpuById(d.profile!.gpuId)?.name ?? d.profile!.gpuId} in a VM with ${model.memoryMb!.value} MB of memory`;
  }
  return out;
}
