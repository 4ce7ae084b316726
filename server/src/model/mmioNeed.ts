// How large a 64-bit MMIO window the VM's GPUs need, with the arithmetic to show the user.
import { findGpuById } from '../catalog/gpus';
import { explainMmio, requiredMmioGb } from '../catalog/mmio';
import { groupByModel, PassthroughDevice, VmModel } from './vm';

export interface MmioNeed {
  /** Smallest power-of-two window that holds every known BAR (GB); 0 when no GPU is sized. */
  requiredGb: number;
  /** What a fix writes: the required size, or NVIDIA's published recommendation when larger. */
  suggestedGb: number;
  /** "2 × A100 PCIe 40 GB: 16 MB + 64 GB + 32 MB each = 128.1 GB → 256 GB". */
  explanation: string;
  /** GPUs that take part but whose BARs are unknown: the window may need to be larger. */
  unsized: PassthroughDevice[];
  /** The largest BAR1 among sized GPUs (MB). */
  largestBar1Mb: number;
  sized: PassthroughDevice[];
}

export function mmioNeed(model: VmModel): MmioNeed {
  const sized: PassthroughDevice[] = [];
  const unsized: PassthroughDevice[] = [];
  // Passthrough GPUs only: what a vGPU VM needs is not its physical GPU's BARs (vmx/vsphere.ts).
  for (const d of model.devices) {
    if (d.kind === 'vgpu') continue;
    if (d.bars) sized.push(d);
    else if (d.isGpu !== false) unsized.push(d);
  }
  if (sized.length === 0) return { requiredGb: 0, suggestedGb: 0, explanation: '', unsized, largestBar1Mb: 0, sized };
  const layouts = sized.map((d) => d.bars!);
  const requiredGb = requiredMmioGb(layouts);
  let suggestedGb = requiredGb;
  const models = new Set(sized.map((d) => d.gpu?.id ?? d.profile?.gpuId));
  const gpu = sized[0].gpu ?? (sized[0].profile ? findGpuById(sized[0].profile.gpuId) : undefined);
  if (models.size === 1 && gpu?.nvidiaMmio && sized.every((d) => d.kind === 'passthrough')) {
    const rec = sized.length === 1 ? gpu.nvidiaMmio.singleGb : sized.length === 2 ? gpu.nvidiaMmio.dualGb : 0;
    suggestedGb = Math.max(requiredGb, rec);
  }
  return {
    requiredGb,
    suggestedGb,
    explanation: explainMmio(groupByModel(sized)),
    unsized,
    largestBar1Mb: Math.max(...layouts.map((b) => b.bar1Mb)),
    sized,
  };
}
