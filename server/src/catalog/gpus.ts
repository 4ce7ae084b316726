// GPU catalog: PCI ids, memory and BAR layout, each fact with its source.
// A GPU whose BAR layout is not confirmed has `bars: undefined` ("known model, unknown BAR layout"):
// the analysis then says what it cannot check instead of guessing.
import {
  LAMBDA_GPU_SPECS_CSV,
  NVIDIA_OPEN_GPU_README,
  NVIDIA_SMI_MEMORY_QUOTES,
  NVIDIA_VGPU_DEVICE_MANAGER_CONFIG,
  NVIDIA_VGPU_DEVICE_MANAGER_TYPES,
  PCI_IDS,
  PCI_IDS_PCIUTILS_REPO,
  RTX4090_LSPCI,
  RTX4090_REBAR,
  SEED_BAR_ARTICLE,
  SEED_VGPU_KVM,
} from './sources';

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
    subsystemIds: ['157e'],
    memoryGb: 16,
    architecture: 'Ampere',
    bars: nvidiaBars(16 * GiB, SEED_BAR_ARTICLE),
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
  // ---- Added entries (docs/catalog-sources.md). BAR layouts are only given where a source shows them;
  // ---- "memoryGb" of vGPU-capable boards is the frame buffer of the whole-GPU vGPU type (e.g. A10-24C, max 1 per GPU).
  {
    id: 'A10',
    name: 'NVIDIA A10',
    vendorId: NVIDIA_VENDOR_ID,
    deviceIds: ['2236'],
    memoryGb: 24,
    architecture: 'Ampere',
    vgpuPrefix: 'a10',
    sources: [PCI_IDS, NVIDIA_OPEN_GPU_README, NVIDIA_VGPU_DEVICE_MANAGER_CONFIG],
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
    // vGPU type prefix not found for the H200 NVL: vgpuPrefix left undefined.
    id: 'H200-NVL',
    name: 'NVIDIA H200 NVL',
    vendorId: NVIDIA_VENDOR_ID,
    deviceIds: ['233b'],
    memoryGb: 141,
    architecture: 'Hopper',
    sources: [PCI_IDS_PCIUTILS_REPO, NVIDIA_OPEN_GPU_README, NVIDIA_SMI_MEMORY_QUOTES],
  },
  {
    // "h200x": NVIDIA's own test data names the types "NVIDIA H200X-141C" / "NVIDIA H200X-1-18C"; mapping them to the
    // SXM board (device 2335) follows NVIDIA's "X" = SXM naming (A100X 20b0, H100XM 2330 in the vgpu-device-manager config).
    id: 'H200-SXM',
    name: 'NVIDIA H200 SXM 141 GB',
    vendorId: NVIDIA_VENDOR_ID,
    deviceIds: ['2335'],
    memoryGb: 141,
    architecture: 'Hopper',
    vgpuPrefix: 'h200x',
    sources: [PCI_IDS_PCIUTILS_REPO, NVIDIA_OPEN_GPU_README, NVIDIA_VGPU_DEVICE_MANAGER_TYPES],
  },
  {
    // memoryGb: nvidia-smi reports 183359 MiB (= 179 GiB). vGPU type prefix not found: vgpuPrefix left undefined.
    id: 'B200',
    name: 'NVIDIA B200',
    vendorId: NVIDIA_VENDOR_ID,
    deviceIds: ['2901'],
    memoryGb: 179,
    architecture: 'Blackwell',
    sources: [PCI_IDS_PCIUTILS_REPO, NVIDIA_SMI_MEMORY_QUOTES],
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
    id: 'P40',
    name: 'NVIDIA Tesla P40',
    vendorId: NVIDIA_VENDOR_ID,
    deviceIds: ['1b38'],
    memoryGb: 24,
    architecture: 'Pascal',
    vgpuPrefix: 'p40',
    sources: [PCI_IDS, NVIDIA_SMI_MEMORY_QUOTES, NVIDIA_VGPU_DEVICE_MANAGER_TYPES],
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
    bars: nvidiaBars(256, `${RTX4090_LSPCI}; resizable: ${RTX4090_REBAR}`, true),
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
