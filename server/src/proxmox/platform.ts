// The guest platform a Proxmox config describes, for the firmware model (model/firmware/): machine, RAM, the CPU
// the guest sees (or the choices the host leaves open), the firmware build and the OVMF aperture from `args`.
// Sources: proxmox/qemu-server src/PVE/QemuServer/CPUConfig.pm (get_default_cpu_type: kvm64 under KVM; `host`
// is -cpu host; phys-bits N → phys-bits=N, `host` → host-phys-bits=true; x86-64-v2-AES & co. are qemu64 with
// flags), src/PVE/QemuServer/Machine.pm (machine_base_type: /q35/ → q35, /^pc/ → i440fx, default i440fx).
import { cpuModel, QEMU_DEFAULT_PHYS_BITS } from '../catalog/cpuModels';
import type { HostInventory } from '../host/inventory';
import { hostChoices, ovmfBuilds } from '../model/firmware/analysis';
import type { CpuChoice, PlatformFacts } from '../model/firmware/scenarios';
import { SEABIOS_BUILD } from '../model/firmware/scenarios';
import type { VmModel } from '../model/vm';
import { PVE_DEFAULT_MEMORY_MB } from './adapter';
import type { ProxmoxFacts } from './facts';
import { parseBool } from './facts';
import { currentProperty, PxDocument } from './parser';

/** Proxmox's default CPU type under KVM (CPUConfig.pm get_default_cpu_type). */
export const PVE_DEFAULT_CPU = 'kvm64';

function bothVendors(bits: number, pdpe1gb: boolean): CpuChoice[] {
  return [
    { cpu: { vendor: 'intel', physBits: bits, pdpe1gb }, label: 'an Intel host CPU' },
    { cpu: { vendor: 'amd', physBits: bits, pdpe1gb }, label: 'an AMD host CPU' },
  ];
}

export function cpuChoices(doc: PxDocument, facts: ProxmoxFacts): { cpus: CpuChoice[]; why: string } | undefined {
  const kvmLine = currentProperty(doc, 'kvm');
  const kvm = kvmLine ? parseBool(kvmLine.value!.text) !== false : true;
  const type = facts.cpu?.type || PVE_DEFAULT_CPU;
  const described = facts.cpu?.type ? `cpu: ${type}` : `no cpu: Proxmox's default ${PVE_DEFAULT_CPU}`;
  const pb = facts.cpu?.physBits?.value.text;
  const bits = pb !== undefined && /^\d+$/.test(pb) ? Number(pb) : undefined;
  const hostBits = pb === 'host';
  if (pb !== undefined && bits === undefined && !hostBits) return undefined;
  const flag = facts.cpu?.flags?.find((f) => /^[+-]pdpe1gb$/.test(f));
  const pdpe1gbFlag = flag ? flag.startsWith('+') : undefined;
  if (type.startsWith('custom-')) return undefined; // a model from /etc/pve/virtual-guest/cpu-models.conf: not in the file
  if (type === 'host' || type === 'max') {
    if (!kvm) return { cpus: [{ cpu: { vendor: 'amd', physBits: bits ?? QEMU_DEFAULT_PHYS_BITS, pdpe1gb: pdpe1gbFlag ?? true }, label: '' }], why: `${described} under TCG: QEMU's "max" CPU` };
    if (bits !== undefined) return { cpus: bothVendors(bits, pdpe1gbFlag ?? true), why: `${described} with phys-bits=${bits}: the host's vendor, ${bits} physical address bits` };
    return { cpus: hostChoices(undefined, pdpe1gbFlag), why: `${described}: the host CPU's vendor and physical address bits` };
  }
  const base = /^x86-64-v\d/.test(type) ? 'qemu64' : type;
  const fact = cpuModel(base);
  const has1g = pdpe1gbFlag ?? fact?.pdpe1gb ?? false;
  if (hostBits) return { cpus: hostChoices(undefined, has1g), why: `${described} with phys-bits=host: the host's address bits` };
  const b = bits ?? QEMU_DEFAULT_PHYS_BITS;
  if (!kvm && fact) return { cpus: [{ cpu: { vendor: fact.vendor, physBits: b, pdpe1gb: has1g }, label: '' }], why: `${described} under TCG (kvm: 0): ${b} phys-bits, ${has1g ? 'with' : 'no'} 1 GiB pages` };
  return { cpus: bothVendors(b, has1g), why: `${described}: ${b} phys-bits, ${has1g ? 'with' : 'no'} 1 GiB pages, the host's CPU vendor (KVM)` };
}

/**
 * Whether Proxmox puts this hostpci where the firmware lab measured placement (docs/firmware-lab.md): on q35 with
 * pcie=1 behind a root port of its own (ich9-pcie-port-N, more added from hostpci4 on); on i440fx hostpci0-3 on the
 * root bus. Without pcie=1 on q35 the device sits on the root complex itself, and hostpci4-15 without it behind a
 * PCI bridge (PCI.pm print_pci_addr / print_pcie_addr): places the lab has no row for, so no verdict is given there.
 */
export function labSlot(index: number, pcie: boolean, q35: boolean): boolean {
  return q35 ? pcie : index < 4;
}

/** Undefined when the file does not decide enough to place BARs (not x86, unknown machine or firmware, a custom CPU model). */
export function platformFacts(doc: PxDocument, facts: ProxmoxFacts, model: VmModel, host: HostInventory | undefined): PlatformFacts | undefined {
  const arch = currentProperty(doc, 'arch')?.value!.text;
  if (arch !== undefined && arch !== 'x86_64') return undefined;
  if (model.firmware.kind === 'unknown') return undefined;
  const type = facts.machine?.type;
  if (type && !facts.machine!.q35 && !facts.machine!.i440fx) return undefined;
  if (facts.hostpcis.some((h) => !h.prop('mdev') && !labSlot(h.index, h.flag('pcie') === true, facts.machine?.q35 === true))) return undefined;
  const cpu = cpuChoices(doc, facts);
  if (!cpu) return undefined;
  const memory = currentProperty(doc, 'memory');
  if (memory && !facts.memoryMb) return undefined;
  return {
    machine: facts.machine?.q35 ? 'q35' : 'i440fx',
    ramBytes: (facts.memoryMb?.value ?? PVE_DEFAULT_MEMORY_MB) * 2 ** 20,
    cpus: cpu.cpus,
    cpuWhy: cpu.why,
    builds: model.firmware.kind === 'efi' ? ovmfBuilds(host) : [SEABIOS_BUILD],
    ...(facts.args?.fwCfg ? { fwCfgMmio64Mb: facts.args.fwCfg.mb } : {}),
  };
}
