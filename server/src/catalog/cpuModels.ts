// QEMU's x86 CPU models: the CPUID vendor each one reports and whether it offers 1 GiB pages (pdpe1gb).
// Both decide OVMF's 64-bit PCI window (model/firmware/placement.ts). Source: qemu/qemu target/i386/cpu.c
// `builtin_x86_defs` (`.vendor = CPUID_VENDOR_*`, `CPUID_EXT2_PDPE1GB` in `.features[FEAT_8000_0001_EDX]`);
// no version or alias (-vN, -IBRS, -noTSX, …) of a model sets or clears pdpe1gb, so a versioned name has its
// base model's values. Under KVM (and HVF) QEMU replaces the model's vendor with the host's
// (x86_cpu_load_model: "overloaded with the host cpu vendor for KVM and HVF"; host-cpu.c host_cpu_instance_init),
// and filters pdpe1gb when the host lacks it. Named models get 40 physical address bits unless phys-bits is set
// (cpu.c x86_cpu_realizefn: TCG_PHYS_ADDR_BITS); -cpu host / max under KVM pass the host's (host-cpu.c
// host_cpu_max_instance_init, QEMU ≥ 6.0, commit 5a140b255df9).
export const QEMU_CPU_SOURCE = 'qemu/qemu target/i386/cpu.c (builtin_x86_defs, x86_cpu_realizefn) and target/i386/host-cpu.c';

export type CpuVendor = 'intel' | 'amd' | 'other';

export interface CpuModelFact {
  vendor: CpuVendor;
  pdpe1gb: boolean;
}

const MODELS: Record<string, CpuModelFact> = {};
function add(vendor: CpuVendor, pdpe1gb: boolean, names: string): void {
  for (const n of names.split(/\s+/).filter(Boolean)) MODELS[n.toLowerCase()] = { vendor, pdpe1gb };
}
add('amd', false, 'qemu64 athlon Opteron_G1 Opteron_G2 Opteron_G3');
add('amd', true, 'phenom Opteron_G4 Opteron_G5 EPYC EPYC-Rome EPYC-Milan EPYC-Genoa');
add('intel', false, 'core2duo kvm64 qemu32 kvm32 coreduo 486 pentium pentium2 pentium3 n270 Conroe Penryn Nehalem Westmere SandyBridge IvyBridge Haswell Broadwell Skylake-Client');
add('intel', true, 'Skylake-Server Cascadelake-Server Cooperlake Icelake-Server SapphireRapids GraniteRapids SierraForest ClearwaterForest Denverton Snowridge KnightsMill');
add('other', true, 'Dhyana YongFeng');

/** QEMU's default CPU model for x86-64 machines when no -cpu is given (libvirt: no <cpu> element). */
export const QEMU_DEFAULT_CPU_MODEL = 'qemu64';
/** Physical address bits QEMU gives named models when phys-bits is not set. */
export const QEMU_DEFAULT_PHYS_BITS = 40;

/** The model's facts; version and alias suffixes (-v3, -IBRS, -noTSX, -noTSX-IBRS, -IBPB) are stripped. */
export function cpuModel(name: string): CpuModelFact | undefined {
  let n = name.trim().toLowerCase();
  for (;;) {
    if (MODELS[n]) return MODELS[n];
    const stripped = n.replace(/-(v\d+|ibrs|notsx|ibpb)$/, '');
    if (stripped === n) return undefined;
    n = stripped;
  }
}
