// GPU catalog: PCI ids, memory and BAR layout, each fact with its source.
// A GPU whose BAR layout is not confirmed has `bars: undefined` ("known model, unknown BAR layout"):
// the analysis then says what it cannot check instead of guessing.
import { PCI_IDS, SEED_BAR_ARTICLE } from './sources';

export const MiB = 1;
export const GiB = 1024;

export interface BarLayout {
  /** BAR sizes in MiB, in the order lspci lists the memory regions. */
  bar0Mb: number;
  bar1Mb: number;
  bar3Mb: number;
  /** Where the sizes come from. */
  source: string;
  /** Some boards expose a resizable BAR1; the size above is the one a VM sees by default. */
  resizable?: boolean;
}

export interface MmioRecommendation {
  singleGb: number;
  dualGb: number;
  source: string;
}

export interface GpuFact {
  /** Stable id used in settings (gpuMap) and messages, e.g. "A100-PCIE-40GB". */
  id: string;
  name: string;
  vendorId: number;
  /** Lower-case 4-digit hex PCI device ids. */
  deviceIds: string[];
  /** Subsystem device ids that tell apart boards sharing a device id (A2/A16). */
  subsystemIds?: string[];
  memoryGb: number;
  architecture: string;
  bars?: BarLayout;
  nvidiaMmio?: MmioRecommendation;
  /** Prefix of vGPU profile names, e.g. "a100" for grid_a100-4c; undefined when the GPU has no vGPU support. */
  vgpuPrefix?: string;
  /** Sources of the id, memory and architecture facts. */
  sources: string[];
}

export const NVIDIA_VENDOR_ID = 0x10de;

const nvidiaBars = (bar1Mb: number, source: string, resizable?: boolean): BarLayout => ({
  bar0Mb: 16,
  bar1Mb,
  bar3Mb: 32,
  source,
  ...(resizable ? { resizable } : {}),
});

export const GPUS: GpuFact[] = [
  {
    id: 'T4',
    name: 'NVIDIA T4',
    vendorId: NVIDIA_VENDOR_ID,
    deviceIds: ['1eb8'],
    memoryGb: 16,
    architecture: 'Turing',
    bars: nvidiaBars(256, SEED_BAR_ARTICLE),
    vgpuPrefix: 't4',
    sources: [PCI_IDS, SEED_BAR_ARTICLE],
  },
  {
    id: 'A2',
    name: 'NVIDIA A2',
    vendorId: NVIDIA_VENDOR_ID,
    deviceIds: ['25b6'],
    memoryGb: 16,
    architecture: 'Ampere',
    bars: nvidiaBars(16 * GiB, SEED_BAR_ARTICLE),
    vgpuPrefix: 'a2',
    sources: [PCI_IDS, SEED_BAR_ARTICLE],
  },
  {
    id: 'V100-PCIE-16GB',
    name: 'NVIDIA Tesla V100 PCIe 16 GB',
    vendorId: NVIDIA_VENDOR_ID,
    deviceIds: ['1db4'],
    memoryGb: 16,
    architecture: 'Volta',
    bars: nvidiaBars(16 * GiB, SEED_BAR_ARTICLE),
    nvidiaMmio: { singleGb: 64, dualGb: 128, source: SEED_BAR_ARTICLE },
    vgpuPrefix: 'v100',
    sources: [PCI_IDS, SEED_BAR_ARTICLE],
  },
  {
    id: 'V100-PCIE-32GB',
    name: 'NVIDIA Tesla V100 PCIe 32 GB',
    vendorId: NVIDIA_VENDOR_ID,
    deviceIds: ['1db6'],
    memoryGb: 32,
    architecture: 'Volta',
    bars: nvidiaBars(32 * GiB, SEED_BAR_ARTICLE),
    nvidiaMmio: { singleGb: 64, dualGb: 128, source: SEED_BAR_ARTICLE },
    vgpuPrefix: 'v100d',
    sources: [PCI_IDS, SEED_BAR_ARTICLE],
  },
  {
    id: 'V100S-PCIE-32GB',
    name: 'NVIDIA Tesla V100S PCIe 32 GB',
    vendorId: NVIDIA_VENDOR_ID,
    deviceIds: ['1df6'],
    memoryGb: 32,
    architecture: 'Volta',
    bars: nvidiaBars(32 * GiB, SEED_BAR_ARTICLE),
    nvidiaMmio: { singleGb: 64, dualGb: 128, source: SEED_BAR_ARTICLE },
    vgpuPrefix: 'v100s',
    sources: [PCI_IDS, SEED_BAR_ARTICLE],
  },
  {
    id: 'A30',
    name: 'NVIDIA A30',
    vendorId: NVIDIA_VENDOR_ID,
    deviceIds: ['20b7'],
    memoryGb: 24,
    architecture: 'Ampere',
    bars: nvidiaBars(32 * GiB, SEED_BAR_ARTICLE),
    nvidiaMmio: { singleGb: 64, dualGb: 128, source: SEED_BAR_ARTICLE },
    vgpuPrefix: 'a30',
    sources: [PCI_IDS, SEED_BAR_ARTICLE],
  },
  {
    id: 'A100-PCIE-40GB',
    name: 'NVIDIA A100 PCIe 40 GB',
    vendorId: NVIDIA_VENDOR_ID,
    deviceIds: ['20b1', '20f1'],
    memoryGb: 40,
    architecture: 'Ampere',
    bars: nvidiaBars(64 * GiB, SEED_BAR_ARTICLE),
    nvidiaMmio: { singleGb: 128, dualGb: 256, source: SEED_BAR_ARTICLE },
    vgpuPrefix: 'a100',
    sources: [PCI_IDS, SEED_BAR_ARTICLE],
  },
  {
    id: 'A100-PCIE-80GB',
    name: 'NVIDIA A100 PCIe 80 GB',
    vendorId: NVIDIA_VENDOR_ID,
    deviceIds: ['20b5'],
    memoryGb: 80,
    architecture: 'Ampere',
    bars: nvidiaBars(128 * GiB, SEED_BAR_ARTICLE),
    nvidiaMmio: { singleGb: 256, dualGb: 512, source: SEED_BAR_ARTICLE },
    vgpuPrefix: 'a100d',
    sources: [PCI_IDS, SEED_BAR_ARTICLE],
  },
  {
    id: 'H100-PCIE-80GB',
    name: 'NVIDIA H100 PCIe 80 GB',
    vendorId: NVIDIA_VENDOR_ID,
    deviceIds: ['2331'],
    memoryGb: 80,
    architecture: 'Hopper',
    bars: nvidiaBars(128 * GiB, SEED_BAR_ARTICLE),
    nvidiaMmio: { singleGb: 256, dualGb: 512, source: SEED_BAR_ARTICLE },
    vgpuPrefix: 'h100',
    sources: [PCI_IDS, SEED_BAR_ARTICLE],
  },
];

const byDeviceId = new Map<string, GpuFact[]>();
for (const gpu of GPUS) {
  for (const id of gpu.deviceIds) {
    const list = byDeviceId.get(id) ?? [];
    list.push(gpu);
    byDeviceId.set(id, list);
  }
}

/** Normalises "0x20B1", "20b1", "8369" (decimal, as ESXi writes some ids) is NOT guessed: only hex forms. */
export function normaliseHexId(text: string): string | undefined {
  const m = /^\s*(?:0x)?([0-9a-f]{1,4})\s*$/i.exec(text);
  return m ? m[1].toLowerCase().padStart(4, '0') : undefined;
}

/** All catalog GPUs with this vendor/device id (several when boards share an id, e.g. A2 and A16). */
export function findGpusByPciId(vendorId: number, deviceId: string): GpuFact[] {
  if (vendorId !== NVIDIA_VENDOR_ID) return GPUS.filter((g) => g.vendorId === vendorId && g.deviceIds.includes(deviceId));
  return byDeviceId.get(deviceId) ?? [];
}

export function findGpuById(id: string): GpuFact | undefined {
  const want = id.trim().toLowerCase();
  return GPUS.find((g) => g.id.toLowerCase() === want || g.name.toLowerCase() === want);
}

export function barTotalMb(bars: BarLayout): number {
  return bars.bar0Mb + bars.bar1Mb + bars.bar3Mb;
}
