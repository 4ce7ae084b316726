// A code lens with the MMIO window the GPUs need, next to the setting (or the first GPU when it is missing).
import type { CodeLens, Range } from 'vscode-languageserver-types';
import { VSPHERE_DEFAULT_MMIO_GB } from '../../catalog/mmio';
import { mmioNeed } from '../../model/mmioNeed';
import type { VmxAnalysis } from '../analyse';
import { mmioTitle, SIZE_KEY } from './mmioText';

export function codeLenses(a: VmxAnalysis): CodeLens[] {
  const { doc } = a;
  if (a.model.devices.length === 0) return [];
  const need = mmioNeed(a.model);
  const size = doc.get(SIZE_KEY);
  let range: Range | undefined;
  let title = mmioTitle(need);
  if (size) range = lineRange(a, size.lineIndex);
  else if (need.requiredGb > VSPHERE_DEFAULT_MMIO_GB) {
    range = lineRange(a, need.sized[0].range.start.line);
    title += ` · not configured: the VM has the ${VSPHERE_DEFAULT_MMIO_GB} GB default`;
  }
  return range ? [{ range, command: { title, command: '' } }] : [];
}

function lineRange(a: VmxAnalysis, line: number): Range {
  const start = a.doc.index.lineStarts[line];
  return { start: { line, character: 0 }, end: { line, character: a.doc.index.lineEnd(line) - start } };
}
