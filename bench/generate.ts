// Deterministic generators of realistic benchmark documents: a VMX of a given line count (GPU
// passthrough VM with many ordinary devices around it) and a valid libvirt domain XML of a given size.
// Deterministic so that two runs (and two machines) measure the same text.

const GPU_DEVICES = [
  // vendorId/deviceId as ESXi writes them (decimal-looking hex strings are what people paste).
  { id: '00000:059:00.0', deviceId: '0x20b5' }, // A100 80 GB
  { id: '00000:094:00.0', deviceId: '0x20b5' },
  { id: '00000:134:00.0', deviceId: '0x2331' }, // H100 PCIe
  { id: '00000:175:00.0', deviceId: '0x1eb8' }, // T4
];

const VMX_HEADER = [
  '.encoding = "UTF-8"',
  'config.version = "8"',
  'virtualHW.version = "19"',
  '# GPU passthrough VM generated for benchmarks',
  'displayName = "bench-gpu-vm"',
  'guestOS = "ubuntu-64"',
  'firmware = "efi"',
  'memSize = "262144"',
  'numvcpus = "32"',
  'sched.mem.min = "262144"',
  'sched.mem.minSize = "262144"',
  'sched.mem.pin = "TRUE"',
  'sched.mem.shares = "normal"',
  'pciPassthru.use64bitMMIO = "TRUE"',
  'pciPassthru.64bitMMIOSizeGB = "1024"',
  '',
];

function gpuLines(): string[] {
  const out: string[] = ['# passthrough GPUs'];
  GPU_DEVICES.forEach((g, i) => {
    out.push(
      `pciPassthru${i}.present = "TRUE"`,
      `pciPassthru${i}.id = "${g.id}"`,
      `pciPassthru${i}.deviceId = "${g.deviceId}"`,
      `pciPassthru${i}.vendorId = "0x10de"`,
      `pciPassthru${i}.systemId = "5f3c2b1a-0000-1111-2222-${(1000 + i).toString().padStart(12, '0')}"`,
      `pciPassthru${i}.pciSlotNumber = "${256 + i * 32}"`,
    );
  });
  out.push('');
  return out;
}

/** Ordinary (non-GPU) device lines, cycling through disks, NICs and USB, each key unique. */
function fillerBlock(n: number): string[] {
  const kind = n % 3;
  if (kind === 0) {
    const bus = Math.floor(n / 3 / 15) % 4;
    const unit = Math.floor(n / 3) % 15;
    const disk = `scsi${bus}:${unit}.${Math.floor(n / 180)}`;
    return [
      `# disk ${n}`,
      `${disk}.present = "TRUE"`,
      `${disk}.fileName = "bench-vm_${n}.vmdk"`,
      `${disk}.deviceType = "scsi-hardDisk"`,
      `${disk}.mode = "persistent"`,
      `${disk}.redo = ""`,
    ];
  }
  if (kind === 1) {
    const nic = `ethernet${n}`;
    const mac = (n & 0xffff).toString(16).padStart(4, '0');
    return [
      `${nic}.present = "TRUE"`,
      `${nic}.virtualDev = "vmxnet3"`,
      `${nic}.networkName = "VM Network ${n % 7}"`,
      `${nic}.addressType = "generated"`,
      `${nic}.generatedAddress = "00:50:56:a1:${mac.slice(0, 2)}:${mac.slice(2)}"`,
      `${nic}.pciSlotNumber = "${160 + (n % 64)}"    # vmxnet3 slot`,
    ];
  }
  return [`usb.autoConnect.device${n} = "vid:0x0781 pid:0x5581"`, `extendedConfig.bench${n} = "value with |22escaped|22 quotes"`, ''];
}

/** A VMX document of exactly `lines` lines (LF, or CRLF when asked), ending with a line break. */
export function generateVmx(lines: number, opts: { crlf?: boolean } = {}): string {
  const out = [...VMX_HEADER, ...gpuLines()];
  for (let n = 0; out.length < lines; n++) out.push(...fillerBlock(n));
  out.length = lines;
  const eol = opts.crlf ? '\r\n' : '\n';
  return out.join(eol) + eol;
}

const hex = (n: number, width: number) => '0x' + n.toString(16).padStart(width, '0');

function diskXml(n: number): string {
  return `    <disk type='file' device='disk'>
      <driver name='qemu' type='qcow2' cache='none'/>
      <source file='/var/lib/libvirt/images/bench-${n}.qcow2'/>
      <target dev='vd${n}' bus='virtio'/>
    </disk>
`;
}

function hostdevXml(n: number): string {
  // Unique host addresses: function 0-7, slot 0-31, bus 1-255, then PCI domain.
  const fn = n % 8;
  const slot = Math.floor(n / 8) % 32;
  const bus = 1 + (Math.floor(n / 256) % 255);
  const dom = Math.floor(n / (256 * 255));
  return `    <hostdev mode='subsystem' type='pci' managed='yes'>
      <source>
        <address domain='${hex(dom, 4)}' bus='${hex(bus, 2)}' slot='${hex(slot, 2)}' function='${hex(fn, 1)}'/>
      </source>
    </hostdev>
`;
}

function interfaceXml(n: number): string {
  const mac = (n & 0xffffff).toString(16).padStart(6, '0');
  return `    <interface type='network'>
      <mac address='52:54:00:${mac.slice(0, 2)}:${mac.slice(2, 4)}:${mac.slice(4)}'/>
      <source network='default'/>
      <model type='virtio'/>
    </interface>
`;
}

const DOMAIN_HEAD = `<domain type='kvm'>
  <name>bench-gpu-domain</name>
  <uuid>c7a5fdbd-edaf-9466-926a-d65c16db1809</uuid>
  <memory unit='KiB'>268435456</memory>
  <currentMemory unit='KiB'>268435456</currentMemory>
  <memoryBacking>
    <hugepages>
      <page size='1048576' unit='KiB'/>
    </hugepages>
  </memoryBacking>
  <vcpu placement='static'>32</vcpu>
  <os firmware='efi'>
    <type arch='x86_64' machine='q35'>hvm</type>
  </os>
  <features>
    <acpi/>
    <apic/>
  </features>
  <cpu mode='host-passthrough' check='none'>
    <maxphysaddr mode='passthrough'/>
  </cpu>
  <clock offset='utc'/>
  <on_poweroff>destroy</on_poweroff>
  <on_reboot>restart</on_reboot>
  <on_crash>destroy</on_crash>
  <devices>
    <emulator>/usr/bin/qemu-system-x86_64</emulator>
    <controller type='pci' index='0' model='pcie-root'/>
`;
const DOMAIN_TAIL = `  </devices>
</domain>
`;

/** A valid libvirt domain of about `bytes` bytes: disks, PCI hostdevs and interfaces in turn. */
export function generateDomainXml(bytes: number): string {
  const parts = [DOMAIN_HEAD];
  let size = DOMAIN_HEAD.length + DOMAIN_TAIL.length;
  for (let n = 0; size < bytes; n++) {
    const block = diskXml(n) + hostdevXml(n) + (n % 2 === 0 ? interfaceXml(n) : '');
    parts.push(block);
    size += block.length;
  }
  parts.push(DOMAIN_TAIL);
  return parts.join('');
}

/** Human label for a byte count (MB = 10^6 bytes, as the size targets are stated). */
export function mb(bytes: number): string {
  return bytes < 1e6 && bytes < 0.5e6 ? `${Math.round(bytes / 1e3)} kB` : `${(bytes / 1e6).toFixed(1)} MB`;
}
