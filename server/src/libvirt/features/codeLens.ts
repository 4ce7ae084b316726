// Code lens: the 64-bit MMIO aperture the VM's GPUs need.
import type { CodeLens } from 'vscode-languageserver-types';
import { mmioNeed } from '../../model/mmioNeed';
import type { LibvirtAnalysis } from '../analyse';
import { formatLspciAddress } from '../../host/inventory';
import { hostdevAnchor } from '../adapter';
import { OVMF_MMIO64_KNOB } from '../facts';
import { groupSummary } from '../host/facts';
import { assignedIn } from './hover';

/** The size the GPUs need, next to the aperture setting (or the first GPU when none is set). */
export function codeLenses(a: LibvirtAnalysis): CodeLens[] {
  const out = groupLenses(a);
  const need = mmioNeed(a.model);
  if (!need.requiredGb) return out;
  const at = a.domain?.fwCfg ?? a.domain?.pcihole64;
  const range = at ? a.index.range(at.valueSpan) : need.sized[0].range;
  return [{ range, command: { title: `64-bit MMIO needed: ${need.requiredGb} GB (${need.explanation}) → ${OVMF_MMIO64_KNOB}=${need.suggestedGb * 1024}`, command: '' } }, ...out];
}

/** On the first hostdev of each IOMMU group (host inventory only): "IOMMU group 15: 1 of 4 functions assigned". */
function groupLenses(a: LibvirtAnalysis): CodeLens[] {
  const host = a.host;
  if (!host || !a.domain) return [];
  const assigned = assignedIn(a);
  const seen = new Set<string>();
  const out: CodeLens[] = [];
  for (const h of a.domain.hostdevs) {
    const dev = h.pci ? host.device(formatLspciAddress(h.pci)) : undefined;
    const g = dev ? groupSummary(host, dev, assigned) : undefined;
    if (!g || seen.has(g.group)) continue;
    seen.add(g.group);
    const missing = g.members.length - g.assigned;
    out.push({ range: a.index.range(hostdevAnchor(h)), command: { title: `IOMMU group ${g.group}: ${g.assigned} of ${g.members.length} function${g.members.length === 1 ? '' : 's'} assigned${missing ? ` (${missing} not)` : ''}`, command: '' } });
  }
  return out;
}
