// The format registry: one line per format. A format is a folder that exports a DocumentFormat
// (service/format.ts) from its format.ts: detector, analysis, rules, features. Order matters only for
// detection by content: the first format that claims a document by its name wins, else the first by content.
import { iacFormat } from './iac/format';
import { libvirtFormat } from './libvirt/format';
import { proxmoxFormat } from './proxmox/format';
import type { BaseAnalysis, DocumentFormat } from './service/format';
import { vmxFormat } from './vmx/format';

export const FORMATS: readonly DocumentFormat<BaseAnalysis>[] = [vmxFormat, iacFormat, proxmoxFormat, libvirtFormat] as DocumentFormat<BaseAnalysis>[];

/** The format that claims the document: by its name first, then by its content. */
export function formatFor(uri: string, text: string): DocumentFormat<BaseAnalysis> | undefined {
  return FORMATS.find((f) => f.byName(uri)) ?? FORMATS.find((f) => f.byContent?.(uri, text));
}
