// Rules that judge the whole VM through the model (MMIO window, firmware, memory reservation, nested
// ESXi, GPU identification, duplicate devices), as opposed to rules about one line, value or element.
//
// While a document has syntax errors (a vmx/syntax line; an xml/syntax error) these rules do not run. VMware and libvirt refuse such a file until it is fixed, the model is built from a guess of
// what the broken lines say, and a fix could insert next to or edit around a broken line. So the user
// sees the syntax errors first, and the whole-VM findings once the file parses again. Typographic quotes
// (vmx/smart-quotes, xml/smart-quotes) do not count: their values are recovered exactly and fixed safely.
import type { Rule } from './rule';
import type { Finding, Settings } from './types';

export const WHOLE_VM_RULE_IDS: ReadonlySet<string> = new Set([
  'vmx/mmio-not-enabled',
  'vmx/mmio-too-small',
  'vmx/mmio-size-ignored',
  'vmx/bios-large-bar',
  'vmx/memory-not-reserved',
  'vmx/guest-32bit',
  'vmx/nested-passthrough',
  'vmx/unknown-gpu',
  'libvirt/mmio-window',
  'libvirt/phys-bits',
  'libvirt/pci-machine',
  'libvirt/locked-without-hard-limit',
  'libvirt/hostdev-duplicate',
  'libvirt/unknown-gpu',
  'libvirt/iommu-group',
  'libvirt/vgpu-mixed-profiles',
  'libvirt/guest-address',
  'libvirt/numa',
  'proxmox/mmio-window',
  'proxmox/phys-bits',
  'proxmox/duplicate-hostpci',
  'proxmox/balloon',
  'proxmox/unknown-gpu',
  'proxmox/iommu-group',
  'proxmox/vgpu-mixed-profiles',
  'proxmox/numa',
]);

/** Whether a rule runs: not set to "off", and not a whole-VM rule while the document is `broken`. */
export function ruleRuns(id: string, settings: Settings, broken: boolean): boolean {
  return settings.rules[id] !== 'off' && !(broken && WHOLE_VM_RULE_IDS.has(id));
}

/** The findings of the rules that run (ruleRuns), in the rules' order. */
export function runRules<C>(rules: readonly Rule<C>[], ctx: C, settings: Settings, broken: boolean): Finding[] {
  return rules.filter((r) => ruleRuns(r.meta.id, settings, broken)).flatMap((r) => r.check(ctx));
}
