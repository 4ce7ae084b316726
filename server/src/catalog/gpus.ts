// GPU catalog: PCI ids, memory and BAR layout, each fact with its source.
// A GPU whose BAR layout is not confirmed has `bars: undefined` ("known model, unknown BAR layout"):
// the analysis then says what it cannot check instead of guessing.
import {
  A10_LSPCI,
  A100_SXM4_80GB_LSPCI,
  CLOUD_HYPERVISOR_T4_LSPCI,
  H20_LSPCI,
  KATA_A100_40GB_BARS,
  LAMBDA_GPU_SPECS_CSV,
  NVIDIA_AIE_P2P_VGPU_TYPES,
  NVIDIA_OPEN_GPU_README,
  NVIDIA_SMI_MEMORY_QUOTES,
  NVIDIA_VGPU_DEVICE_MANAGER_CONFIG,
  NVIDIA_VGPU_DEVICE_MANAGER_TYPES,
  PCI_IDS,
  PCI_IDS_PCIUTILS_REPO,
  RTX_A4000_LSPCI,
  RTX4090_LSPCI,
  RTX4090_REBAR,
  SEED_BAR_ARTICLE,
  SEED_VGPU_KVM,
  VGPU_TYPES_510_47_03,
} from './sources';

export const MiB = 1;
export const GiB = 1024;

export type BarName = 'bar0' | 'bar1' | 'bar3';

/**
 * Where one BAR size comes from: a citation that shows this size for this model, or an explicit mark that no source
 * shows it for this model (the size is then the usual NVIDIA one and the hover says "not confirmed for this model").
 */
export type BarFactSource = { source: string } | { unconfirmed: true; note: string };

export interface BarLayout {
  /** BAR sizes in MiB, in the order lspci lists the memory regions. */
  bar0Mb: number;
  bar1Mb: number;
  bar3Mb: number;
  /** Where the sizes come from (one line for hovers). */
  source: string;
  /** Per-BAR provenance. Every catalog layout has it; sizes read from the host's sysfs are facts of that machine and need none. */
  facts?: Record<BarName, BarFactSource>;
  /** Some boards expose a resizable BAR1; the size above is the one a VM sees by default. */
  resizable?: boolean;
}

export const BAR_NAMES: readonly BarName[] = ['bar0', 'bar1', 'bar3'];

/** True when the catalog marks this BAR's size as not confirmed for the model. */
export function barUnconfirmed(bars: BarLayout, bar: BarName): boolean {
  const f = bars.facts?.[bar];
  return !!f && 'unconfirmed' in f;
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

/**
 * BAR0 16 MB and BAR3 32 MB are what every lspci listing cited in this catalog shows (T4, A10, A100 40 GB, A100 SXM4 80 GB,
 * H20, RTX A4000, RTX 4090). For a model without such a listing the same sizes are used – they change the MMIO total by
 * 48 MB – but marked, so nobody mistakes them for a fact about that model.
 */
const NOT_CONFIRMED: BarFactSource = {
  unconfirmed: true,
  note: 'the usual NVIDIA size (16 MB BAR0, 32 MB BAR3 in every listing cited here); no source shows it for this model',
};

const BAR_LABEL: Record<BarName, string> = { bar0: 'BAR0', bar1: 'BAR1', bar3: 'BAR3' };

function layout(sizes: [bar0Mb: number, bar1Mb: number, bar3Mb: number], facts: Record<BarName, BarFactSource>, resizable?: boolean): BarLayout {
  const cited = [...new Set((['bar1', 'bar0', 'bar3'] as const).flatMap((b) => { const f = facts[b]; return 'source' in f ? [f.source] : []; }))];
  const unconfirmed = BAR_NAMES.filter((b) => 'unconfirmed' in facts[b]).map((b) => BAR_LABEL[b]);
  const source = [...cited, ...(unconfirmed.length ? [`${unconfirmed.join(' and ')} not confirmed for this model`] : [])].join('; ');
  return { bar0Mb: sizes[0], bar1Mb: sizes[1], bar3Mb: sizes[2], source, facts, ...(resizable ? { resizable } : {}) };
}

/** BAR1 from `source`; BAR0 and BAR3 not confirmed for the model. */
const bar1From = (bar1Mb: number, source: string): BarLayout =>
  layout([16, bar1Mb, 32], { bar0: NOT_CONFIRMED, bar1: { source }, bar3: NOT_CONFIRMED });

/** All three BARs shown by one listing of this model (BAR1 optionally from a second source). */
const listed = (bar1Mb: number, listing: string, bar1Source = listing, resizable?: boolean): BarLayout =>
  layout([16, bar1Mb, 32], { bar0: { source: listing }, bar1: { source: bar1Source }, bar3: { source: listing } }, resizable);

export const GPUS: GpuFact[] = [
  {
    id: 'T4',
    name: 'NVIDIA T4',
    vendorId: NVIDIA_VENDOR_ID,
    deviceIds: ['1eb8'],
    memoryGb: 16,
    architecture: 'Turing',
    bars: listed(256, CLOUD_HYPERVISOR_T4_LSPCI, SEED_BAR_ARTICLE),
    vgpuPrefix: 't4',
    sources: [PCI_IDS, SEED_BAR_ARTICLE, CLOUD_HYPERVISOR_T4_LSPCI],
  },
  {
    id: 'A2',
    name: 'NVIDIA A2',
    vendorId: NVIDIA_VENDOR_ID,
    deviceIds: ['25b6'],
    subsystemIds: ['157e'],
    memoryGb: 16,
    architecture: 'Ampere',
    bars: bar1From(16 * GiB, SEED_BAR_ARTICLE),
    vgpuPrefix: 'a2',
    sources: [PCI_IDS, SEED_BAR_ARTICLE, NVIDIA_OPEN_GPU_README],
  },
  {
    id: 'V100-PCIE-16GB',
    name: 'NVIDIA Tesla V100 PCIe 16 GB',
    vendorId: NVIDIA_VENDOR_ID,
    deviceIds: ['1db4'],
    memoryGb: 16,
    architecture: 'Volta',
    bars: bar1From(16 * GiB, SEED_BAR_ARTICLE),
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
    bars: bar1From(32 * GiB, SEED_BAR_ARTICLE),
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
    bars: bar1From(32 * GiB, SEED_BAR_ARTICLE),
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
    bars: bar1From(32 * GiB, SEED_BAR_ARTICLE),
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
    bars: listed(64 * GiB, KATA_A100_40GB_BARS, SEED_BAR_ARTICLE),
    nvidiaMmio: { singleGb: 128, dualGb: 256, source: SEED_BAR_ARTICLE },
    vgpuPrefix: 'a100',
    sources: [PCI_IDS, SEED_BAR_ARTICLE, KATA_A100_40GB_BARS],
  },
  {
    id: 'A100-PCIE-80GB',
    name: 'NVIDIA A100 PCIe 80 GB',
    vendorId: NVIDIA_VENDOR_ID,
    deviceIds: ['20b5'],
    memoryGb: 80,
    architecture: 'Ampere',
    bars: bar1From(128 * GiB, SEED_BAR_ARTICLE),
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
    bars: bar1From(128 * GiB, SEED_BAR_ARTICLE),
    nvidiaMmio: { singleGb: 256, dualGb: 512, source: SEED_BAR_ARTICLE },
    vgpuPrefix: 'h100',
    sources: [PCI_IDS, SEED_BAR_ARTICLE],
  },
  // ---- Added entries (docs/catalog-sources.md). BAR layouts are only given where a source shows them;
  // ---- "memoryGb" of vGPU-capable boards is the frame buffer of the whole-GPU vGPU type (e.g. A10-24C, max 1 per GPU).
  {
    id: 'A10',
    name: 'NVIDIA A10',
    vendorId: NVIDIA_VENDOR_ID,
    deviceIds: ['2236'],
    memoryGb: 24,
    architecture: 'Ampere',
    bars: listed(32 * GiB, A10_LSPCI),
    vgpuPrefix: 'a10',
    sources: [PCI_IDS, NVIDIA_OPEN_GPU_README, NVIDIA_VGPU_DEVICE_MANAGER_CONFIG, A10_LSPCI],
  },
  {
    id: 'A40',
    name: 'NVIDIA A40',
    vendorId: NVIDIA_VENDOR_ID,
    deviceIds: ['2235'],
    memoryGb: 48,
    architecture: 'Ampere',
    vgpuPrefix: 'a40',
    sources: [PCI_IDS, NVIDIA_OPEN_GPU_README, NVIDIA_VGPU_DEVICE_MANAGER_CONFIG, LAMBDA_GPU_SPECS_CSV],
  },
  {
    // A16 board = 4 GPUs of 16 GB; each GPU is its own PCI function with device id 25b6 (shared with the A2).
    id: 'A16',
    name: 'NVIDIA A16',
    vendorId: NVIDIA_VENDOR_ID,
    deviceIds: ['25b6'],
    subsystemIds: ['14a9'],
    memoryGb: 16,
    architecture: 'Ampere',
    vgpuPrefix: 'a16',
    sources: [PCI_IDS_PCIUTILS_REPO, NVIDIA_OPEN_GPU_README, NVIDIA_VGPU_DEVICE_MANAGER_CONFIG],
  },
  {
    id: 'L4',
    name: 'NVIDIA L4',
    vendorId: NVIDIA_VENDOR_ID,
    deviceIds: ['27b8'],
    memoryGb: 24,
    architecture: 'Ada Lovelace',
    vgpuPrefix: 'l4',
    sources: [PCI_IDS, NVIDIA_OPEN_GPU_README, NVIDIA_VGPU_DEVICE_MANAGER_CONFIG],
  },
  {
    id: 'L40',
    name: 'NVIDIA L40',
    vendorId: NVIDIA_VENDOR_ID,
    deviceIds: ['26b5'],
    memoryGb: 48,
    architecture: 'Ada Lovelace',
    vgpuPrefix: 'l40',
    sources: [PCI_IDS, NVIDIA_OPEN_GPU_README, NVIDIA_VGPU_DEVICE_MANAGER_CONFIG],
  },
  {
    // SPEC lists BAR1 64 GB "lspci in public docs"; not confirmed by a source found here, so left unknown.
    id: 'L40S',
    name: 'NVIDIA L40S',
    vendorId: NVIDIA_VENDOR_ID,
    deviceIds: ['26b9'],
    memoryGb: 48,
    architecture: 'Ada Lovelace',
    vgpuPrefix: 'l40s',
    sources: [PCI_IDS_PCIUTILS_REPO, NVIDIA_OPEN_GPU_README, NVIDIA_VGPU_DEVICE_MANAGER_CONFIG],
  },
  {
    // SPEC lists BAR1 64 GB (resizable); not confirmed by a source found here, so left unknown.
    id: 'RTX-6000-ADA',
    name: 'NVIDIA RTX 6000 Ada Generation',
    vendorId: NVIDIA_VENDOR_ID,
    deviceIds: ['26b1'],
    memoryGb: 48,
    architecture: 'Ada Lovelace',
    vgpuPrefix: 'rtx6000-ada',
    sources: [PCI_IDS, NVIDIA_OPEN_GPU_README, NVIDIA_VGPU_DEVICE_MANAGER_CONFIG, NVIDIA_VGPU_DEVICE_MANAGER_TYPES],
  },
  {
    // SPEC lists BAR1 128 GB "lspci in public issues"; no lspci of device 2321 found here, so left unknown.
    id: 'H100-NVL',
    name: 'NVIDIA H100 NVL',
    vendorId: NVIDIA_VENDOR_ID,
    deviceIds: ['2321'],
    memoryGb: 94,
    architecture: 'Hopper',
    vgpuPrefix: 'h100l',
    sources: [PCI_IDS_PCIUTILS_REPO, NVIDIA_OPEN_GPU_README, NVIDIA_VGPU_DEVICE_MANAGER_CONFIG],
  },
  {
    // vGPU types "H200-…" (NVIDIA: "NVIDIA H200 PCIe 141 GB (H200 NVL) | H200-141C").
    id: 'H200-NVL',
    name: 'NVIDIA H200 NVL',
    vendorId: NVIDIA_VENDOR_ID,
    deviceIds: ['233b'],
    memoryGb: 141,
    architecture: 'Hopper',
    vgpuPrefix: 'h200',
    sources: [PCI_IDS_PCIUTILS_REPO, NVIDIA_OPEN_GPU_README, NVIDIA_SMI_MEMORY_QUOTES, NVIDIA_AIE_P2P_VGPU_TYPES],
  },
  {
    // vGPU types "H200X-…" (NVIDIA: "NVIDIA H200 SXM5 141 GB | H200X-141C").
    id: 'H200-SXM',
    name: 'NVIDIA H200 SXM 141 GB',
    vendorId: NVIDIA_VENDOR_ID,
    deviceIds: ['2335'],
    memoryGb: 141,
    architecture: 'Hopper',
    vgpuPrefix: 'h200x',
    sources: [PCI_IDS_PCIUTILS_REPO, NVIDIA_OPEN_GPU_README, NVIDIA_AIE_P2P_VGPU_TYPES],
  },
  {
    // memoryGb: NVIDIA's nominal "NVIDIA HGX B200 180 GB" (nvidia-smi reports 183359 MiB); vGPU types "B200X-…" ("NVIDIA B200X-180C").
    id: 'B200',
    name: 'NVIDIA B200',
    vendorId: NVIDIA_VENDOR_ID,
    deviceIds: ['2901'],
    memoryGb: 180,
    architecture: 'Blackwell',
    vgpuPrefix: 'b200x',
    sources: [PCI_IDS_PCIUTILS_REPO, NVIDIA_SMI_MEMORY_QUOTES, NVIDIA_AIE_P2P_VGPU_TYPES],
  },
  {
    id: 'RTX-A6000',
    name: 'NVIDIA RTX A6000',
    vendorId: NVIDIA_VENDOR_ID,
    deviceIds: ['2230'],
    memoryGb: 48,
    architecture: 'Ampere',
    vgpuPrefix: 'rtxa6000',
    sources: [PCI_IDS, NVIDIA_OPEN_GPU_README, NVIDIA_VGPU_DEVICE_MANAGER_CONFIG, LAMBDA_GPU_SPECS_CSV],
  },
  {
    id: 'RTX-A5000',
    name: 'NVIDIA RTX A5000',
    vendorId: NVIDIA_VENDOR_ID,
    deviceIds: ['2231'],
    memoryGb: 24,
    architecture: 'Ampere',
    vgpuPrefix: 'rtxa5000',
    sources: [PCI_IDS, NVIDIA_OPEN_GPU_README, NVIDIA_VGPU_DEVICE_MANAGER_CONFIG],
  },
  {
    id: 'A800-PCIE-80GB',
    name: 'NVIDIA A800 80 GB PCIe',
    vendorId: NVIDIA_VENDOR_ID,
    deviceIds: ['20f5'],
    memoryGb: 80,
    architecture: 'Ampere',
    vgpuPrefix: 'a800d',
    sources: [PCI_IDS, PCI_IDS_PCIUTILS_REPO, NVIDIA_OPEN_GPU_README, NVIDIA_VGPU_DEVICE_MANAGER_CONFIG],
  },
  {
    id: 'A800-PCIE-40GB',
    name: 'NVIDIA A800 40 GB PCIe',
    vendorId: NVIDIA_VENDOR_ID,
    deviceIds: ['20f6'],
    memoryGb: 40,
    architecture: 'Ampere',
    vgpuPrefix: 'a800',
    sources: [PCI_IDS_PCIUTILS_REPO, NVIDIA_OPEN_GPU_README, NVIDIA_VGPU_DEVICE_MANAGER_CONFIG],
  },
  {
    // vGPU types "H20-…" (NVIDIA: "NVIDIA H20 SXM5 96 GB | H20-96C"); nvidia-smi in the lspci source: 97871 MiB.
    id: 'H20',
    name: 'NVIDIA H20 96 GB',
    vendorId: NVIDIA_VENDOR_ID,
    deviceIds: ['2329'],
    memoryGb: 96,
    architecture: 'Hopper',
    bars: listed(128 * GiB, H20_LSPCI),
    vgpuPrefix: 'h20',
    sources: [PCI_IDS_PCIUTILS_REPO, H20_LSPCI, NVIDIA_AIE_P2P_VGPU_TYPES],
  },
  {
    // pci.ids "20b2 GA100 [A100 SXM4 80GB]". Its vGPU type names are not mapped here: no source ties 20b2 to a type prefix.
    id: 'A100-SXM4-80GB',
    name: 'NVIDIA A100 SXM4 80 GB',
    vendorId: NVIDIA_VENDOR_ID,
    deviceIds: ['20b2'],
    memoryGb: 80,
    architecture: 'Ampere',
    bars: listed(128 * GiB, A100_SXM4_80GB_LSPCI),
    sources: [PCI_IDS_PCIUTILS_REPO, NVIDIA_SMI_MEMORY_QUOTES, A100_SXM4_80GB_LSPCI],
  },
  {
    id: 'RTX-A4000',
    name: 'NVIDIA RTX A4000',
    vendorId: NVIDIA_VENDOR_ID,
    deviceIds: ['24b0'],
    memoryGb: 16,
    architecture: 'Ampere',
    bars: listed(256, RTX_A4000_LSPCI),
    sources: [PCI_IDS_PCIUTILS_REPO, NVIDIA_SMI_MEMORY_QUOTES, RTX_A4000_LSPCI],
  },
  {
    id: 'P40',
    name: 'NVIDIA Tesla P40',
    vendorId: NVIDIA_VENDOR_ID,
    deviceIds: ['1b38'],
    memoryGb: 24,
    architecture: 'Pascal',
    vgpuPrefix: 'p40',
    sources: [PCI_IDS, NVIDIA_SMI_MEMORY_QUOTES, VGPU_TYPES_510_47_03],
  },
  {
    // memoryGb: the seed's mdev type "GRID P4-8C" has framebuffer=8192M and max_instance=1 (the whole GPU).
    id: 'P4',
    name: 'NVIDIA Tesla P4',
    vendorId: NVIDIA_VENDOR_ID,
    deviceIds: ['1bb3'],
    memoryGb: 8,
    architecture: 'Pascal',
    vgpuPrefix: 'p4',
    sources: [PCI_IDS, SEED_VGPU_KVM],
  },
  {
    id: 'P100-PCIE-12GB',
    name: 'NVIDIA Tesla P100 PCIe 12 GB',
    vendorId: NVIDIA_VENDOR_ID,
    deviceIds: ['15f7'],
    memoryGb: 12,
    architecture: 'Pascal',
    sources: [PCI_IDS],
  },
  {
    id: 'P100-PCIE-16GB',
    name: 'NVIDIA Tesla P100 PCIe 16 GB',
    vendorId: NVIDIA_VENDOR_ID,
    deviceIds: ['15f8'],
    memoryGb: 16,
    architecture: 'Pascal',
    sources: [PCI_IDS],
  },
  {
    // Consumer card: BAR1 depends on Resizable BAR (board VBIOS + host firmware); no lspci of a 2204 found here.
    id: 'RTX-3090',
    name: 'NVIDIA GeForce RTX 3090',
    vendorId: NVIDIA_VENDOR_ID,
    deviceIds: ['2204'],
    memoryGb: 24,
    architecture: 'Ampere',
    sources: [PCI_IDS, NVIDIA_OPEN_GPU_README, LAMBDA_GPU_SPECS_CSV],
  },
  {
    // Default BAR1 256 MB (lspci); with Resizable BAR the driver/kernel resize it to 32 GiB.
    id: 'RTX-4090',
    name: 'NVIDIA GeForce RTX 4090',
    vendorId: NVIDIA_VENDOR_ID,
    deviceIds: ['2684'],
    memoryGb: 24,
    architecture: 'Ada Lovelace',
    bars: listed(256, RTX4090_LSPCI, `${RTX4090_LSPCI}; resizable: ${RTX4090_REBAR}`, true),
    sources: [PCI_IDS, NVIDIA_OPEN_GPU_README, NVIDIA_SMI_MEMORY_QUOTES, RTX4090_LSPCI, RTX4090_REBAR],
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
