// NVIDIA vGPU profiles (vGPU types) by GPU, generated from per-GPU tables.
//
// Naming (NVIDIA/vgpu-device-manager pkg/types/vgpu_type.go): a time-sliced type is "<GPU>-<GB><series>"
// (e.g. A100-4C = 4 GB frame buffer, C-series), a MIG-backed type is "<GPU>-<instances>-<GB><series>[ME]"
// (e.g. A100-3-20C). VMware writes the type lower case with a "grid_" prefix in `pciPassthruN.vgpu`
// (seed: `pciPassthru0.vgpu = "grid_a100-4c"`).
//
// Names in KVM sysfs (mdev_supported_types/*/name, or nvidia/creatable_vgpu_types on SR-IOV GPUs):
// older vGPU drivers report "GRID <TYPE>" (seed 003: "GRID P4-8C", "GRID V100X-16C"; the 510.47.03 vgpuConfig.xml table:
// "GRID P40-2Q"), newer ones "NVIDIA <TYPE>" (NVIDIA's vGPU documentation: "NVIDIA B200X-180C", "NVIDIA H200X-141C").
// Both spellings are accepted by profileFromMdevName. The mdev type ids (nvidia-NNN) are a driver release's numbering,
// not a fact about a GPU: nothing here maps an id to a GPU; types are matched by name.
//
// Only the C- and Q-series types (and the MIG-backed C types) are listed: they and the maximum number per GPU come from
// NVIDIA's vgpu-device-manager example config. B- and A-series types were not found in a readable source,
// so they are not listed (docs/catalog-sources.md).
import {
  NVIDIA_AIE_P2P_VGPU_TYPES,
  NVIDIA_VGPU_DEVICE_MANAGER_CONFIG,
  NVIDIA_VGPU_DEVICE_MANAGER_TYPES,
  NVIDIA_VGPU_TYPES_DOCS,
  SEED_VGPU_KVM,
  VGPU_TYPES_510_47_03,
} from './sources';

/** Where the numbers were cross-checked: NVIDIA's published vGPU type tables (the Volta page matches the config for V100L). */
export const VGPU_DOCS_REFERENCE = NVIDIA_VGPU_TYPES_DOCS;

export type VgpuSeries = 'A' | 'B' | 'C' | 'Q';

export interface VgpuProfile {
  /** VMware profile name, lower case, e.g. 'grid_a100-4c'. */
  name: string;
  /** GpuFact.id */
  gpuId: string;
  framebufferMb: number;
  series: VgpuSeries;
  maxPerGpu?: number;
  mig?: boolean;
  source: string;
}

/** [frame buffer in GB, max vGPUs per GPU]; a max of undefined means "type known, maximum not found". */
type Sizes = ReadonlyArray<readonly [number, number | undefined]>;

/** [instances (GPU slices), frame buffer in GB, max per GPU, media extensions ("ME" suffix)] */
type MigSizes = ReadonlyArray<readonly [number, number, number | undefined, boolean?]>;

interface GpuProfileTable {
  gpuId: string;
  /** Type-name prefix exactly as NVIDIA spells it (case matters for the driver-reported name, e.g. "RTX6000-Ada"). */
  typePrefix: string;
  q?: Sizes;
  c?: Sizes;
  mig?: MigSizes;
  source: string;
}

const CFG = `${NVIDIA_VGPU_DEVICE_MANAGER_CONFIG}; naming: ${NVIDIA_VGPU_DEVICE_MANAGER_TYPES}`;

// Frame-buffer sizes with their max-per-GPU, as listed in NVIDIA/vgpu-device-manager examples/config-example.yaml.
const Q_16: Sizes = [[1, 16], [2, 8], [4, 4], [8, 2], [16, 1]];
const C_16: Sizes = [[4, 4], [8, 2], [16, 1]];
const Q_24: Sizes = [[1, 24], [2, 12], [3, 8], [4, 6], [6, 4], [8, 3], [12, 2], [24, 1]];
const C_24: Sizes = [[4, 6], [6, 4], [8, 3], [12, 2], [24, 1]];
const Q_32: Sizes = [[1, 32], [2, 16], [4, 8], [8, 4], [16, 2], [32, 1]];
const C_32: Sizes = [[4, 8], [8, 4], [16, 2], [32, 1]];
const Q_48: Sizes = [[1, 32], [2, 24], [3, 16], [4, 12], [6, 8], [8, 6], [12, 4], [16, 3], [24, 2], [48, 1]];
const C_48: Sizes = [[4, 12], [6, 8], [8, 6], [12, 4], [16, 3], [24, 2], [48, 1]];
const C_40_A100: Sizes = [[4, 10], [5, 8], [8, 5], [10, 4], [20, 2], [40, 1]];
const MIG_40_A100: MigSizes = [[1, 5, 7], [1, 5, 1, true], [1, 10, 4], [2, 10, 3], [3, 20, 2], [4, 20, 1], [7, 40, 1]];
const C_80_A100D: Sizes = [[4, 20], [8, 10], [10, 8], [16, 5], [20, 4], [40, 2], [80, 1]];
const MIG_80_A100D: MigSizes = [[1, 10, 7], [1, 10, 1, true], [1, 20, 4], [2, 20, 3], [3, 40, 2], [4, 40, 1], [7, 80, 1]];
const C_80_H100: Sizes = [[4, 20], [5, 16], [8, 10], [10, 8], [16, 5], [20, 4], [40, 2], [80, 1]];
const MIG_80_H100: MigSizes = MIG_80_A100D;
const C_94_H100L: Sizes = [[4, 23], [6, 15], [11, 8], [15, 6], [23, 4], [47, 2], [94, 1]];
const MIG_94_H100L: MigSizes = [[1, 12, 7], [1, 12, 1, true], [1, 24, 4], [2, 24, 3], [3, 47, 2], [4, 47, 1], [7, 94, 1]];
const C_24_A30: Sizes = C_24;
const MIG_24_A30: MigSizes = [[1, 6, 4], [1, 6, 1, true], [2, 12, 2], [2, 12, 1, true], [4, 24, 1]];

const TABLES: GpuProfileTable[] = [
  { gpuId: 'T4', typePrefix: 'T4', q: Q_16, c: C_16, source: CFG },
  { gpuId: 'A2', typePrefix: 'A2', q: Q_16, c: C_16, source: CFG },
  { gpuId: 'A16', typePrefix: 'A16', q: Q_16, c: C_16, source: CFG },
  { gpuId: 'A10', typePrefix: 'A10', q: Q_24, c: C_24, source: CFG },
  { gpuId: 'L4', typePrefix: 'L4', q: Q_24, c: C_24, source: CFG },
  { gpuId: 'RTX-A5000', typePrefix: 'RTXA5000', q: Q_24, c: C_24, source: CFG },
  { gpuId: 'A40', typePrefix: 'A40', q: Q_48, c: C_48, source: CFG },
  { gpuId: 'L40', typePrefix: 'L40', q: Q_48, c: C_48, source: CFG },
  { gpuId: 'L40S', typePrefix: 'L40S', q: Q_48, c: C_48, source: CFG },
  { gpuId: 'RTX-6000-ADA', typePrefix: 'RTX6000-Ada', q: Q_48, c: C_48, source: CFG },
  { gpuId: 'RTX-A6000', typePrefix: 'RTXA6000', q: Q_48, c: C_48, source: CFG },
  { gpuId: 'A30', typePrefix: 'A30', c: C_24_A30, mig: MIG_24_A30, source: CFG },
  { gpuId: 'A100-PCIE-40GB', typePrefix: 'A100', c: C_40_A100, mig: MIG_40_A100, source: CFG },
  { gpuId: 'A100-PCIE-80GB', typePrefix: 'A100D', c: C_80_A100D, mig: MIG_80_A100D, source: CFG },
  { gpuId: 'A800-PCIE-40GB', typePrefix: 'A800', c: C_40_A100, mig: MIG_40_A100, source: CFG },
  { gpuId: 'A800-PCIE-80GB', typePrefix: 'A800D', c: C_80_A100D, mig: MIG_80_A100D, source: CFG },
  { gpuId: 'H100-PCIE-80GB', typePrefix: 'H100', c: C_80_H100, mig: MIG_80_H100, source: CFG },
  { gpuId: 'H100-NVL', typePrefix: 'H100L', c: C_94_H100L, mig: MIG_94_H100L, source: CFG },
  { gpuId: 'V100-PCIE-16GB', typePrefix: 'V100', q: Q_16, c: C_16, source: CFG },
  { gpuId: 'V100-PCIE-32GB', typePrefix: 'V100D', q: Q_32, c: C_32, source: CFG },
  { gpuId: 'V100S-PCIE-32GB', typePrefix: 'V100S', q: Q_32, c: C_32, source: CFG },
  // The whole-GPU type NVIDIA lists per board (allocated all of the GPU's frame buffer, so one per GPU); other sizes not found.
  { gpuId: 'H200-SXM', typePrefix: 'H200X', c: [[141, 1]], source: NVIDIA_AIE_P2P_VGPU_TYPES },
  { gpuId: 'H200-NVL', typePrefix: 'H200', c: [[141, 1]], source: NVIDIA_AIE_P2P_VGPU_TYPES },
  { gpuId: 'B200', typePrefix: 'B200X', c: [[180, 1]], source: NVIDIA_AIE_P2P_VGPU_TYPES },
  { gpuId: 'H20', typePrefix: 'H20', c: [[96, 1]], source: NVIDIA_AIE_P2P_VGPU_TYPES },
  // 510.47.03 vgpuConfig.xml table: "GRID P40-2Q", 2G; the maximum per GPU is not in that table.
  { gpuId: 'P40', typePrefix: 'P40', q: [[2, undefined]], source: VGPU_TYPES_510_47_03 },
  // Seed 003: mdev type "GRID P4-8C", description "framebuffer=8192M, ... max_instance=1".
  { gpuId: 'P4', typePrefix: 'P4', c: [[8, 1]], source: SEED_VGPU_KVM },
];

/** Canonical (driver-spelled) type name per VMware profile name, e.g. 'grid_rtx6000-ada-24q' → 'RTX6000-Ada-24Q'. */
const typeNames = new Map<string, string>();

function build(): VgpuProfile[] {
  const out: VgpuProfile[] = [];
  const add = (t: GpuProfileTable, typeName: string, gb: number, series: VgpuSeries, max: number | undefined, mig: boolean) => {
    const name = `grid_${typeName.toLowerCase()}`;
    typeNames.set(name, typeName);
    out.push({
      name,
      gpuId: t.gpuId,
      framebufferMb: gb * 1024,
      series,
      ...(max ? { maxPerGpu: max } : {}),
      ...(mig ? { mig: true } : {}),
      source: t.source,
    });
  };
  for (const t of TABLES) {
    for (const [gb, max] of t.q ?? []) add(t, `${t.typePrefix}-${gb}Q`, gb, 'Q', max, false);
    for (const [gb, max] of t.c ?? []) add(t, `${t.typePrefix}-${gb}C`, gb, 'C', max, false);
    for (const [g, gb, max, me] of t.mig ?? []) add(t, `${t.typePrefix}-${g}-${gb}C${me ? 'ME' : ''}`, gb, 'C', max, true);
  }
  return out;
}

export const VGPU_PROFILES: VgpuProfile[] = build();

const byName = new Map(VGPU_PROFILES.map((p) => [p.name, p]));

/** Case-insensitive lookup of a VMware profile name ("grid_a100-4c"); the bare type name ("A100-4C") is accepted too. */
export function findVgpuProfile(name: string): VgpuProfile | undefined {
  const n = name.trim().toLowerCase();
  return byName.get(n) ?? byName.get(`grid_${n}`);
}

export function profilesForGpu(gpuId: string): VgpuProfile[] {
  const want = gpuId.toLowerCase();
  return VGPU_PROFILES.filter((p) => p.gpuId.toLowerCase() === want);
}

/** The vGPU type name as the driver spells it, e.g. 'A100-4C', 'RTX6000-Ada-24Q'. */
export function vgpuTypeName(p: VgpuProfile): string {
  return typeNames.get(p.name) ?? p.name.replace(/^grid_/, '').toUpperCase();
}

/**
 * The name KVM shows in mdev_supported_types/<type>/name (and SR-IOV creatable_vgpu_types).
 * Default 'grid' gives the older-driver spelling "GRID A100-4C"; 'nvidia' gives the newer "NVIDIA A100-4C".
 */
export function mdevNameForProfile(p: VgpuProfile, style: 'grid' | 'nvidia' = 'grid'): string {
  return `${style === 'grid' ? 'GRID' : 'NVIDIA'} ${vgpuTypeName(p)}`;
}

/** Accepts "GRID A100-4C", "NVIDIA A100-4C" (any case) and the bare "A100-4C". */
export function profileFromMdevName(name: string): VgpuProfile | undefined {
  const bare = name.trim().replace(/^(?:GRID|NVIDIA)\s+/i, '');
  if (bare === '' || /\s/.test(bare)) return undefined;
  return findVgpuProfile(bare);
}
