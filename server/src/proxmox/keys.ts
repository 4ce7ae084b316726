// The keys of a Proxmox VE VM config and the property strings of the GPU-relevant ones. Source: proxmox/qemu-server
// src/PVE/QemuServer.pm ($confdesc and the numbered keys added after it), src/PVE/QemuServer/PCI.pm ($hostpci_fmt,
// $MAX_HOSTPCI_DEVICES = 16), src/PVE/QemuServer/Drive.pm (MAX_*_DISKS, efidisk0, tpmstate0),
// src/PVE/QemuServer/CPUConfig.pm ($cpu_fmt), src/PVE/QemuServer/Machine.pm, src/PVE/QemuServer/Memory.pm.
export const PVE_SOURCE = 'proxmox/qemu-server src/PVE/QemuServer.pm, src/PVE/QemuServer/PCI.pm';

const PLAIN_KEYS =
  'onboot autostart hotplug reboot lock cpulimit cpuunits memory amd-sev intel-tdx balloon shares keyboard name scsihw description ' +
  'ostype boot bootdisk smp sockets cores numa hugepages keephugepages vcpus acpi agent kvm tdf localtime freeze vga watchdog ' +
  'startdate startup template args tablet migrate_speed migrate_downtime cdrom cpu parent snaptime vmstate vmstatestorage ' +
  'runningmachine runningcpu running-nets-host-mtu machine arch smbios1 protection bios vmgenid hookscript ivshmem audio0 ' +
  'spice_enhancements tags rng0 meta affinity allow-ksm efidisk0 tpmstate0 ciuser cipassword citype ciupgrade cicustom ' +
  'searchdomain nameserver sshkeys digest delete snapstate pending';

/** Numbered keys: prefix and how many (key0 … key(N-1)). */
const NUMBERED: [string, number][] = [
  ['hostpci', 16],
  ['net', 32],
  ['numa', 8],
  ['virtiofs', 10],
  ['parallel', 3],
  ['serial', 4],
  ['usb', 14],
  ['ide', 4],
  ['scsi', 31],
  ['virtio', 16],
  ['sata', 6],
  ['unused', 256],
  ['ipconfig', 32],
];

export const MAX_HOSTPCI = 16;

const KNOWN = new Set(PLAIN_KEYS.split(/\s+/));

export function isKnownKey(key: string): boolean {
  if (KNOWN.has(key)) return true;
  const m = /^([a-z]+)(\d+)$/.exec(key);
  if (!m) return false;
  const n = NUMBERED.find(([p]) => p === m[1]);
  return n !== undefined && String(Number(m[2])) === m[2] && Number(m[2]) < n[1];
}

/** Every key name once, numbered keys as their first instance (for did-you-mean and completion). */
export function keyNames(): string[] {
  return [...KNOWN, ...NUMBERED.map(([p]) => `${p}0`)];
}

export interface KeyDoc {
  summary: string;
  values?: string[];
}

/** What the GPU-relevant keys mean (hover, completion). */
export const KEY_DOCS: Record<string, KeyDoc> = {
  hostpci: { summary: 'Host PCI device passed through to the guest (property string: host or mapping, pcie, x-vga, rombar, romfile, mdev, …). hostpci0 … hostpci15.' },
  machine: { summary: "QEMU machine type (property string, default key `type`): `q35`, `pc-q35-X.Y`, or i440fx (`pc`, `pc-i440fx-X.Y`), the default when unset. `pcie=1` on a hostpci needs q35." },
  bios: { summary: '`seabios` (default) or `ovmf` (UEFI; needs an `efidisk0` to keep its variables).', values: ['seabios', 'ovmf'] },
  efidisk0: { summary: "Disk for OVMF's EFI variables (`storage:size,efitype=4m,pre-enrolled-keys=1`)." },
  vga: { summary: 'The emulated display: `std`, `virtio`, `qxl`, `none`, `serial0`, … With a GPU passed through with `x-vga=1` and no `vga` set, Proxmox uses `none`.', values: ['std', 'cirrus', 'vmware', 'qxl', 'qxl2', 'qxl3', 'qxl4', 'serial0', 'serial1', 'serial2', 'serial3', 'virtio', 'virtio-gl', 'none'] },
  memory: { summary: 'Guest RAM in MiB (`memory: 16384`, or `current=16384`). With PCI passthrough all of it is pinned at start.' },
  balloon: { summary: 'Minimum RAM for the balloon driver in MiB; `0` disables the balloon device.' },
  hugepages: { summary: 'Back guest RAM with huge pages: `2`, `1024` (MiB) or `any`.', values: ['any', '2', '1024'] },
  numa: { summary: 'Enable NUMA (`1`); numa0 … numa7 describe the guest nodes.', values: ['0', '1'] },
  affinity: { summary: 'Host CPUs the VM\'s threads may run on (`0-7,16-23`).' },
  cpu: { summary: 'CPU type and options (property string, default key `cputype`): `host`, `kvm64` (the default), `x86-64-v2-AES`, …; `hidden=1`, `hv-vendor-id=…`, `phys-bits=host|N`, `flags=+pdpe1gb;…`.' },
  args: { summary: "Raw arguments appended to QEMU's command line (root only), e.g. `-fw_cfg name=opt/ovmf/X-PciMmio64Mb,string=262144`." },
  ostype: { summary: 'Guest OS type (`l26`, `win11`, …).', values: ['other', 'wxp', 'w2k', 'w2k3', 'w2k8', 'wvista', 'win7', 'win8', 'win10', 'win11', 'l24', 'l26', 'solaris'] },
};

export interface PropDoc {
  summary: string;
  type: 'boolean' | 'string' | 'hexid' | 'enum' | 'pciid' | 'mapping';
  values?: string[];
  default?: string;
}

/** hostpciN properties ($hostpci_fmt in PCI.pm). `host` is the default key. */
export const HOSTPCI_PROPS: Record<string, PropDoc> = {
  host: { type: 'pciid', summary: "Host PCI address(es): `[dddd:]bb:dd[.f]`, several separated by `;`. Without a function, every function of the device. Either this or `mapping`." },
  mapping: { type: 'mapping', summary: 'The id of a cluster-wide PCI mapping (Datacenter → Resource Mappings; `/etc/pve/mapping/pci.cfg`). Either this or `host`.' },
  pcie: { type: 'boolean', default: '0', summary: "Put the device on PCI Express (behind its own root port); needs the q35 machine." },
  'x-vga': { type: 'boolean', default: '0', summary: "vfio-vga: the device is the guest's primary VGA (legacy VGA ranges). Under `bios: ovmf` Proxmox does not pass `x-vga=on` to QEMU; it still hides KVM from the guest and sets `vga: none` when `vga` is unset." },
  rombar: { type: 'boolean', default: '1', summary: "Whether the device's ROM is visible in the guest's memory map." },
  romfile: { type: 'string', summary: 'Custom ROM file name, looked up in `/usr/share/kvm/` (a bare name, not a path).' },
  'legacy-igd': { type: 'boolean', default: '0', summary: 'Legacy IGD mode: the Intel iGPU at 00:02.0 becomes the primary, exclusive graphics device. Needs i440fx and `vga: none`.' },
  mdev: { type: 'string', summary: 'Mediated device type to create at start (`nvidia-NNN`, `i915-GVTg_V5_4`); on vGPU 17+ the address is an SR-IOV VF.' },
  'vendor-id': { type: 'hexid', summary: 'PCI vendor id the guest sees (`0x10de`).' },
  'device-id': { type: 'hexid', summary: 'PCI device id the guest sees.' },
  'sub-vendor-id': { type: 'hexid', summary: 'PCI subsystem vendor id the guest sees.' },
  'sub-device-id': { type: 'hexid', summary: 'PCI subsystem device id the guest sees.' },
  driver: { type: 'enum', values: ['vfio', 'keep'], default: 'vfio', summary: "`keep`: neither reset the device nor bind it to vfio-pci (it already has the right driver)." },
};

/** cpu property string ($cpu_fmt in CPUConfig.pm), the keys that matter for GPUs. */
export const CPU_PROPS: Record<string, PropDoc> = {
  cputype: { type: 'string', summary: 'The CPU model: `host`, `kvm64`, `x86-64-v2-AES`, a QEMU model, or `custom-<name>`.' },
  hidden: { type: 'boolean', default: '0', summary: 'Hide the KVM signature from the guest (old NVIDIA drivers refused to run under KVM).' },
  'hv-vendor-id': { type: 'string', summary: 'The Hyper-V vendor id the guest sees (1–12 characters).' },
  'phys-bits': { type: 'string', summary: "Physical address bits the guest sees: `8`–`64` or `host`. Decides where the firmware may place large BARs." },
  'guest-phys-bits': { type: 'string', summary: 'Physical address bits available to the guest (32–64).' },
  flags: { type: 'string', summary: 'CPU flags, `;`-separated, each `+flag` or `-flag` (e.g. `+pdpe1gb`).' },
  'reported-model': { type: 'string', summary: 'The model reported to the guest for a custom CPU type.' },
};
