// Code lens: the 64-bit space the VM's GPUs need, and whether the firmware's window holds it.
import type { CodeLens } from 'vscode-languageserver-types';
import { formatBytes } from '../../model/firmware/placement';
import type { LibvirtAnalysis } from '../analyse';
import { totalNeed, verdictSummary } from '../firmware';

/** Next to the aperture setting, or on the first sized GPU when none is set. */
export function codeLenses(a: LibvirtAnalysis): CodeLens[] {
  const fa = a.firmware;
  if (!fa) return [];
  const at = a.domain?.fwCfg ?? a.domain?.pcihole64;
  const range = at ? a.index.range(at.valueSpan) : fa.devices[0].range;
  return [{ range, command: { title: `GPUs' 64-bit BARs: ${formatBytes(totalNeed(fa))} — ${verdictSummary(fa)}`, command: '' } }];
}
