// Code lens: the 64-bit space the VM's GPUs need, and whether the firmware's window holds it.
import type { CodeLens } from 'vscode-languageserver-types';
import { formatBytes } from '../../model/firmware/placement';
import type { LibvirtAnalysis } from '../analyse';
import { totalNeed, verdictSummary } from '../firmware';
import { formatLspciAddress } from '../../host/inventory';
import { hostdevAnchor } from '../adapter';
import { groupSummary } from '../host/facts';
import { assignedIn } from './hover';

/** Next to the aperture setting, or on the first sized GPU when none is set. */
export function codeLenses(a: LibvirtAnalysis): CodeLens[] {
  const out = groupLenses(a);
  const fa = a.firmware;
  if (!fa) return out;
  const at = a.domain?.fwCfg ?? a.domain?.pcihole64;
  const range = at ? a.index.range(at.valueSpan) : fa.devices[0].range;
  return [{ range, command: { title: `GPUs' 64-bit BARs: ${formatBytes(totalNeed(fa))} — ${verdictSummary(fa)}`, command: '' } }, ...out];
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
