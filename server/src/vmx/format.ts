// The VMX format as the registry (server/src/formats.ts) sees it.
import type { DocumentFormat } from '../service/format';
import { analyseVmx, VmxAnalysis } from './analyse';
import { vmxFeatures } from './features';
import { VMX_RULES } from './rules';

export function isVmxUri(uri: string): boolean {
  return /\.(vmx|vmtx)$/i.test(uri.replace(/[?#].*$/, ''));
}

export const vmxFormat: DocumentFormat<VmxAnalysis> = {
  id: 'vmx',
  languageIds: ['vmx'],
  byName: isVmxUri,
  analyse: (text, settings, host, client) => analyseVmx(text, settings, host, client),
  rules: VMX_RULES.map((r) => r.meta),
  features: vmxFeatures,
  comments: 'hash',
  walks: (name) => /\.(vmx|vmtx)$/i.test(name),
};
