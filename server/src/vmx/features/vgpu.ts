// vGPU profile names: completion choices and the hover that explains a profile.
import { findGpuById, findGpusByPciId, NVIDIA_VENDOR_ID, normaliseHexId } from '../../catalog/gpus';
import { formatSize } from '../../catalog/mmio';
import { findVgpuProfile, VGPU_PROFILES, VgpuProfile, VgpuSeries, vgpuTypeName } from '../../catalog/vgpuProfiles';
import type { VmxEntry } from '../parser';
import { closest } from '../../util/strings';
import type { ValueChoice } from './complete';

const SERIES: Record<VgpuSeries, string> = {
  C: 'C-series: compute (AI/ML, CUDA)',
  Q: 'Q-series: virtual workstation (RTX vWS)',
  B: 'B-series: virtual PC (vPC)',
  A: 'A-series: virtual applications (vApps)',
};

function gpuName(p: VgpuProfile): string {
  return findGpuById(p.gpuId)?.name ?? p.gpuId;
}

function profileDetail(p: VgpuProfile): string {
  return `${gpuName(p)} · ${formatSize(p.framebufferMb)} · ${p.series}${p.mig ? ' (MIG)' : ''}`;
}

function profileMarkdown(p: VgpuProfile): string {
  const lines = [
    `**${p.name}** (vGPU type ${vgpuTypeName(p)})`,
    '',
    `- GPU: ${gpuName(p)}`,
    `- Frame buffer: ${formatSize(p.framebufferMb)}`,
    `- ${SERIES[p.series]}`,
  ];
  if (p.mig) lines.push('- MIG-backed: a GPU instance of its own (needs MIG mode on the host GPU)');
  if (p.maxPerGpu) lines.push(`- Up to ${p.maxPerGpu} per GPU`);
  lines.push(
    '',
    p.series === 'C'
      ? 'A C-series vGPU VM needs `firmware = "efi"` and `pciPassthru.use64bitMMIO = "TRUE"` with at least 64 GB (NVIDIA: the GPU\'s "MMIO Space Required"), and all guest memory reserved (`sched.mem.pin`, `sched.mem.min` = memsize).'
      : 'A vGPU VM needs all guest memory reserved (`sched.mem.pin`, `sched.mem.min` = memsize); in a VM with 32 GB of memory or more on a GPU that requires 64 GB of MMIO or more, NVIDIA asks for `pciPassthru.use64bitMMIO` sized for the GPU. No source requires EFI for Q/B/A-series vGPUs.',
  );
  lines.push('', `Source: ${p.source}`);
  return lines.join('\n');
}

/** Every catalog profile; those of the device's own GPU (when it has a deviceId) first. */
export function vgpuProfileItems(deviceId: VmxEntry | undefined): ValueChoice[] {
  const hex = deviceId ? normaliseHexId(deviceId.value.text) : undefined;
  const own = new Set(hex ? findGpusByPciId(NVIDIA_VENDOR_ID, hex).map((g) => g.id) : []);
  const first = VGPU_PROFILES.filter((p) => own.has(p.gpuId));
  const rest = VGPU_PROFILES.filter((p) => !own.has(p.gpuId));
  return [...first, ...rest].map((p) => ({ text: p.name, detail: profileDetail(p), documentation: profileMarkdown(p) }));
}

const ALL_NAMES = VGPU_PROFILES.map((p) => p.name);

export function vgpuValueMarkdown(name: string): string {
  const p = findVgpuProfile(name);
  if (p) return profileMarkdown(p);
  const near = name ? closest(name, ALL_NAMES, 3).slice(0, 3) : [];
  return [
    `**${name || '(empty)'}** is not a vGPU profile in the catalog.`,
    '',
    'Profile names are `grid_<gpu>-<frame buffer GB><series>`, series C compute, Q virtual workstation, B virtual PC, A virtual apps.',
    ...(near.length ? ['', `Did you mean ${near.map((n) => `\`${n}\``).join(', ')}?`] : []),
  ].join('\n');
}
