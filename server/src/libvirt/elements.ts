// The GPU-relevant subset of libvirt's domain and node-device XML: for each element, where it lives,
// every attribute libvirt's schema allows on it (so a misspelling can be told from a real attribute),
// the values completion offers, and a one-paragraph explanation with its source.
// Attribute lists follow libvirt's RelaxNG schema (domaincommon.rng, libvirt 9–10) for these elements;
// an element not listed here is never checked for unknown attributes.
import { EDK2_OVMF_MMIO64, LIBVIRT_FORMATDOMAIN, LIBVIRT_FORMATNODE, NVIDIA_NV_PCI_BAR_INVALID, QEMU_PCIE_GUIDELINES, SEED_VGPU_KVM } from '../catalog/sources';

export const LIBVIRT_FORMAT_DOMAIN = `${LIBVIRT_FORMATDOMAIN} and its RelaxNG schema domaincommon.rng`;
export const LIBVIRT_FORMAT_NODEDEV = `${LIBVIRT_FORMATNODE} and its schema nodedev.rng`;
export const LIBVIRT_KBASE_PCI_HOLE = `libvirt, "PCI topology and hotplug" (libvirt.org/pci-hotplug.html); ${QEMU_PCIE_GUIDELINES}; ${EDK2_OVMF_MMIO64}`;

export interface ElementSpec {
  name: string;
  /** Parent element names this spec applies under ('*' = anywhere). */
  parents: string[];
  /** Every attribute the schema allows, with the values completion offers ([] = free text). */
  attributes: Record<string, string[]>;
  /** Child elements offered by completion. */
  children?: string[];
  /** The attribute list is only what completion offers, not all the schema allows: never report unknown attributes here. */
  openAttributes?: boolean;
  /** What completion inserts after '<' for a new element (snippet syntax); default: see elementSnippet in features.ts. */
  snippet?: string;
  doc: string;
  source: string;
}

const ONOFF = ['on', 'off'];
const YESNO = ['yes', 'no'];
const HYPERV_FEATURES = ['relaxed', 'vapic', 'vpindex', 'runtime', 'synic', 'reset', 'frequencies', 'reenlightenment', 'ipi', 'evmcs', 'avic', 'emsr_bitmap', 'xmm_input'];

const hypervFeature = (name: string, doc: string): ElementSpec => ({
  name,
  parents: ['hyperv'],
  attributes: { state: ONOFF },
  doc,
  source: `${LIBVIRT_FORMAT_DOMAIN}; ${SEED_VGPU_KVM}`,
});

export const ELEMENTS: ElementSpec[] = [
  {
    name: 'domain',
    parents: [],
    attributes: { type: ['kvm', 'qemu'], id: [] },
    children: [
      'name', 'uuid', 'title', 'description', 'metadata', 'memory', 'currentMemory', 'memoryBacking', 'memtune', 'vcpu', 'iothreads', 'cputune', 'numatune',
      'sysinfo', 'os', 'features', 'cpu', 'clock', 'on_poweroff', 'on_reboot', 'on_crash', 'pm', 'devices', 'seclabel', 'qemu:commandline',
    ],
    doc: 'A libvirt virtual machine. Add `xmlns:qemu=\'http://libvirt.org/schemas/domain/qemu/1.0\'` to use `<qemu:commandline>`.',
    source: LIBVIRT_FORMAT_DOMAIN,
  },
  {
    name: 'os',
    parents: ['domain'],
    attributes: { firmware: ['efi', 'bios'] },
    children: ['type', 'loader', 'nvram', 'firmware', 'boot', 'bootmenu', 'smbios', 'bios'],
    doc: 'Boot configuration: `<os firmware=\'efi\'>` (OVMF) or a pflash `<loader>` for UEFI; nothing means SeaBIOS on x86. Both place large 64-bit GPU BARs above 4 GB (measured in the firmware lab): SeaBIOS above RAM with no upper bound (the guest\'s address bits must reach them), OVMF in its 64-bit window (32 GiB classic, X-PciMmio64Mb, or 2^(bits−3) from edk2-stable202211 with trusted phys-bits).',
    source: `${LIBVIRT_FORMAT_DOMAIN}; SeaBIOS src/fw/pciinit.c; ${EDK2_OVMF_MMIO64}; firmware lab truth table (docs/firmware-lab.md)`,
  },
  {
    name: 'type',
    parents: ['os'],
    attributes: { arch: ['x86_64', 'aarch64', 'i686'], machine: ['q35', 'pc'] },
    doc: 'Guest architecture and machine type. Large-BAR / PCIe GPUs want a q35 machine (`pc-q35-*` or `q35`): i440fx (`pc`, `pc-i440fx-*`) has no PCIe root ports.',
    source: LIBVIRT_FORMAT_DOMAIN,
  },
  {
    name: 'loader',
    parents: ['os'],
    attributes: { readonly: YESNO, secure: YESNO, type: ['pflash', 'rom'], format: ['raw', 'qcow2'], stateless: YESNO },
    doc: 'Firmware image. `type=\'pflash\'` with an OVMF/edk2 path (e.g. /usr/share/OVMF/OVMF_CODE.fd) is UEFI.',
    source: LIBVIRT_FORMAT_DOMAIN,
  },
  {
    name: 'nvram',
    parents: ['os'],
    attributes: { template: [], format: ['raw', 'qcow2'], templateFormat: ['raw', 'qcow2'], type: ['file', 'block', 'network'] },
    doc: 'Per-VM UEFI variable store, created from `template`.',
    source: LIBVIRT_FORMAT_DOMAIN,
  },
  {
    name: 'firmware',
    parents: ['os'],
    attributes: {},
    children: ['feature'],
    doc: 'Firmware features for automatic firmware selection (with `<os firmware=\'efi\'>`).',
    source: LIBVIRT_FORMAT_DOMAIN,
  },
  {
    name: 'feature',
    parents: ['firmware'],
    attributes: { enabled: YESNO, name: ['secure-boot', 'enrolled-keys'] },
    doc: 'A firmware feature the selected firmware must (not) have, e.g. `<feature enabled=\'no\' name=\'secure-boot\'/>`.',
    source: LIBVIRT_FORMAT_DOMAIN,
  },
  {
    name: 'memoryBacking',
    parents: ['domain'],
    attributes: {},
    children: ['hugepages', 'locked', 'nosharepages', 'source', 'access', 'allocation', 'discard'],
    doc: 'How guest RAM is backed. VFIO pins all guest memory anyway; `<locked/>` also needs `<memtune><hard_limit>`.',
    source: LIBVIRT_FORMAT_DOMAIN,
  },
  {
    name: 'hugepages',
    parents: ['memoryBacking'],
    attributes: {},
    children: ['page'],
    doc: 'Back guest RAM with huge pages; the vGPU-on-KVM tuning slides use 1 GiB pages: `<page size=\'1048576\' unit=\'KiB\'/>`.',
    source: `${LIBVIRT_FORMAT_DOMAIN}; ${SEED_VGPU_KVM}`,
  },
  {
    name: 'page',
    parents: ['hugepages'],
    attributes: { size: ['1048576', '2048'], unit: ['KiB', 'MiB', 'GiB'], nodeset: [] },
    snippet: "page size='${1:1048576}' unit='KiB'/>",
    doc: 'One huge page size (1 GiB = `size=\'1048576\' unit=\'KiB\'`). The host must have the pages reserved.',
    source: `${LIBVIRT_FORMAT_DOMAIN}; ${SEED_VGPU_KVM}`,
  },
  {
    name: 'locked',
    parents: ['memoryBacking'],
    attributes: {},
    snippet: 'locked/>',
    doc: 'Lock guest memory in host RAM. QEMU/KVM needs `<memtune><hard_limit>` sized to the guest memory plus QEMU\'s own (more with several VFIO devices or a vIOMMU).',
    source: `${LIBVIRT_FORMAT_DOMAIN} (Memory Backing: with locked, set a Memory Tuning hard_limit)`,
  },
  {
    name: 'source',
    parents: ['memoryBacking'],
    attributes: { type: ['file', 'anonymous', 'memfd'] },
    doc: 'Memory backing source.',
    source: LIBVIRT_FORMAT_DOMAIN,
  },
  { name: 'access', parents: ['memoryBacking'], attributes: { mode: ['shared', 'private'] }, doc: 'Shared or private guest memory.', source: LIBVIRT_FORMAT_DOMAIN },
  { name: 'allocation', parents: ['memoryBacking'], attributes: { mode: ['immediate', 'ondemand'], threads: [] }, doc: 'When guest memory is allocated.', source: LIBVIRT_FORMAT_DOMAIN },
  {
    name: 'memtune',
    parents: ['domain'],
    attributes: {},
    children: ['hard_limit', 'soft_limit', 'swap_hard_limit', 'min_guarantee'],
    doc: 'Memory limits of the QEMU process.',
    source: LIBVIRT_FORMAT_DOMAIN,
  },
  ...['hard_limit', 'soft_limit', 'swap_hard_limit', 'min_guarantee'].map(
    (name): ElementSpec => ({
      name,
      parents: ['memtune'],
      attributes: { unit: ['KiB', 'MiB', 'GiB'] },
      snippet: `${name} unit='\${1|KiB,MiB,GiB|}'>$2</${name}>`,
      doc:
        name === 'hard_limit'
          ? 'Maximum memory the QEMU process may use. With `<locked/>` (or VFIO), it must cover guest memory plus QEMU\'s overhead: at least guest memory + 1 GiB per VFIO device.'
          : `Memory tuning value (${name}).`,
      source: LIBVIRT_FORMAT_DOMAIN,
    }),
  ),
  {
    name: 'cputune',
    parents: ['domain'],
    attributes: {},
    children: ['vcpupin', 'emulatorpin', 'iothreadpin', 'vcpusched'],
    doc: 'vCPU pinning; the vGPU tuning slides recommend "restrict static" pinning on the GPU\'s NUMA node: `<vcpupin vcpu=\'0\' cpuset=\'0\'/>`.',
    source: `${LIBVIRT_FORMAT_DOMAIN}; ${SEED_VGPU_KVM}`,
  },
  { name: 'vcpupin', parents: ['cputune'], attributes: { vcpu: [], cpuset: [] }, doc: 'Pins one vCPU to host CPUs.', source: `${LIBVIRT_FORMAT_DOMAIN}; ${SEED_VGPU_KVM}` },
  { name: 'emulatorpin', parents: ['cputune'], attributes: { cpuset: [] }, doc: 'Pins QEMU\'s emulator threads.', source: LIBVIRT_FORMAT_DOMAIN },
  { name: 'iothreadpin', parents: ['cputune'], attributes: { iothread: [], cpuset: [] }, doc: 'Pins an I/O thread.', source: LIBVIRT_FORMAT_DOMAIN },
  { name: 'vcpusched', parents: ['cputune'], attributes: { vcpus: [], scheduler: ['fifo', 'rr', 'batch', 'idle', 'other'], priority: [] }, doc: 'Real-time scheduling of vCPUs.', source: LIBVIRT_FORMAT_DOMAIN },
  {
    name: 'cpu',
    parents: ['domain'],
    attributes: { mode: ['host-passthrough', 'host-model', 'custom', 'maximum'], match: ['exact', 'minimum', 'strict'], check: ['none', 'partial', 'full'], migratable: ONOFF, deprecated_features: ONOFF },
    children: ['topology', 'maxphysaddr', 'feature', 'model', 'cache', 'numa'],
    doc: 'Guest CPU model. Its physical address bits (`<maxphysaddr>`) bound where the 64-bit PCI aperture can go.',
    source: LIBVIRT_FORMAT_DOMAIN,
  },
  {
    name: 'maxphysaddr',
    parents: ['cpu'],
    attributes: { mode: ['passthrough', 'emulate'], bits: [], limit: [] },
    snippet: "maxphysaddr mode='${1|passthrough,emulate|}'/>",
    doc: 'Guest physical address bits (libvirt ≥ 8.7; `limit` ≥ 9.3). `mode=\'passthrough\'` gives the host\'s bits; `mode=\'emulate\' bits=\'N\'` fixes N bits — the BAR window must end below 2^N, or the guest shows `NVRM: BAR0 is 0M @ 0x0`.',
    source: `${LIBVIRT_FORMAT_DOMAIN} (maxphysaddr since 8.7.0, limit since 9.3.0); ${EDK2_OVMF_MMIO64}; ${NVIDIA_NV_PCI_BAR_INVALID}`,
  },
  { name: 'topology', parents: ['cpu'], attributes: { sockets: [], dies: [], clusters: [], cores: [], threads: [] }, doc: 'Guest CPU topology.', source: LIBVIRT_FORMAT_DOMAIN },
  {
    name: 'features',
    parents: ['domain'],
    attributes: {},
    children: ['acpi', 'apic', 'pae', 'hap', 'hyperv', 'kvm', 'pvspinlock', 'pmu', 'vmport', 'smm', 'ioapic', 'vmcoreinfo', 'privnet', 'gic', 'msrs'],
    doc: 'Hypervisor features. For NVIDIA GPUs on Windows guests: `<hyperv>` enlightenments and, for older drivers, `<kvm><hidden state=\'on\'/></kvm>`.',
    source: `${LIBVIRT_FORMAT_DOMAIN}; ${SEED_VGPU_KVM}`,
  },
  {
    name: 'hyperv',
    parents: ['features'],
    attributes: { mode: ['custom', 'passthrough'] },
    children: [...HYPERV_FEATURES, 'spinlocks', 'stimer', 'vendor_id', 'tlbflush'],
    doc: 'Hyper-V enlightenments for Windows guests (the vGPU-on-KVM slides list relaxed, vapic, spinlocks, vpindex, runtime). Each takes `state=\'on\'` — not `status=`.',
    source: `${LIBVIRT_FORMAT_DOMAIN}; ${SEED_VGPU_KVM}`,
  },
  hypervFeature('relaxed', 'Relaxed timing: disables the guest\'s watchdog timeout.'),
  hypervFeature('vapic', 'Virtual APIC MSRs.'),
  hypervFeature('vpindex', 'Synthetic MSR returning the virtual processor index.'),
  hypervFeature('runtime', 'MSR with the time spent in guest and hypervisor.'),
  hypervFeature('synic', 'Synthetic interrupt controller.'),
  hypervFeature('reset', 'Hypervisor reset.'),
  hypervFeature('frequencies', 'Frequency MSRs.'),
  hypervFeature('reenlightenment', 'Re-enlightenment notifications on migration.'),
  hypervFeature('ipi', 'Paravirtual IPIs.'),
  hypervFeature('evmcs', 'Enlightened VMCS (nested).'),
  hypervFeature('avic', 'Hyper-V AVIC support.'),
  hypervFeature('emsr_bitmap', 'Enlightened MSR bitmap.'),
  hypervFeature('xmm_input', 'XMM registers as hypercall input.'),
  { name: 'spinlocks', parents: ['hyperv'], attributes: { state: ONOFF, retries: ['4096', '8191'] }, snippet: "spinlocks state='on' retries='${1:8191}'/>", doc: 'Yield the vCPU after `retries` spinlock attempts (≥ 4095). The slides misspell it `retires=`.', source: `${LIBVIRT_FORMAT_DOMAIN}; ${SEED_VGPU_KVM}` },
  { name: 'stimer', parents: ['hyperv'], attributes: { state: ONOFF }, children: ['direct'], doc: 'Synthetic timers.', source: LIBVIRT_FORMAT_DOMAIN },
  { name: 'vendor_id', parents: ['hyperv'], attributes: { state: ONOFF, value: [] }, snippet: "vendor_id state='on' value='$1'/>", doc: 'Hyper-V vendor id string (≤ 12 characters); used to hide the hypervisor from older NVIDIA drivers.', source: LIBVIRT_FORMAT_DOMAIN },
  { name: 'tlbflush', parents: ['hyperv'], attributes: { state: ONOFF }, children: ['direct', 'extended'], doc: 'Paravirtual TLB flush.', source: LIBVIRT_FORMAT_DOMAIN },
  { name: 'kvm', parents: ['features'], attributes: {}, children: ['hidden', 'hint-dedicated', 'poll-control', 'pv-ipi', 'dirty-ring'], doc: 'KVM features; `<hidden state=\'on\'/>` hides the KVM signature from the guest.', source: LIBVIRT_FORMAT_DOMAIN },
  ...['hidden', 'hint-dedicated', 'poll-control', 'pv-ipi'].map((name): ElementSpec => ({ name, parents: ['kvm'], attributes: { state: ONOFF }, doc: `KVM feature ${name}.`, source: LIBVIRT_FORMAT_DOMAIN })),
  { name: 'dirty-ring', parents: ['kvm'], attributes: { state: ONOFF, size: [] }, doc: 'KVM dirty ring.', source: LIBVIRT_FORMAT_DOMAIN },
  {
    name: 'devices',
    parents: ['domain'],
    attributes: {},
    children: [
      'emulator', 'disk', 'controller', 'lease', 'filesystem', 'interface', 'input', 'sound', 'audio', 'hostdev', 'graphics', 'video', 'console', 'parallel',
      'serial', 'channel', 'smartcard', 'hub', 'redirdev', 'redirfilter', 'rng', 'tpm', 'shmem', 'memory', 'watchdog', 'memballoon', 'nvram', 'panic', 'iommu', 'vsock',
    ],
    doc: 'The virtual hardware. GPUs are `<hostdev>` elements (PCI passthrough or an mdev vGPU); the root PCI `<controller>` can size the 64-bit PCI hole.',
    source: LIBVIRT_FORMAT_DOMAIN,
  },
  {
    name: 'hostdev',
    parents: ['devices'],
    snippet: "hostdev mode='subsystem' type='pci' managed='yes'>\n\t<source>\n\t\t<address domain='0x${1:0000}' bus='0x${2:00}' slot='0x${3:00}' function='0x${4:0}'/>\n\t</source>\n</hostdev>",
    attributes: { mode: ['subsystem', 'capabilities'], type: ['pci', 'mdev', 'usb', 'scsi', 'scsi_host'], managed: YESNO, model: ['vfio-pci', 'vfio-ccw', 'vfio-ap'], display: ONOFF, ramfb: ONOFF, sgio: ['filtered', 'unfiltered'], rawio: YESNO },
    children: ['source', 'driver', 'address', 'rom', 'boot', 'alias', 'acpi', 'readonly', 'shareable', 'teaming'],
    doc: 'A host device given to the guest. PCI passthrough: `<hostdev mode=\'subsystem\' type=\'pci\' managed=\'yes\'><source><address domain bus slot function/></source></hostdev>`. vGPU: `type=\'mdev\' model=\'vfio-pci\'` with `<source><address uuid=\'…\'/>`.',
    source: `${LIBVIRT_FORMAT_DOMAIN}; ${SEED_VGPU_KVM}`,
  },
  {
    name: 'source',
    parents: ['hostdev'],
    // The schema's attributes differ per hostdev type (writeFiltering, startupPolicy, guestReset, protocol, name, wwpn…).
    attributes: { writeFiltering: YESNO, startupPolicy: ['mandatory', 'requisite', 'optional'] },
    openAttributes: true,
    children: ['address', 'adapter', 'vendor', 'product'],
    doc: 'The host side of a hostdev: for PCI passthrough the host PCI `<address domain bus slot function/>`, for an mdev vGPU `<address uuid=\'…\'/>`.',
    source: LIBVIRT_FORMAT_DOMAIN,
  },
  {
    name: 'address',
    parents: ['*'],
    attributes: {
      type: ['pci', 'drive', 'virtio-serial', 'ccid', 'usb', 'spapr-vio', 'ccw', 'isa', 'dimm', 'unassigned'],
      domain: ['0x0000'], bus: [], slot: [], function: ['0x0'], multifunction: ONOFF, uuid: [],
      controller: [], target: [], unit: [], port: [], device: [], reg: [], cssid: [], ssid: [], devno: [], iobase: [], irq: [], base: [],
    },
    doc: 'A device address. In `<hostdev><source>`: the host PCI address (`domain` ≤ 0xffff, `bus` ≤ 0xff, `slot` ≤ 0x1f, `function` ≤ 7; hex with 0x) or, for an mdev, its `uuid`. Outside `<source>`: where the guest sees the device.',
    source: LIBVIRT_FORMAT_DOMAIN,
  },
  { name: 'rom', parents: ['hostdev', 'interface'], attributes: { bar: ONOFF, file: [], enabled: YESNO }, doc: 'The device\'s option ROM (e.g. a patched vBIOS `file`).', source: LIBVIRT_FORMAT_DOMAIN },
  {
    name: 'controller',
    parents: ['devices'],
    attributes: { type: ['pci', 'usb', 'sata', 'scsi', 'virtio-serial', 'ide', 'fdc', 'ccid', 'xenbus', 'isa'], index: [], model: ['pcie-root', 'pci-root', 'pcie-root-port', 'pcie-expander-bus', 'pci-expander-bus', 'pci-bridge'], ports: [], vectors: [], maxGrantFrames: [], maxEventChannels: [] },
    doc: 'A bus controller. On the root PCI controller, `<pcihole64>` sizes the 64-bit PCI hole.',
    source: LIBVIRT_FORMAT_DOMAIN,
  },
  {
    name: 'pcihole64',
    parents: ['controller'],
    attributes: { unit: ['KiB', 'MiB', 'GiB'] },
    snippet: "pcihole64 unit='${1|KiB,MiB,GiB|}'>$2</pcihole64>",
    doc: 'Size of the 64-bit PCI hole QEMU describes to the guest (ACPI) on the `pci-root`/`pcie-root` controller (default unit KiB). OVMF never reads it: it is not OVMF\'s aperture (that is `-fw_cfg name=opt/ovmf/X-PciMmio64Mb`); only a guest that re-assigns BARs itself (Linux, not Windows) uses the space.',
    source: `${LIBVIRT_FORMAT_DOMAIN}; ${LIBVIRT_KBASE_PCI_HOLE}`,
  },
  {
    name: 'qemu:commandline',
    parents: ['domain'],
    attributes: {},
    children: ['qemu:arg', 'qemu:env'],
    doc: 'Extra QEMU arguments (needs `xmlns:qemu=\'http://libvirt.org/schemas/domain/qemu/1.0\'` on `<domain>`). OVMF\'s 64-bit aperture: `<qemu:arg value=\'-fw_cfg\'/><qemu:arg value=\'name=opt/ovmf/X-PciMmio64Mb,string=262144\'/>` (MB).',
    source: `${LIBVIRT_FORMAT_DOMAIN}; ${LIBVIRT_KBASE_PCI_HOLE}`,
  },
  { name: 'qemu:arg', parents: ['qemu:commandline'], attributes: { value: ['-fw_cfg', 'name=opt/ovmf/X-PciMmio64Mb,string=65536'] }, doc: 'One QEMU argument.', source: LIBVIRT_FORMAT_DOMAIN },
  { name: 'qemu:env', parents: ['qemu:commandline'], attributes: { name: [], value: [] }, doc: 'One environment variable for QEMU.', source: LIBVIRT_FORMAT_DOMAIN },
  // node-device XML
  { name: 'device', parents: [], attributes: {}, children: ['name', 'parent', 'capability'], doc: 'A node device. For a persistent mdev (`virsh nodedev-define`): `<name>` first (libvirt 9\'s schema), `<parent>`, then `<capability type=\'mdev\'>`.', source: `${LIBVIRT_FORMAT_NODEDEV}; ${SEED_VGPU_KVM}` },
  { name: 'parent', parents: ['device'], attributes: {}, doc: 'The parent device, e.g. `pci_0000_83_00_0` for the GPU at 0000:83:00.0.', source: LIBVIRT_FORMAT_NODEDEV },
  { name: 'capability', parents: ['device'], attributes: { type: ['mdev', 'pci', 'mdev_types'] }, children: ['type', 'uuid', 'iommuGroup', 'attr'], doc: 'What the device is; `type=\'mdev\'` defines a mediated device (a vGPU).', source: LIBVIRT_FORMAT_NODEDEV },
  { name: 'type', parents: ['capability'], attributes: { id: [] }, doc: 'The mdev type: the directory name under the parent\'s `mdev_supported_types/` (e.g. `nvidia-289`, whose `name` is "GRID P4-8C"). The nvidia-NNN numbers change between driver releases.', source: `${LIBVIRT_FORMAT_NODEDEV}; ${SEED_VGPU_KVM}` },
  { name: 'uuid', parents: ['capability'], attributes: {}, doc: 'The mdev\'s UUID (8-4-4-4-12 hex digits); the domain\'s `<hostdev type=\'mdev\'>` names it in `<source><address uuid=…/>`.', source: LIBVIRT_FORMAT_NODEDEV },
];

/** Element name → parent name ('' for a root element, '*' for anywhere) → spec. Two lookups and no
 *  key string built per call: the unknown-attribute rule asks once per element of the document. */
const byName = new Map<string, Map<string, ElementSpec>>();
for (const e of ELEMENTS) {
  let parents = byName.get(e.name);
  if (!parents) byName.set(e.name, (parents = new Map()));
  for (const p of e.parents.length ? e.parents : ['']) parents.set(p, e);
}

/** The spec of an element given its parent's name ('' for a root element). */
export function findElementSpec(name: string, parentName: string | undefined): ElementSpec | undefined {
  const parents = byName.get(name);
  return parents && (parents.get(parentName ?? '') ?? parents.get('*'));
}

/** Misspellings seen in the wild (the vGPU-on-KVM slides), with what libvirt wants. */
export const ATTRIBUTE_MISSPELLINGS: Record<string, string> = { status: 'state', retires: 'retries', mananged: 'managed', manged: 'managed' };
