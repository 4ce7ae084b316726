// What a .vmx says about a GPU VM, read once into a target-neutral plan that the libvirt and Proxmox writers render.
// Every key of the file is either carried (it is in `carried`) or listed as not carried, grouped by device, so nothing
// is dropped silently. The KVM facts behind each mapping are in docs/convert.md.
import type { HostInventory } from '../host/inventory';
import { formatLspciAddress } from '../host/inventory';
import { devicesNeed, GiB, MiB } from '../model/firmware/placement';
import { placementDevice } from '../model/firmware/regions';
import { evaluate, HOST_CPU_CHOICES, OVMF_BUILDS } from '../model/firmware/scenarios';
import type { PassthroughDevice } from '../model/vm';
import { quoteUserText } from '../util/userText';
import { isTrue, parseAllowedDevice, parsePassthruAddress, parseVmxInt, passthruDevices } from '../vmx/adapter';
import type { VmxAnalysis } from '../vmx/analyse';
import type { VmxEntry } from '../vmx/parser';
import { proxmoxOsType } from './proxmox';

export type ConvertTarget = 'libvirt' | 'proxmox';

export interface PlanDevice {
  /** "pciPassthru0". */
  label: string;
  kind: 'passthrough' | 'vgpu';
  /** Host address in lspci form ("0000:3b:00.0"); undefined when the file does not give one. */
  address?: string;
  /** The address as the .vmx wrote it, when it was converted ("00000:059:00.0"). */
  addressAsWritten?: string;
  /** "NVIDIA A100 PCIe 80GB (10de:20b5)" or "10de:20b5". */
  what?: string;
  /** vendor:device for `lspci -D -d` when the device has no address (a Dynamic DirectPath device). */
  lookup?: string;
  /** vGPU: the profile as written and the driver's type name ("GRID A100-4C"). */
  profile?: string;
  typeName?: string;
  /** vGPU: the host's mdev type id and its parent, when the host inventory lists the type. */
  mdevType?: string;
  mdevParent?: string;
}

export interface ConversionPlan {
  name: string;
  memoryMb?: number;
  vcpus: number;
  sockets: number;
  cores: number;
  firmware: 'efi' | 'bios';
  /** Firmware not stated in the file: VMware's default, BIOS. */
  firmwareDefaulted: boolean;
  secureBoot: boolean;
  guestOs?: string;
  devices: PlanDevice[];
  /** All of guest memory reserved (sched.mem.pin, or sched.mem.min ≥ memsize). */
  fullReservation: boolean;
  /** OVMF's 64-bit aperture to set, MiB (undefined: OVMF's own sizing is enough, or SeaBIOS). */
  apertureMb?: number;
  nested: boolean;
  /** vvtd.enable: a virtual Intel IOMMU for the guest (a nested ESXi passing a GPU on). */
  viommu: boolean;
  pmu: boolean;
  hideHypervisor: boolean;
  /** One line each: what the target output says about a mapping (rendered as comments). */
  notes: string[];
  /** One line each: what is not carried and why. */
  notCarried: string[];
}

export interface ConversionProblem {
  line: number;
  message: string;
}

const TYPE_NAME_PREFIX = 'GRID ';

/** "grid_a100-4c" → "GRID A100-4C", the name NVIDIA's host driver gives the mdev type. */
export function vgpuTypeName(profile: string): string {
  const bare = profile.trim().replace(/^grid_/i, '');
  return TYPE_NAME_PREFIX + bare.toUpperCase();
}

function value(e: VmxEntry | undefined): string | undefined {
  return e?.value.text.trim();
}

function describeDevice(d: PassthroughDevice): string | undefined {
  const ids = d.vendorId !== undefined && d.deviceId ? `${d.vendorId.toString(16).padStart(4, '0')}:${d.deviceId}` : undefined;
  if (d.gpu) return ids ? `${d.gpu.name} (${ids})` : d.gpu.name;
  return ids;
}

/** Groups the keys that are not carried: "ethernet0.*" for device keys, the key itself otherwise. */
function groupKey(key: string): string {
  const m = /^([a-z]+\d+(?::\d+)?)\./i.exec(key);
  return m ? `${m[1]}.*` : key;
}

const DEVICE_GROUP_HINT: [RegExp, string][] = [
  [/^(\.encoding|config\.version|virtualhw\.version)$/i, 'VMware file and hardware version: no KVM equivalent'],
  [/^(scsi|ide|sata|nvme)\d/i, 'disk or controller: carry disks with virt-v2v or qemu-img convert'],
  [/^ethernet\d/i, 'network adapter: carry NICs with virt-v2v or by hand'],
];

function hintFor(group: string): string {
  return DEVICE_GROUP_HINT.find(([re]) => re.test(group))?.[1] ?? 'no GPU meaning the converter knows of';
}

export function buildPlan(analysis: VmxAnalysis, target: ConvertTarget, host?: HostInventory): ConversionPlan {
  const { doc, model } = analysis;
  const carried = new Set<string>();
  const take = (key: string): VmxEntry | undefined => {
    const e = doc.get(key.toLowerCase());
    if (e) carried.add(e.key.lower);
    return e;
  };
  const notes: string[] = [];
  const notCarried: string[] = [];

  const name = value(take('displayName')) || 'converted-vm';
  const memoryMb = parseVmxInt(take('memsize'));
  const vcpus = parseVmxInt(take('numvcpus')) || 1;
  const cps = parseVmxInt(take('cpuid.coresPerSocket'));
  const cores = cps && cps > 0 && vcpus % cps === 0 ? cps : vcpus;
  const sockets = vcpus / cores;

  const fw = value(take('firmware'))?.toLowerCase();
  const firmware = fw === 'efi' ? 'efi' : 'bios';
  const secureBoot = firmware === 'efi' && isTrue(take('uefi.secureBoot.enabled'));
  const guest = value(take('guestOS'));

  // Devices.
  const devices: PlanDevice[] = [];
  const modelByLabel = new Map(model.devices.map((d) => [d.label, d]));
  for (const d of passthruDevices(doc)) {
    for (const e of [d.present, d.id, d.vendorId, d.deviceId, d.subDeviceId, d.vgpu, d.virtualDev, d.allowedDevices]) if (e) carried.add(e.key.lower);
    const label = `pciPassthru${d.index}`;
    if (!isTrue(d.present)) {
      notCarried.push(`${label}: not present (${label}.present is not TRUE), so not converted`);
      continue;
    }
    const m = modelByLabel.get(label);
    if (m?.kind === 'vgpu') {
      const profile = m.profileName ?? '';
      const typeName = vgpuTypeName(profile);
      const pd: PlanDevice = { label, kind: 'vgpu', profile, typeName };
      const found = host ? findMdevType(host, typeName) : undefined;
      if (found) {
        pd.mdevType = found.id;
        pd.mdevParent = found.parent;
        notes.push(`${label}.vgpu = "${quoteUserText(profile)}" → mdev type ${found.id} ("${typeName}") of the host GPU ${found.parent}, from the host inventory`);
      } else {
        notes.push(
          `${label}.vgpu = "${quoteUserText(profile)}" → the mdev type NVIDIA's host driver names "${typeName}"; its id (nvidia-NNN) differs per host and driver, so the output has a PLACEHOLDER: look it up in /sys/bus/pci/devices/<GPU>/mdev_supported_types/*/name`,
        );
      }
      devices.push(pd);
      continue;
    }
    const raw = value(d.id);
    const pf = doc.get(`pcipassthru${d.index}.pfid`);
    if (m?.isGpu === false || pf) {
      // An SR-IOV NIC's virtual function: ESXi picks a VF of the physical function (pfId) at power-on.
      if (pf) carried.add(pf.key.lower);
      notCarried.push(
        `${label}: an SR-IOV virtual function of ${quoteUserText(value(pf) ?? raw ?? 'an unnamed device')} that ESXi picks at power-on; on KVM choose a VF of that device and give it as <interface type="hostdev">`,
      );
      continue;
    }
    const pd: PlanDevice = { label, kind: 'passthrough' };
    const addr = raw ? parsePassthruAddress(raw) : undefined;
    if (addr) {
      pd.address = formatLspciAddress(addr);
      if (pd.address !== raw) pd.addressAsWritten = raw;
    } else if (raw) {
      notes.push(`${label}.id = "${quoteUserText(raw)}" is not a PCI address: the host address below is a placeholder`);
    }
    const what = m ? describeDevice(m) : undefined;
    if (what) pd.what = what;
    if (!raw && d.allowedDevices) {
      // Dynamic DirectPath I/O: ESXi picks a matching GPU at power-on; KVM needs the host address of one.
      const allowed = parseAllowedDevice(d.allowedDevices.value.text);
      if (allowed) pd.lookup = `${allowed.vendor}:${allowed.device}`;
      notes.push(`${label}.allowedDevices = "${quoteUserText(value(d.allowedDevices) ?? '')}" (Dynamic DirectPath I/O: ESXi picks a matching device at power-on) → a passed-through device whose host address you choose${allowed ? ` (lspci -D -d ${allowed.vendor}:${allowed.device} lists the matching devices)` : ''}`);
    }
    devices.push(pd);
  }

  // Memory reservation.
  const pin = take('sched.mem.pin');
  const minEntry = take('sched.mem.min');
  const min = parseVmxInt(minEntry);
  const fullReservation = isTrue(pin) || (min !== undefined && memoryMb !== undefined && min >= memoryMb);
  if (!fullReservation && min !== undefined && min > 0) {
    notCarried.push(
      `sched.mem.min = "${min}": a partial reservation has no KVM equivalent; with a VFIO device QEMU pins all guest memory anyway`,
    );
  }

  // MMIO: OVMF's aperture when the GPUs' BARs need one (the firmware model of docs/firmware-lab.md).
  const use64 = take('pciPassthru.use64bitMMIO');
  const sizeEntry = take('pciPassthru.64bitMMIOSizeGB');
  const vmxSizeGb = parseVmxInt(sizeEntry);
  let apertureMb: number | undefined;
  const sized = model.devices.filter((d) => d.kind === 'passthrough' && placementDevice(d));
  const unsized = model.devices.filter((d) => d.kind === 'passthrough' && !placementDevice(d) && d.isGpu !== false);
  if (firmware === 'efi') {
    const placement = sized.map((d) => placementDevice(d)!);
    const need = devicesNeed(placement, 'q35');
    const total = need.reduce((s, n) => s + n, 0);
    if (total > 0) {
      const outcomes = evaluate(
        { machine: 'q35', ramBytes: (memoryMb ?? 1024) * MiB, cpus: HOST_CPU_CHOICES, cpuWhy: 'host-passthrough', builds: OVMF_BUILDS },
        placement,
      );
      if (outcomes.some((o) => !o.result.ok)) {
        apertureMb = Math.max(32 * GiB, 2 ** Math.ceil(Math.log2(total))) / MiB;
        notes.push(
          `OVMF aperture ${apertureMb} MiB (opt/ovmf/X-PciMmio64Mb): the smallest power of two that holds the GPUs' 64-bit BARs, each in its own root-port window; the OVMF window without it does not hold them on every host`,
        );
      }
    }
    if (unsized.length && isTrue(use64) && vmxSizeGb) {
      const fromVmx = vmxSizeGb * 1024;
      if (apertureMb === undefined || fromVmx > apertureMb) {
        apertureMb = fromVmx;
        notes.push(
          `OVMF aperture ${fromVmx} MiB from pciPassthru.64bitMMIOSizeGB = "${vmxSizeGb}": ${unsized.map((d) => d.label).join(', ')} ${unsized.length === 1 ? 'has' : 'have'} no known BAR sizes, so the VMware figure is kept`,
        );
      }
    } else if ((use64 || sizeEntry) && apertureMb === undefined) {
      notCarried.push(
        `pciPassthru.use64bitMMIO / 64bitMMIOSizeGB: OVMF's own 64-bit window holds the GPUs' BARs on every host the firmware model covers, so no aperture is set`,
      );
    }
  } else if (use64 || sizeEntry) {
    notCarried.push(
      'pciPassthru.use64bitMMIO / 64bitMMIOSizeGB: SeaBIOS has no such setting; it places 64-bit BARs above 4 GiB by itself, naturally aligned (firmware lab)',
    );
  }

  // Nested virtualisation and CPU.
  const nested = isTrue(take('vhv.enable'));
  if (nested) {
    notes.push(
      "vhv.enable: host-passthrough gives the guest VMX/SVM when the host's kvm_intel/kvm_amd module has nested=1 (/sys/module/kvm_intel/parameters/nested)",
    );
  }
  const viommu = isTrue(take('vvtd.enable'));
  if (viommu) {
    notes.push(
      target === 'libvirt'
        ? "vvtd.enable → a virtual Intel IOMMU (<iommu model='intel'> with interrupt remapping and caching mode, which VFIO devices need; <ioapic driver='qemu'/>); each VFIO device then locks guest memory again, so hard_limit counts it per device"
        : 'vvtd.enable → machine: q35,viommu=intel (qemu-server: Intel vIOMMU needs q35)',
    );
  }
  const pmu = isTrue(take('vpmc.enable'));
  if (pmu && target === 'proxmox') notCarried.push('vpmc.enable: a Proxmox config has no PMU switch of its own (libvirt: <pmu state="on"/>)');
  if (guest && target === 'libvirt') notCarried.push(`guestOS = "${quoteUserText(guest)}": a libvirt domain has no guest OS field`);
  if (guest && target === 'proxmox' && !proxmoxOsType(guest)) notCarried.push(`guestOS = "${quoteUserText(guest)}": no Proxmox ostype matches, so Proxmox uses "other"`);
  const hv = take('hypervisor.cpuid.v0');
  const hideHypervisor = hv !== undefined && /^\s*false\s*$/i.test(hv.value.text);

  if (firmware === 'bios') {
    notes.push(
      `${model.firmware.explicit ? 'firmware = "bios"' : 'no firmware key (VMware\'s default, BIOS)'} → SeaBIOS: the guest was installed to boot from BIOS, so it keeps SeaBIOS; moving it to OVMF needs a UEFI boot loader in the guest first`,
    );
  }

  // Everything else: listed, grouped by device.
  const groups = new Map<string, number>();
  for (const e of doc.entries) {
    if (carried.has(e.key.lower)) continue;
    const g = groupKey(e.key.text);
    groups.set(g, (groups.get(g) ?? 0) + 1);
  }
  for (const [g, n] of groups) {
    const what = g.endsWith('.*') ? `${quoteUserText(g)} (${n} key${n === 1 ? '' : 's'}): ${hintFor(g)}` : `${quoteUserText(g)}: ${hintFor(g)}`;
    notCarried.push(what);
  }

  return {
    name,
    ...(memoryMb !== undefined ? { memoryMb } : {}),
    vcpus,
    sockets,
    cores,
    firmware,
    firmwareDefaulted: !model.firmware.explicit,
    secureBoot,
    ...(guest ? { guestOs: guest } : {}),
    devices,
    fullReservation,
    ...(apertureMb !== undefined ? { apertureMb } : {}),
    nested,
    viommu,
    pmu,
    hideHypervisor,
    notes,
    notCarried,
  };
}

function findMdevType(host: HostInventory, typeName: string): { id: string; parent: string } | undefined {
  const want = typeName.toLowerCase();
  const t = host.mdevTypes().find((x) => x.name?.trim().toLowerCase() === want);
  return t ? { id: t.id, parent: t.parent } : undefined;
}
