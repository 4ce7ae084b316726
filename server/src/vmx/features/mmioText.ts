// The MMIO window arithmetic as shown in hovers, completion documentation and the code lens.
import { isPowerOfTwo, VSPHERE_DEFAULT_MMIO_GB } from '../../catalog/mmio';
import type { MmioNeed } from '../../model/mmioNeed';
import type { PassthroughDevice } from '../../model/vm';
import { isTrue, parseVmxInt } from '../adapter';
import type { VmxAnalysis } from '../analyse';
import { hexId } from './describe';

export const USE64_KEY = 'pciPassthru.use64bitMMIO';
export const SIZE_KEY = 'pciPassthru.64bitMMIOSizeGB';

/** "pciPassthru1 (0x10de:0x2236, NVIDIA A10: known model, unknown BAR layout)". */
export function unsizedLabel(d: PassthroughDevice): string {
  const ids = d.vendorId !== undefined && d.deviceId ? `${hexId(d.vendorId)}:0x${d.deviceId}` : d.hostAddress ? `id ${d.hostAddress}` : 'no vendor/device id';
  const what = d.gpu ? `${d.gpu.name}: known model, unknown BAR layout` : d.kind === 'vgpu' ? `vGPU profile "${d.profileName ?? ''}" not in the catalog` : 'not in the catalog';
  return `${d.label} (${ids}, ${what})`;
}

/** One line: "MMIO needed: 256 GB (2 × A100 PCIe 40 GB: … → 256 GB)". */
export function mmioTitle(need: MmioNeed): string {
  const parts: string[] = [];
  if (need.requiredGb > 0) parts.push(`MMIO needed: ${need.requiredGb} GB (${need.explanation})`);
  else parts.push('MMIO needed: unknown');
  if (need.suggestedGb > need.requiredGb) parts.push(`NVIDIA recommends ${need.suggestedGb} GB`);
  if (need.unsized.length) parts.push(`${need.unsized.length} GPU${need.unsized.length > 1 ? 's' : ''} of unknown BAR size not counted`);
  return parts.join(' · ');
}

/** The arithmetic, the configured window against it, and what could not be sized. */
export function mmioMarkdown(a: VmxAnalysis, need: MmioNeed): string {
  const out: string[] = [];
  if (need.requiredGb > 0) {
    out.push(`**MMIO needed: ${need.requiredGb} GB**`, '', need.explanation);
    if (need.suggestedGb > need.requiredGb) out.push('', `NVIDIA recommends ${need.suggestedGb} GB for this GPU configuration.`);
    out.push('', 'BARs are naturally aligned, so the window is the sum of all BARs of all GPUs rounded up to a power of two.');
  } else if (a.model.devices.length === 0) {
    out.push('No passthrough GPU or vGPU in this file: nothing to size.');
  } else {
    out.push('No GPU of this VM could be sized.');
  }
  if (need.unsized.length) {
    out.push('', 'Not counted (BAR sizes unknown – the window may need to be larger):');
    for (const d of need.unsized) out.push(`- ${unsizedLabel(d)}`);
  }

  const use64 = a.doc.get(USE64_KEY);
  const size = a.doc.get(SIZE_KEY);
  const sizeGb = parseVmxInt(size);
  const enabled = isTrue(use64);
  out.push('');
  if (size === undefined) out.push(`Configured: no \`${SIZE_KEY}\``);
  else if (sizeGb === undefined) out.push(`Configured: \`"${size.value.text}"\` is not a number of GB`);
  else {
    let verdict = '';
    if (need.requiredGb > 0) verdict = sizeGb >= need.requiredGb ? ' – large enough' : ` – too small, needs ${need.requiredGb} GB: power-on fails`;
    if (sizeGb > 0 && !isPowerOfTwo(sizeGb)) verdict += ' (not a power of two)';
    out.push(`Configured: ${sizeGb} GB${verdict}`);
  }
  out.push(
    '',
    enabled
      ? `\`${USE64_KEY}\` is TRUE: the 64-bit window is in use.`
      : `\`${USE64_KEY}\` is not TRUE: the VM has the ${VSPHERE_DEFAULT_MMIO_GB} GB default window${size ? ' and the size above is ignored' : ''}.`,
  );
  return out.join('\n');
}
