// libvirt XML front end (domain and node-device XML). Placeholder until the XML front end lands:
// libvirt documents are recognised but not analysed yet.
import type { HostInventory } from '../host/inventory';
import type { FormatFeatures } from '../service/features';
import { LineIndex } from '../service/text';
import type { Finding, Settings } from '../service/types';

export interface LibvirtAnalysis {
  kind: 'libvirt-domain' | 'libvirt-nodedev';
  index: LineIndex;
  findings: Finding[];
}

/** The root element's name, skipping the prolog, comments, doctype and processing instructions. */
export function xmlRootName(text: string): string | undefined {
  const re = /<(!--[\s\S]*?--|\?[\s\S]*?\?|![A-Za-z][^>]*|([A-Za-z_][\w.:-]*))/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    if (m[2]) return m[2];
    if (re.lastIndex > 65536) return undefined;
  }
  return undefined;
}

export function analyseLibvirt(text: string, _settings: Settings, _host?: HostInventory): LibvirtAnalysis | undefined {
  const root = xmlRootName(text);
  if (root !== 'domain' && root !== 'device') return undefined;
  return { kind: root === 'domain' ? 'libvirt-domain' : 'libvirt-nodedev', index: new LineIndex(text), findings: [] };
}

export const libvirtFeatures: FormatFeatures<LibvirtAnalysis> = {
  complete: () => [],
  hover: () => null,
  symbols: () => [],
  folding: () => [],
  codeLenses: () => [],
};
