// VMX → libvirt domain XML / Proxmox config: the GPU settings a VMware importer drops, with the KVM equivalent
// the firmware model proves, and every key it cannot carry listed at the top of the output.
import type { HostInventory } from '../host/inventory';
import { quoteUserText } from '../util/userText';
import type { VmxAnalysis } from '../vmx/analyse';
import { renderLibvirt } from './libvirt';
import { buildPlan, ConvertTarget } from './plan';
import { renderProxmox } from './proxmox';

export type { ConvertTarget } from './plan';
export const CONVERT_TARGETS: readonly ConvertTarget[] = ['libvirt', 'proxmox'];

export type ConversionResult =
  | { ok: true; text: string; target: ConvertTarget }
  | { ok: false; problems: { line: number; message: string }[] };

/** The input's problems that make a conversion meaningless: lines VMware cannot read, no VMX at all. */
export function conversionBlockers(a: VmxAnalysis): { line: number; message: string }[] {
  const out: { line: number; message: string }[] = [];
  a.doc.lines.forEach((l, i) => {
    if (l.kind === 'invalid') out.push({ line: i, message: `line ${i + 1}: ${l.message}: ${quoteUserText(a.doc.text.slice(l.line.start, l.line.end).trim())}` });
  });
  for (const f of a.findings) {
    if (f.ruleId === 'vmx/smart-quotes') out.push({ line: f.range.start.line, message: `line ${f.range.start.line + 1}: ${f.message}` });
  }
  if (a.doc.entries.length === 0) out.push({ line: 0, message: 'no VMX entries to convert' });
  return out;
}

export function convertVmx(a: VmxAnalysis, target: ConvertTarget, source: string, host?: HostInventory): ConversionResult {
  const problems = conversionBlockers(a);
  if (problems.length) return { ok: false, problems };
  const plan = buildPlan(a, target, host);
  const text = target === 'libvirt' ? renderLibvirt(plan, source) : renderProxmox(plan, source);
  return { ok: true, text, target };
}

/** A document's GPU settings in the target format; undefined when the document is not a .vmx. */
export function convertDocument(a: { kind: string }, target: ConvertTarget, source: string, host?: HostInventory): ConversionResult | undefined {
  return a.kind === 'vmx' ? convertVmx(a as VmxAnalysis, target, source, host) : undefined;
}

/** "a100.vmx" from "file:///vms/a100.vmx" (the name the output's header cites). */
export function sourceName(uri: string): string {
  const last = uri.replace(/[?#].*$/, '').split('/').pop() ?? uri;
  let name = last;
  try {
    name = decodeURIComponent(last);
  } catch {
    // keep it as written
  }
  return quoteUserText(name || uri);
}
