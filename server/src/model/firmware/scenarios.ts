// What a VM file decides about its guest platform, and what it leaves to the machine that runs it.
// A fact the file cannot decide (the host's CPU vendor under KVM, its address bits under host-passthrough,
// which OVMF build is installed) becomes a set of choices; the firmware model runs once per combination and the
// rules report an error only when every combination fails, a warning naming the combinations when they disagree.
import { FirmwareBuild, GuestCpu, GuestPlatform, place, PlacementDevice, PlacementResult } from './placement';

export interface CpuChoice {
  cpu: GuestCpu;
  /** What this choice stands for, for messages: "an Intel host CPU". Empty when the file decides the CPU. */
  label: string;
}

export interface BuildChoice {
  build: FirmwareBuild;
  label: string;
}

export interface PlatformFacts {
  machine: GuestPlatform['machine'];
  ramBytes: number;
  maxRamBytes?: number;
  slots?: number;
  /** One choice when the file decides the guest CPU; several when the host does. */
  cpus: CpuChoice[];
  /** How the CPU was read: "named model Skylake-Client-IBRS (Intel, 40 phys-bits, no 1 GiB pages)". */
  cpuWhy: string;
  builds: BuildChoice[];
  fwCfgMmio64Mb?: number;
}

export interface Outcome {
  build: BuildChoice;
  cpu: CpuChoice;
  result: PlacementResult;
}

export const OVMF_BUILDS: BuildChoice[] = [
  { build: 'ovmf-dynamic', label: 'OVMF from edk2-stable202211 on' },
  { build: 'ovmf-classic', label: 'OVMF before edk2-stable202211 such as 2022.02' },
];
export const SEABIOS_BUILD: BuildChoice = { build: 'seabios', label: 'SeaBIOS' };

/** Host CPUs that stand for "the host decides" when nothing else is known (address bits as CPUID reports them). */
export const HOST_CPU_CHOICES: CpuChoice[] = [
  { cpu: { vendor: 'intel', physBits: 39, pdpe1gb: true }, label: 'an Intel desktop host CPU with 39 address bits' },
  { cpu: { vendor: 'intel', physBits: 46, pdpe1gb: true }, label: 'an Intel Xeon host CPU with 46 bits' },
  { cpu: { vendor: 'amd', physBits: 48, pdpe1gb: true }, label: 'an AMD EPYC host CPU with 48 bits' },
];

export function evaluate(facts: PlatformFacts, devices: PlacementDevice[]): Outcome[] {
  const out: Outcome[] = [];
  for (const build of facts.builds) {
    for (const cpu of facts.cpus) {
      const platform: GuestPlatform = {
        machine: facts.machine,
        ramBytes: facts.ramBytes,
        cpu: cpu.cpu,
        ...(facts.maxRamBytes !== undefined ? { maxRamBytes: facts.maxRamBytes } : {}),
        ...(facts.slots !== undefined ? { slots: facts.slots } : {}),
        ...(facts.fwCfgMmio64Mb !== undefined ? { fwCfgMmio64Mb: facts.fwCfgMmio64Mb } : {}),
      };
      out.push({ build, cpu, result: place(build.build, platform, devices) });
    }
  }
  return out;
}

/**
 * Names a set of outcomes by what the file did not decide, as briefly as it can: a whole build ("OVMF before
 * edk2-stable202211"), a CPU across every build ("an Intel host CPU"), or the pair.
 */
export function outcomesLabel(group: Outcome[], facts: PlatformFacts): string {
  const left = new Set(group);
  const parts: string[] = [];
  const multiBuild = facts.builds.length > 1;
  const multiCpu = facts.cpus.length > 1;
  if (multiBuild) {
    for (const b of facts.builds) {
      const mine = group.filter((o) => o.build === b);
      if (mine.length === facts.cpus.length) {
        parts.push(b.label);
        for (const o of mine) left.delete(o);
      }
    }
  }
  if (multiCpu) {
    for (const c of facts.cpus) {
      const mine = [...left].filter((o) => o.cpu === c);
      if (mine.length && mine.length === facts.builds.length - parts.length) {
        parts.push(c.label);
        for (const o of mine) left.delete(o);
      }
    }
  }
  for (const o of left) parts.push([multiBuild ? o.build.label : '', multiCpu ? `with ${o.cpu.label}` : ''].filter(Boolean).join(' '));
  return parts.join(', or ');
}
