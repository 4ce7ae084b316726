// The guest platform a libvirt domain describes, for the firmware model: machine, RAM, the CPU the guest sees
// (or the choices the host leaves open), the firmware build and the OVMF aperture knob.
import { cpuModel, QEMU_DEFAULT_CPU_MODEL, QEMU_DEFAULT_PHYS_BITS } from '../catalog/cpuModels';
import type { CpuChoice, PlatformFacts } from '../model/firmware/scenarios';
import { SEABIOS_BUILD } from '../model/firmware/scenarios';
import type { VmModel } from '../model/vm';
import type { HostInventory } from '../host/inventory';
import type { DomainFacts } from './facts';
import { machineKind } from './machine';
import { hostChoices, ovmfBuilds } from '../model/firmware/analysis';
import { attrValue, child, childrenNamed, textOf } from './xml/dom';
import type { XmlDocument } from './xml/parser';

const X86_ARCHES = new Set(['x86_64', 'i686', 'i386']);

export function isX86(facts: DomainFacts): boolean {
  return facts.arch === undefined || X86_ARCHES.has(facts.arch);
}

/** TCG ('qemu') domains see the model's CPUID vendor; KVM replaces it with the host's. */
function accel(facts: DomainFacts): 'kvm' | 'tcg' {
  return attrValue(facts.domain, 'type') === 'qemu' ? 'tcg' : 'kvm';
}

function featurePolicy(facts: DomainFacts, name: string): boolean | undefined {
  for (const f of childrenNamed(facts.cpu, 'feature')) {
    if (attrValue(f, 'name') !== name) continue;
    const policy = attrValue(f, 'policy') ?? 'require';
    if (policy === 'require' || policy === 'force') return true;
    if (policy === 'disable' || policy === 'forbid') return false;
  }
  return undefined;
}

/** Bits set by <maxphysaddr>: a number (emulate bits=N), 'host' (passthrough, maybe limited), or undefined. */
function maxPhysAddr(facts: DomainFacts): { bits?: number; host?: { limit?: number } } {
  const mpa = facts.maxphysaddr;
  if (!mpa) return {};
  const mode = attrValue(mpa, 'mode');
  const num = (v: string | undefined): number | undefined => (v !== undefined && /^\d+$/.test(v) ? Number(v) : undefined);
  if (mode === 'emulate') {
    const bits = num(attrValue(mpa, 'bits'));
    return bits !== undefined ? { bits } : {};
  }
  if (mode === 'passthrough') {
    const limit = num(attrValue(mpa, 'limit'));
    return { host: limit !== undefined ? { limit } : {} };
  }
  return {};
}

/** The CPU(s) the guest may see, and how that was read. */
export function cpuChoices(doc: XmlDocument, facts: DomainFacts): { cpus: CpuChoice[]; why: string } {
  const cpu = facts.cpu;
  const mode = cpu ? (attrValue(cpu, 'mode') ?? 'custom') : 'custom';
  const kvm = accel(facts) === 'kvm';
  const mpa = maxPhysAddr(facts);
  const pdpe1gb = featurePolicy(facts, 'pdpe1gb');

  if (mode === 'host-passthrough' || mode === 'maximum') {
    if (kvm) {
      // QEMU ≥ 6.0 gives -cpu host/max the host's address bits (host-cpu.c); <maxphysaddr mode='emulate'> overrides.
      if (mpa.bits !== undefined) {
        return {
          cpus: [{ cpu: { vendor: 'intel', physBits: mpa.bits, pdpe1gb: pdpe1gb ?? true }, label: 'an Intel host CPU' }, { cpu: { vendor: 'amd', physBits: mpa.bits, pdpe1gb: pdpe1gb ?? true }, label: 'an AMD host CPU' }],
          why: `${mode} with <maxphysaddr mode='emulate' bits='${mpa.bits}'/>: the host's vendor, ${mpa.bits} physical address bits`,
        };
      }
      return { cpus: hostChoices(mpa.host?.limit, pdpe1gb), why: `${mode}: the host CPU's vendor and physical address bits${mpa.host?.limit !== undefined ? ` (limited to ${mpa.host.limit})` : ''}` };
    }
    const bits = mpa.bits ?? QEMU_DEFAULT_PHYS_BITS;
    return { cpus: [{ cpu: { vendor: 'amd', physBits: bits, pdpe1gb: pdpe1gb ?? true }, label: '' }], why: `${mode} under TCG: QEMU's "max" CPU (AMD vendor, ${bits} phys-bits, 1 GiB pages)` };
  }

  const bits = mpa.bits ?? (mpa.host ? undefined : QEMU_DEFAULT_PHYS_BITS);
  if (mode === 'host-model') {
    const why = `host-model: a named model like the host's, its vendor, ${bits ?? "the host's"} phys-bits`;
    if (bits === undefined) return { cpus: hostChoices(mpa.host?.limit, pdpe1gb), why };
    return { cpus: [{ cpu: { vendor: 'intel', physBits: bits, pdpe1gb: pdpe1gb ?? true }, label: 'an Intel host CPU' }, { cpu: { vendor: 'amd', physBits: bits, pdpe1gb: pdpe1gb ?? true }, label: 'an AMD host CPU' }], why };
  }

  const modelEl = child(cpu, 'model');
  const name = modelEl ? textOf(doc, modelEl) : '';
  const modelName = name || QEMU_DEFAULT_CPU_MODEL;
  const fact = cpuModel(modelName);
  const has1g = pdpe1gb ?? fact?.pdpe1gb ?? false;
  const described = `${name ? `CPU model ${modelName}` : `no CPU model: QEMU's default ${modelName}`}`;
  if (bits === undefined) return { cpus: hostChoices(mpa.host?.limit, has1g), why: `${described} with the host's address bits` };
  if (!kvm && fact) {
    return { cpus: [{ cpu: { vendor: fact.vendor, physBits: bits, pdpe1gb: has1g }, label: '' }], why: `${described} under TCG: ${fact.vendor === 'amd' ? 'AMD' : fact.vendor === 'intel' ? 'Intel' : 'other'} vendor, ${bits} phys-bits, ${has1g ? 'with' : 'no'} 1 GiB pages` };
  }
  // Under KVM the guest sees the host's vendor whatever the model says (cpu.c x86_cpu_load_model).
  return {
    cpus: [
      { cpu: { vendor: 'intel', physBits: bits, pdpe1gb: has1g }, label: 'an Intel host CPU' },
      { cpu: { vendor: 'amd', physBits: bits, pdpe1gb: has1g }, label: 'an AMD host CPU' },
    ],
    why: `${described}: ${bits} phys-bits, ${has1g ? 'with' : 'no'} 1 GiB pages, the host's CPU vendor (KVM)`,
  };
}

function intendedFwCfg(facts: DomainFacts): { fwCfgMmio64Mb?: number } {
  const mb = facts.fwCfgProblems.find((p) => p.mb !== undefined)?.mb;
  return mb !== undefined ? { fwCfgMmio64Mb: mb } : {};
}

/** Undefined when the file does not decide enough to place BARs (not x86, no memory, unknown firmware). */
export function platformFacts(doc: XmlDocument, facts: DomainFacts, model: VmModel, host: HostInventory | undefined): PlatformFacts | undefined {
  if (!isX86(facts) || facts.memoryKiB === undefined) return undefined;
  if (model.firmware.kind === 'unknown') return undefined;
  const kind = machineKind(facts.machine?.value);
  if (kind === 'other') return undefined;
  const { cpus, why } = cpuChoices(doc, facts);
  return {
    machine: kind === 'q35' ? 'q35' : 'i440fx',
    ramBytes: facts.memoryKiB * 1024,
    ...(facts.maxMemoryKiB !== undefined ? { maxRamBytes: facts.maxMemoryKiB * 1024 } : {}),
    ...(facts.memorySlots !== undefined ? { slots: facts.memorySlots } : {}),
    cpus,
    cpuWhy: why,
    builds: model.firmware.kind === 'efi' ? ovmfBuilds(host) : [SEABIOS_BUILD],
    // A knob written in a form QEMU cannot take is reported by itself (libvirt/mmio-window); the size meant is
    // used here so the placement verdict is about the size, not the form.
    ...(facts.fwCfg ? { fwCfgMmio64Mb: facts.fwCfg.mb } : intendedFwCfg(facts)),
  };
}
