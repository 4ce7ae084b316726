// Code lens: the 64-bit MMIO aperture the VM's GPUs need.
import type { CodeLens } from 'vscode-languageserver-types';
import { mmioNeed } from '../../model/mmioNeed';
import type { LibvirtAnalysis } from '../analyse';
import { OVMF_MMIO64_KNOB } from '../facts';

/** The size the GPUs need, next to the aperture setting (or the first GPU when none is set). */
export function codeLenses(a: LibvirtAnalysis): CodeLens[] {
  const need = mmioNeed(a.model);
  if (!need.requiredGb) return [];
  const at = a.domain?.fwCfg ?? a.domain?.pcihole64;
  const range = at ? a.index.range(at.valueSpan) : need.sized[0].range;
  return [{ range, command: { title: `64-bit MMIO needed: ${need.requiredGb} GB (${need.explanation}) → ${OVMF_MMIO64_KNOB}=${need.suggestedGb * 1024}`, command: '' } }];
}
