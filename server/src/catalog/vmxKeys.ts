// VMX keys the product knows: type, meaning and source. Keys with an index are written with "N"
// (pciPassthruN.present). In the GPU namespaces (CHECKED_PREFIXES) an unknown key is reported by
// vmx/unknown-key with a did-you-mean; since no source lists any of them whole, only as a hint. A
// namespace moves to FULLY_LISTED_NAMESPACES (unknown key = warning) only with a source that lists it
// whole. Keys in other namespaces are accepted as they are.
import { packKeyHead } from '../util/strings';
import { GUESTOS_SOURCE } from './guestOs';
import { DENNEMAN_DYNAMIC_DIRECTPATH, NVIDIA_GPU_OPERATOR_RDMA_VSPHERE, PACKER_VIRTUALSSD_UNQUOTED, SEED_BAR_ARTICLE, SEED_NESTED_ESXI, SEED_VGPU_OVERVIEW, VMWARE_1GB_PAGES, VMWARE_TPS_SALT } from './sources';

export type VmxValueType =
  | { kind: 'bool' }
  | { kind: 'enum'; values: string[] }
  | { kind: 'int'; min?: number; unit?: string }
  | { kind: 'mmioSizeGb' }
  | { kind: 'hexId' }
  | { kind: 'pciAddress' }
  | { kind: 'vgpuProfile' }
  | { kind: 'guestOs' }
  | { kind: 'string' };

export interface VmxKeySpec {
  /** Canonical spelling; "N" stands for a device index. */
  key: string;
  type: VmxValueType;
  description: string;
  /** Value used when the key is absent, when that matters. */
  defaultValue?: string;
  source: string;
}

const VMWARE_DOCS = 'VMware vSphere documentation, VM advanced configuration parameters';

/**
 * Largest pciPassthru.64bitMMIOSizeGB accepted. VMware publishes no maximum; 65536 GB (64 TB, 2^46
 * bytes) is far above the window any multi-GPU VM needs (eight GPUs with 128 GB BARs: 2 TB) and still
 * inside a 48-bit guest physical address space. A larger value is a typo (or a unit slip), and it
 * keeps the arithmetic of the MMIO rules on exact integers.
 */
export const MAX_MMIO_SIZE_GB = 65536;

const bool = { kind: 'bool' } as const;

export const VMX_KEYS: VmxKeySpec[] = [
  // --- PCI passthrough & vGPU ------------------------------------------------------------
  { key: 'pciPassthru.use64bitMMIO', type: bool, defaultValue: 'FALSE', source: SEED_BAR_ARTICLE,
    description: 'Enables a 64-bit MMIO window above 4 GB for passthrough devices. Without it the VM has the 32 GB default window. (The article that popularised it prints it as `pciPassthru.set.usebitMMIO` – that key does not exist.)' },
  { key: 'pciPassthru.64bitMMIOSizeGB', type: { kind: 'mmioSizeGb' }, source: SEED_BAR_ARTICLE,
    description: 'Size in GB of the 64-bit MMIO window for the whole VM: the sum of all BARs of all assigned GPUs, rounded up to a power of two. Over-sizing costs almost nothing (128 → 512 GB added ~14 MB of VM overhead); under-sizing fails at power-on.' },
  { key: 'pciPassthru.allowP2P', type: bool, source: NVIDIA_GPU_OPERATOR_RDMA_VSPHERE, description: 'Allows peer-to-peer DMA between passthrough devices of this VM (GPUDirect P2P / RDMA), with `pciPassthru.RelaxACSforP2P`.' },
  { key: 'pciPassthru.RelaxACSforP2P', type: bool, source: NVIDIA_GPU_OPERATOR_RDMA_VSPHERE, description: 'Relaxes the PCIe ACS checks so that passthrough devices of this VM can do peer-to-peer DMA (GPUDirect RDMA with a NIC under the same root complex).' },
  { key: 'pciPassthru.maxMSIXvectors', type: { kind: 'int', min: 1 }, source: VMWARE_DOCS, description: 'Maximum number of MSI-X vectors per passthrough device.' },
  { key: 'pciPassthruN.present', type: bool, source: VMWARE_DOCS, description: 'Whether passthrough device N is attached.' },
  { key: 'pciPassthruN.id', type: { kind: 'pciAddress' }, source: VMWARE_DOCS,
    description: 'Host PCI address of the device, in ESXi\'s decimal form `SSSSS:BBB:DD.F` (e.g. `00000:059:00.0`), not lspci\'s hex `0000:3b:00.0`.' },
  { key: 'pciPassthruN.deviceId', type: { kind: 'hexId' }, source: VMWARE_DOCS, description: 'PCI device id of the passthrough device (hex, e.g. `0x20b1` for an A100 40 GB).' },
  { key: 'pciPassthruN.vendorId', type: { kind: 'hexId' }, source: VMWARE_DOCS, description: 'PCI vendor id of the passthrough device (`0x10de` is NVIDIA).' },
  { key: 'pciPassthruN.subDeviceId', type: { kind: 'hexId' }, source: VMWARE_DOCS, description: 'PCI subsystem device id (tells apart boards that share a device id, e.g. A2 and A16).' },
  { key: 'pciPassthruN.subVendorId', type: { kind: 'hexId' }, source: VMWARE_DOCS, description: 'PCI subsystem vendor id.' },
  { key: 'pciPassthruN.systemId', type: { kind: 'string' }, source: VMWARE_DOCS, description: 'Host system UUID the device belongs to (`BYPASS` for SR-IOV VFs).' },
  { key: 'pciPassthruN.virtualDev', type: { kind: 'enum', values: ['vmiop'] }, source: SEED_VGPU_OVERVIEW, description: '`vmiop` makes device N an NVIDIA vGPU (with `pciPassthruN.vgpu`).' },
  { key: 'pciPassthruN.vgpu', type: { kind: 'vgpuProfile' }, source: SEED_VGPU_OVERVIEW, description: 'NVIDIA vGPU profile of device N, e.g. `grid_a100-4c` (GPU a100, 4 GB framebuffer, C-series compute).' },
  { key: 'pciPassthruN.pciSlotNumber', type: { kind: 'int', min: 0 }, source: VMWARE_DOCS, description: 'Virtual PCI slot the device appears in.' },
  { key: 'pciPassthruN.class', type: { kind: 'hexId' }, source: VMWARE_DOCS, description: 'PCI class code of the device.' },
  { key: 'pciPassthruN.msiEnabled', type: bool, source: VMWARE_DOCS, description: 'Use MSI interrupts for the device.' },
  { key: 'pciPassthruN.pfId', type: { kind: 'pciAddress' }, source: VMWARE_DOCS, description: 'Physical function of an SR-IOV virtual function.' },
  { key: 'pciPassthruN.pxm', type: { kind: 'int', min: 0 }, source: VMWARE_DOCS, description: 'NUMA proximity domain of the device.' },
  { key: 'pciPassthruN.allowedDevices', type: { kind: 'string' }, source: DENNEMAN_DYNAMIC_DIRECTPATH, description: 'Dynamic DirectPath I/O: the model (`"0x10de:0x20b5"`, vendor:device) ESXi assigns a matching device of at power-on; read like `vendorId`/`deviceId` for the BAR checks.' },
  { key: 'pciPassthruN.customLabel', type: { kind: 'string' }, source: DENNEMAN_DYNAMIC_DIRECTPATH, description: 'Dynamic DirectPath I/O: the hardware label a matching device must carry (set on the host\'s PCI device).' },
  { key: 'pciPassthruN.vmiop.migration.mode', type: { kind: 'string' }, source: SEED_VGPU_OVERVIEW, description: 'vGPU migration mode.' },
  // --- memory reservation ----------------------------------------------------------------
  { key: 'sched.mem.pin', type: bool, source: SEED_BAR_ARTICLE, description: '"Reserve all guest memory (All locked)": pins all guest memory. Passthrough and vGPU VMs need a full reservation for DMA.' },
  { key: 'sched.mem.min', type: { kind: 'int', min: 0, unit: 'MB' }, source: SEED_BAR_ARTICLE, description: 'Memory reservation in MB. For passthrough/vGPU it must equal `memsize`, or power-on fails with "Invalid memory setting: memory reservation (sched.mem.min) should be equal to memsize".' },
  { key: 'sched.mem.minSize', type: { kind: 'int', min: 0, unit: 'MB' }, source: VMWARE_DOCS, description: 'Memory reservation size in MB (written by vSphere beside `sched.mem.min`).' },
  { key: 'sched.mem.max', type: { kind: 'string' }, source: VMWARE_DOCS, description: 'Memory limit in MB, or `unlimited`.' },
  { key: 'sched.mem.shares', type: { kind: 'string' }, source: VMWARE_DOCS, description: 'Memory shares: `low`, `normal`, `high` or a number.' },
  { key: 'sched.mem.maxmemctl', type: { kind: 'int', min: 0, unit: 'MB' }, source: VMWARE_DOCS, description: 'Maximum memory reclaimed by the balloon driver, in MB.' },
  { key: 'sched.mem.affinity', type: { kind: 'string' }, source: VMWARE_DOCS, description: 'NUMA nodes the memory may come from.' },
  { key: 'sched.mem.prealloc', type: bool, source: VMWARE_DOCS, description: 'Pre-allocate all guest memory at power-on.' },
  { key: 'sched.mem.pshare.enable', type: bool, source: VMWARE_DOCS, description: 'Transparent page sharing for this VM.' },
  { key: 'sched.mem.lpage.enable', type: bool, source: VMWARE_DOCS, description: 'Large pages for this VM.' },
  { key: 'sched.mem.lpage.enable1GPage', type: bool, source: VMWARE_1GB_PAGES, description: 'Backs guest memory with 1 GB pages where the host can (best effort). Needs a full memory reservation, or the VM does not power on.' },
  { key: 'sched.mem.pshare.salt', type: { kind: 'string' }, source: VMWARE_TPS_SALT, description: 'Salt for transparent page sharing: VMs with the same salt may share memory pages (default: `vc.uuid`, so only within the VM).' },
  // --- nested virtualization & vIOMMU ----------------------------------------------------
  { key: 'vhv.enable', type: bool, source: SEED_NESTED_ESXI, description: 'Exposes hardware-assisted virtualization (VT-x/AMD-V) to the guest, e.g. for nested ESXi.' },
  { key: 'vhv.allowPassthru', type: bool, source: SEED_NESTED_ESXI, description: 'Keeps nested hardware virtualization enabled while passthrough devices are attached (needed for double GPU passthrough).' },
  { key: 'vvtd.enable', type: bool, source: SEED_NESTED_ESXI, description: 'Virtual Intel VT-d (virtual IOMMU) for the guest – a nested ESXi needs it to pass a GPU on to its own VM.' },
  { key: 'amd.iommu.supportsPcip', type: bool, source: SEED_NESTED_ESXI, description: 'On AMD hosts: lets the virtual IOMMU support PCI passthrough for a nested hypervisor.' },
  // --- firmware --------------------------------------------------------------------------
  { key: 'firmware', type: { kind: 'enum', values: ['efi', 'bios'] }, defaultValue: 'bios', source: SEED_BAR_ARTICLE,
    description: 'VM firmware. A GPU whose BAR1 is larger than 256 MB (and any vGPU) needs `efi`: BIOS maps BARs only below 4 GB. Changing it on an installed guest means reinstalling the guest OS.' },
  { key: 'uefi.secureBoot.enabled', type: bool, source: VMWARE_DOCS, description: 'UEFI Secure Boot for the VM (needs `firmware = "efi"`).' },
  { key: 'uefi.allowAuthBypass', type: bool, source: VMWARE_DOCS, description: 'Allows UEFI variable authentication bypass.' },
  { key: 'uefi.bootDeviceClasses', type: { kind: 'string' }, source: VMWARE_DOCS, description: 'UEFI boot device classes allowed.' },
  // --- general keys the GPU rules read ----------------------------------------------------
  { key: 'memSize', type: { kind: 'int', min: 1, unit: 'MB' }, source: VMWARE_DOCS, description: 'Guest memory in MB. Passthrough/vGPU VMs must reserve all of it.' },
  { key: 'numvcpus', type: { kind: 'int', min: 1 }, source: VMWARE_DOCS, description: 'Number of virtual CPUs.' },
  { key: 'guestOS', type: { kind: 'guestOs' }, source: GUESTOS_SOURCE, description: 'Guest OS id. GPU drivers need a 64-bit guest (ids ending in `-64`, or `vmkernel7`/`vmkernel8` for nested ESXi).' },
  { key: 'virtualHW.version', type: { kind: 'int', min: 4 }, source: VMWARE_DOCS, description: 'Virtual hardware version.' },
  { key: 'hypervisor.cpuid.v0', type: bool, source: VMWARE_DOCS, description: 'FALSE hides the hypervisor CPUID bit from the guest (older consumer GPU drivers refuse to run in a VM).' },
  { key: 'monitor.phys_bits_used', type: { kind: 'int', min: 32 }, source: VMWARE_DOCS, description: 'Physical address bits exposed to the guest; the MMIO window must fit below them.' },
  { key: 'vgpu.hotmigrate.enabled', type: bool, source: SEED_VGPU_OVERVIEW, description: 'vCenter advanced setting that allows vMotion of vGPU VMs (set in vCenter, not per VM).' },
];

/**
 * Bare (unquoted) values that tools write on purpose and VMware reads: vmx/unquoted-value leaves them
 * alone. Only the forms with evidence: a disk's virtualSSD flag as 0 or 1 (`scsi0:0.virtualSSD = 1`).
 */
export const ACCEPTED_UNQUOTED: { key: RegExp; value: RegExp; source: string }[] = [
  { key: /^(?:scsi|sata|ide|nvme)\d+:\d+\.virtualssd$/, value: /^[01]$/, source: PACKER_VIRTUALSSD_UNQUOTED },
];

/** True for a bare value written in a form VMware accepts and tools write (`lower`: the lower-case key). */
export function isAcceptedUnquoted(lower: string, raw: string): boolean {
  return ACCEPTED_UNQUOTED.some((f) => f.key.test(lower) && f.value.test(raw));
}

/** The GPU namespaces whose keys are checked: an unknown key here is reported (a hint, with did-you-mean). */
export const CHECKED_PREFIXES = ['pcipassthru', 'sched.mem.', 'vhv.', 'vvtd.', 'uefi.', 'amd.iommu.'];
export const CHECKED_KEYS = ['firmware'];

/**
 * Namespaces a source lists whole (lower case, with the source): an unknown key there is a warning.
 * None so far: VMware documents GPU keys one article at a time, never a namespace's complete list.
 */
export const FULLY_LISTED_NAMESPACES: { prefix: string; source: string }[] = [];

/** Sub-namespaces that hold vendor/driver configuration VMware does not enumerate: left alone (all under pciPassthruN.). */
const OPEN_SUBNAMESPACES = [/^pcipassthru(\d+|\*)\.(cfg|dvs|dvx|vmiop|filter|npiv)\./];

// Every entry of a document is looked up, so the common case (a key outside the GPU namespaces, such
// as scsi0:0.fileName) is answered from its first four characters (packKeyHead), without a regular
// expression or a lower-case copy of the key. Every covered prefix and known key has four or more.
const COVERED_HEADS = new Set([...CHECKED_PREFIXES, ...CHECKED_KEYS].map(packKeyHead));
const PCIPASSTHRU = 'pcipassthru';
const INDEXED_PREFIX = /^pcipassthru(\d+|\*)\./;

/** Turns "pciPassthru12.present" into "pcipassthrun.present" for lookup. */
export function canonicalKeyPattern(key: string): string {
  return canonicalLower(key.toLowerCase());
}

function canonicalLower(lower: string): string {
  if (!lower.startsWith(PCIPASSTHRU)) return lower;
  const c = lower.charCodeAt(PCIPASSTHRU.length);
  // "pciPassthru.use64bitMMIO" (no index) is looked up as written.
  return (c >= 48 && c <= 57) || c === 42 ? lower.replace(INDEXED_PREFIX, 'pcipassthrun.') : lower;
}

const byPattern = new Map(VMX_KEYS.map((k) => [k.key.toLowerCase(), k]));
const CATALOG_HEADS = new Set([...[...byPattern.keys()].map(packKeyHead), ...COVERED_HEADS]);

/**
 * False when neither a catalog key nor a fully covered namespace starts with these four characters
 * (packKeyHead of the lower-case key): such a key has no spec and is never an unknown key.
 */
export function mayBeCatalogKey(head: number): boolean {
  return CATALOG_HEADS.has(head);
}

export function findKeySpec(key: string): VmxKeySpec | undefined {
  return findKeySpecLower(key.toLowerCase());
}

/** findKeySpec for a key already in lower case (VmxEntry.key.lower). */
export function findKeySpecLower(lower: string): VmxKeySpec | undefined {
  return byPattern.get(canonicalLower(lower));
}

export function isInCheckedNamespace(key: string): boolean {
  return isInCheckedNamespaceLower(key.toLowerCase());
}

/** True when a source lists the key's whole namespace, so an unknown key there is surely a mistake. */
export function isInFullyListedNamespaceLower(lower: string): boolean {
  return FULLY_LISTED_NAMESPACES.some((n) => lower.startsWith(n.prefix));
}

/** isInCheckedNamespace for a key already in lower case (VmxEntry.key.lower). */
export function isInCheckedNamespaceLower(lower: string): boolean {
  if (CHECKED_KEYS.includes(lower)) return true;
  if (!CHECKED_PREFIXES.some((p) => lower.startsWith(p))) return false;
  // The open sub-namespaces all sit under pciPassthruN.
  return !(lower.startsWith(PCIPASSTHRU) && OPEN_SUBNAMESPACES.some((re) => re.test(lower)));
}

/** The device index in "pciPassthru3.present", or undefined. */
export function passthruIndex(key: string): number | undefined {
  const m = /^pcipassthru(\d+)\./i.exec(key);
  return m ? Number(m[1]) : undefined;
}
