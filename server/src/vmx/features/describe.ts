// Markdown and short labels for keys and GPUs, shared by completion, hover and code lens.
import type { BarLayout, GpuFact } from '../../catalog/gpus';
import { NVIDIA_VENDOR_ID } from '../../catalog/gpus';
import { describeBars } from '../../catalog/mmio';
import type { VmxKeySpec, VmxValueType } from '../../catalog/vmxKeys';
import type { BarSource } from '../../model/vm';

/** One-word-ish type shown as a completion item's detail. */
export function typeLabel(type: VmxValueType): string {
  switch (type.kind) {
    case 'bool':
      return 'boolean (TRUE/FALSE)';
    case 'enum':
      return `one of ${type.values.map((v) => `"${v}"`).join(', ')}`;
    case 'int':
      return type.unit ? `integer (${type.unit})` : 'integer';
    case 'mmioSizeGb':
      return 'integer (GB, power of two)';
    case 'hexId':
      return 'hex PCI id (0x….)';
    case 'pciAddress':
      return 'PCI address (ESXi decimal SSSSS:BBB:DD.F)';
    case 'vgpuProfile':
      return 'NVIDIA vGPU profile name';
    case 'guestOs':
      return 'guest OS id';
    case 'string':
      return 'string';
  }
}

/** The key's own documentation: description, type, default, source. */
export function keyMarkdown(spec: VmxKeySpec, written?: string): string {
  const title = written && written.toLowerCase() !== spec.key.toLowerCase() ? `${written} (${spec.key})` : spec.key;
  const lines = [`**${title}**`, '', spec.description, '', `Type: ${typeLabel(spec.type)}`];
  if (spec.defaultValue !== undefined) lines.push('', `Default: \`"${spec.defaultValue}"\``);
  lines.push('', `Source: ${spec.source}`);
  return lines.join('\n');
}

const VENDORS: Record<number, string> = { [NVIDIA_VENDOR_ID]: 'NVIDIA', 0x1002: 'AMD', 0x8086: 'Intel' };

export function vendorName(id: number): string | undefined {
  return VENDORS[id];
}

export const KNOWN_VENDORS = Object.entries(VENDORS).map(([id, name]) => ({ id: Number(id), name }));

export function hexId(n: number): string {
  return `0x${n.toString(16).padStart(4, '0')}`;
}

export function barsLine(bars: BarLayout): string {
  return describeBars(bars);
}

const BAR_SOURCE: Record<BarSource, string> = {
  host: 'read from this host',
  'gpu-map': 'catalog, GPU chosen by the gpuMap setting',
  catalog: 'catalog',
};

/** What we know about a GPU: name, memory, BARs (or that we do not know them) and where that comes from. */
export function gpuMarkdown(gpu: GpuFact | undefined, bars: BarLayout | undefined, barSource?: BarSource): string {
  const out: string[] = [];
  if (gpu) {
    out.push(`**${gpu.name}** – ${gpu.architecture}, ${gpu.memoryGb} GB, PCI id ${hexId(gpu.vendorId)}:${gpu.deviceIds.map((d) => `0x${d}`).join('/')}`);
  }
  if (bars) {
    out.push('', barsLine(bars), '', `BAR sizes: ${bars.source}${barSource ? ` (${BAR_SOURCE[barSource]})` : ''}`);
    if (bars.bar1Mb > 256) out.push('', 'BAR1 is larger than 256 MB: the VM needs `firmware = "efi"` and a 64-bit MMIO window.');
  } else if (gpu) {
    out.push('', 'Known model, unknown BAR layout: the MMIO window and firmware checks cannot be made for it.');
  }
  if (gpu?.nvidiaMmio) {
    out.push('', `NVIDIA's MMIO recommendation: ${gpu.nvidiaMmio.singleGb} GB for one GPU, ${gpu.nvidiaMmio.dualGb} GB for two (${gpu.nvidiaMmio.source}).`);
  }
  if (gpu) out.push('', `Sources: ${gpu.sources.join('; ')}`);
  return out.join('\n');
}
