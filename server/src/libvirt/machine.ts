// QEMU x86 machine types: q35 (PCIe) or i440fx ("pc").
import type { DomainFacts } from './facts';

export function machineKind(machine: string | undefined): 'q35' | 'i440fx' | 'other' | undefined {
  if (machine === undefined) return undefined;
  const m = machine.trim().toLowerCase();
  if (m === 'q35' || m.startsWith('pc-q35')) return 'q35';
  if (m === 'pc' || m.startsWith('pc-i440fx') || /^pc-\d/.test(m)) return 'i440fx';
  return 'other';
}

export function isQ35(facts: DomainFacts): boolean {
  return machineKind(facts.machine?.value) === 'q35';
}
