// Host checks for a Proxmox VM (each says nothing without a host inventory): the same facts as the libvirt host
// rules, with Proxmox's semantics. At start Proxmox binds every assigned function to vfio-pci (PCI.pm
// prepare_pci_device) unless `driver=keep`; an address without a function assigns every function of the device.
import { RESET_BUG_SOURCE, resetBugFamily } from '../../catalog/resetBugs';
import { bootVgaExplanation, clip, groupBlockers, groupNotViable, hostCritical, isVfioDriver, typeList, vendorDevice } from '../../host/describe';
import type { HostInventory, HostPciDevice } from '../../host/inventory';
import { baseClass, formatLspciAddress, isVgpuVf, vgpuVfsOf } from '../../host/inventory';
import { defineRule, finding } from '../../service/rule';
import type { Finding } from '../../service/types';
import type { ProxmoxContext } from '../context';
import type { HostpciFacts } from '../facts';
import { resolveMapping } from '../mapping';
import { quoteUserText } from '../../util/userText';
import { mixedSizeGpus, mixedSizeMessage, ownVgpus, vgpuSizeGb } from '../../host/vgpuMix';
import type { Span } from '../../service/text';
import { numaMismatch, parseSet } from '../../host/numa';
import { currentProperty, parsePropertyString } from '../parser';

/** The host functions a hostpci assigns (host addresses, or a resolved mapping; every function when none is given). */
export function assignedFunctions(h: HostpciFacts, host: HostInventory): HostPciDevice[] {
  const out: HostPciDevice[] = [];
  let addresses = h.addresses.map((a) => a.address);
  if (!h.host && h.mapping) {
    const r = resolveMapping(h.mapping.value.text, host);
    if (r.kind !== 'resolved' || !r.entry.path) return [];
    addresses = r.entry.path.split(';').map((p) => (r.address && p === r.entry.path!.split(';')[0] ? r.address : undefined));
  }
  for (const a of addresses) {
    if (!a) continue;
    const fns = a.allFunctions ? [0, 1, 2, 3, 4, 5, 6, 7] : [a.fn];
    for (const fn of fns) {
      const d = host.device(formatLspciAddress({ ...a, fn }));
      if (d) out.push(d);
    }
    if (h.prop('mdev')) break;
  }
  return out;
}

export const iommuGroupRule = defineRule<ProxmoxContext>(
  { id: 'proxmox/iommu-group', defaultSeverity: 'error', description: "Host: a member of a hostpci device's IOMMU group stays on a host driver and is not assigned: the group is not viable.", fixable: false },
  (ctx) => {
    const host = ctx.host;
    if (!host?.iommuGroupMembers) return [];
    const all = ctx.facts.hostpcis.filter((h) => !h.prop('mdev')).map((h) => ({ h, devs: assignedFunctions(h, host) }));
    const assigned = new Set(all.flatMap((x) => x.devs.map((d) => d.address)));
    const out: Finding[] = [];
    const seen = new Set<string>();
    for (const { h, devs } of all) {
      for (const dev of devs) {
        if (!dev.iommuGroup || seen.has(dev.iommuGroup)) continue;
        seen.add(dev.iommuGroup);
        const blockers = groupBlockers(host, dev, assigned);
        if (!blockers.length) continue;
        const critical = blockers.filter((b) => hostCritical(b) !== undefined);
        const advice = critical.length
          ? `${critical.map((c) => c.address).join(', ')} ${critical.length === 1 ? 'is' : 'are'} the host's own (storage or a network link that is up): move the GPU to a slot with its own group rather than giving ${critical.length === 1 ? 'it' : 'them'} to the VM`
          : `assign ${blockers.length === 1 ? 'it' : 'them'} too (a hostpci address without a function, ${dev.address.slice(5, 10)}, takes every function of the device), or bind ${blockers.length === 1 ? 'it' : 'them'} to vfio-pci`;
        out.push(
          finding('proxmox/iommu-group', ctx.range(h.line.key!.span), `${groupNotViable(dev, blockers)}; QEMU refuses the device ("group ${dev.iommuGroup} is not viable"). ${advice[0].toUpperCase()}${advice.slice(1)}.`),
        );
      }
    }
    return out;
  },
);

export const hostDriverRule = defineRule<ProxmoxContext>(
  { id: 'proxmox/host-driver', defaultSeverity: 'error', description: 'Host: driver=keep on a device bound to a host driver (Proxmox will not bind it to vfio-pci).', fixable: true },
  (ctx) => {
    const host = ctx.host;
    if (!host) return [];
    const out: Finding[] = [];
    for (const h of ctx.facts.hostpcis) {
      const keep = h.prop('driver');
      if (!keep || keep.value.text !== 'keep' || h.prop('mdev')) continue;
      const bound = assignedFunctions(h, host).filter((d) => d.driver !== undefined && !isVfioDriver(d.driver));
      if (!bound.length) continue;
      const items = h.items;
      const i = items.indexOf(keep);
      const span = i > 0 ? { start: items[i - 1].span.end, end: keep.span.end } : keep.span;
      out.push(
        finding(
          'proxmox/host-driver',
          ctx.range(keep.span),
          `driver=keep: Proxmox neither resets nor binds the device to vfio-pci (PCI.pm prepare_pci_device), but ${bound.map((d) => `${d.address} is bound to ${clip(d.driver!, 40)}`).join(', ')} (host sysfs driver link): QEMU cannot open it. Leave driver=keep out, or bind the device to vfio-pci on the host.`,
          { fixes: [{ title: 'Remove driver=keep', edits: [{ range: ctx.range(span), newText: '' }], safe: false }] },
        ),
      );
    }
    return out;
  },
);

export const bootGpuRule = defineRule<ProxmoxContext>(
  { id: 'proxmox/boot-gpu', defaultSeverity: 'warning', description: "Host: the hostpci device is the host's boot GPU: the host framebuffer holds its BAR.", fixable: false },
  (ctx) => {
    const host = ctx.host;
    if (!host) return [];
    const out: Finding[] = [];
    for (const h of ctx.facts.hostpcis) {
      const dev = assignedFunctions(h, host).find((d) => d.bootVga);
      if (!dev) continue;
      out.push(
        finding('proxmox/boot-gpu', ctx.range(h.line.key!.span), `${bootVgaExplanation(dev.address, 'Proxmox')}.`),
      );
    }
    return out;
  },
);

export const resetRule = defineRule<ProxmoxContext>(
  { id: 'proxmox/reset', defaultSeverity: 'warning', description: 'Host: the assigned device has no usable reset (empty reset_method, or a GPU on the vendor-reset list).', fixable: false },
  (ctx) => {
    const host = ctx.host;
    if (!host) return [];
    const out: Finding[] = [];
    for (const h of ctx.facts.hostpcis) {
      for (const dev of assignedFunctions(h, host)) {
        const family = resetBugFamily(dev.vendorId, dev.deviceId);
        const empty = dev.resetMethods !== undefined && dev.resetMethods.length === 0 && baseClass(dev.classCode) === 0x03;
        if (!empty && !family) continue;
        const why: string[] = [];
        if (empty) why.push(`its reset_method is empty (host sysfs: bus/pci/devices/${dev.address}/reset_method): the kernel knows no FLR, PM or bus reset for it`);
        if (family) why.push(`${vendorDevice(dev)} (${family}) is on the reset-bug list of ${RESET_BUG_SOURCE}`);
        out.push(
          finding('proxmox/reset', ctx.range(h.line.key!.span), `${dev.address} has no usable reset: ${why.join('; ')}. The first start works; after the guest shuts down the next start fails or the host locks up until it is rebooted. For the listed AMD GPUs load the vendor-reset module (and set reset_method to device_specific, e.g. from a hookscript); otherwise plan a host reboot between guest runs.`),
        );
        break;
      }
    }
    return out;
  },
);

/**
 * mdev= against what the device at the address offers. vGPU 17+ (Ada, Hopper, Blackwell): the vGPU is an SR-IOV
 * VF; Proxmox turns `mdev=nvidia-<id>` on such a VF into a write of <id> to its nvidia/current_vgpu_type
 * (PCI.pm parse_hostpci, PCI/Mdev.pm create_nvidia_device). Older vGPU and other mdevs: an mdev of that type is
 * created on the device (pci_create_mdev_device), so the type must be among its mdev_supported_types.
 */
export const vgpuSriovRule = defineRule<ProxmoxContext>(
  { id: 'proxmox/vgpu-sriov', defaultSeverity: 'error', description: 'Host: mdev= names a type the device does not offer, or a vGPU on a GPU whose vGPUs are SR-IOV VFs (vGPU 17+), or a VF type not creatable.', fixable: false },
  (ctx) => {
    const host = ctx.host;
    if (!host) return [];
    const out: Finding[] = [];
    for (const h of ctx.facts.hostpcis) {
      const mdev = h.prop('mdev');
      const a = h.addresses[0]?.address;
      if (!mdev || !a || h.addresses.length > 1) continue;
      const dev = host.device(formatLspciAddress(a));
      if (!dev) continue;
      const type = mdev.value.text;
      const range = ctx.range(mdev.value.span);
      if (isVgpuVf(dev)) {
        const id = /^nvidia-(\d+)$/.exec(type)?.[1];
        if (id === undefined || !dev.creatableVgpuTypes.some((t) => t.id === id)) {
          out.push(finding('proxmox/vgpu-sriov', range, `${dev.address} is a vGPU 17+ virtual function of ${dev.physfn}: Proxmox writes the number of mdev=nvidia-<id> to its nvidia/current_vgpu_type, and ${quoteUserText(type)} is not among its creatable types (host sysfs: nvidia/creatable_vgpu_types): ${typeList(dev.creatableVgpuTypes.map((t) => ({ id: `nvidia-${t.id}`, name: t.name })))}.`));
        }
        continue;
      }
      if (dev.mdevTypes.length) {
        if (!dev.mdevTypes.some((t) => t.id === type)) {
          out.push(finding('proxmox/vgpu-sriov', range, `${dev.address} offers no mdev type ${quoteUserText(type)} (host sysfs: mdev_supported_types): ${typeList(dev.mdevTypes)}. Proxmox cannot create the mdev and the VM does not start.`));
        }
        continue;
      }
      const vfs = vgpuVfsOf(host, dev);
      if (vfs.length) {
        out.push(finding('proxmox/vgpu-sriov', range, `${dev.address} offers its vGPUs on SR-IOV virtual functions (vGPU 17+: ${vfs.slice(0, 6).map((v) => v.address).join(', ')}), not as mdevs: put a VF's address in ${h.line.key!.text} (mdev=nvidia-<id> with one of its creatable types).`));
      } else if (dev.sriov && dev.sriov.totalVfs > 0 && dev.sriov.numVfs === 0) {
        out.push(finding('proxmox/vgpu-sriov', range, `${dev.address} offers no mdev types and SR-IOV is not enabled (host sysfs: sriov_numvfs = 0 of ${dev.sriov.totalVfs}): on vGPU 17+ the vGPUs are virtual functions. Enable them (/usr/lib/nvidia/sriov-manage -e ${dev.address}), then assign a VF.`));
      } else {
        out.push(finding('proxmox/vgpu-sriov', range, `${dev.address} offers no mdev types (host sysfs: no mdev_supported_types): Proxmox cannot create ${quoteUserText(type)} and the VM does not start. Is the vGPU host driver loaded?`, { severity: 'warning' }));
      }
    }
    return out;
  },
);

/** Proxmox's uuid for the mdev of hostpci<index> of VM <vmid> (PCI/Mdev.pm generate_mdev_uuid). */
export function pveMdevUuid(vmid: number, index: number): string {
  return `${String(index).padStart(8, '0')}-0000-0000-0000-${String(vmid).padStart(12, '0')}`;
}

/**
 * Time-sliced vGPUs of different sizes on one GPU: this VM's mdev= entries (a type on an mdev-capable GPU, or
 * nvidia-<id> on a vGPU 17+ VF) and the vGPUs that exist on the host, which Proxmox removes when their VM stops
 * (QemuServer.pm cleanup_pci_devices) – so they belong to running VMs. This VM's own mdevs (uuid from its VMID,
 * when the file is <vmid>.conf) and its own VFs are left out. The mixed-size mode is not in sysfs: a warning.
 */
export const vgpuMixedProfilesRule = defineRule<ProxmoxContext>(
  { id: 'proxmox/vgpu-mixed-profiles', defaultSeverity: 'warning', description: 'Host: time-sliced vGPUs of different sizes on one physical GPU (this VM plus the vGPUs that exist on the host).', fixable: false },
  (ctx) => {
    const host = ctx.host;
    if (!host) return [];
    const own = ownVgpus<Span>();
    for (const h of ctx.facts.hostpcis) {
      const mdev = h.prop('mdev');
      if (!mdev || h.addresses.length > 1) continue;
      const dev = assignedFunctions(h, host)[0];
      if (!dev) continue;
      const key = h.line.key!.text;
      const type = mdev.value.text;
      if (isVgpuVf(dev) && dev.physfn) {
        const id = /^nvidia-(\d+)$/.exec(type)?.[1];
        const name = dev.creatableVgpuTypes.find((t) => t.id === id)?.name;
        const gb = vgpuSizeGb(name);
        if (gb === undefined || !name) continue;
        own.vfs.add(dev.address);
        own.add(dev.physfn, { gb, name, where: `this VM (${key}, VF ${dev.address})`, anchor: mdev.value.span });
        continue;
      }
      const name = dev.mdevTypes.find((t) => t.id === type)?.name;
      const gb = vgpuSizeGb(name);
      if (gb === undefined || !name) continue;
      if (ctx.vmid !== undefined) own.mdevUuids.add(pveMdevUuid(ctx.vmid, h.index));
      own.add(dev.address, { gb, name, where: `this VM (${key})`, anchor: mdev.value.span });
    }
    return mixedSizeGpus(host, own).map(({ gpu, slices, anchor }) => finding('proxmox/vgpu-mixed-profiles', ctx.range(anchor), mixedSizeMessage(gpu, slices)));
  },
);

const PVE_TRUE = /^(1|on|yes|true)$/i;

/**
 * The GPU's NUMA node against where the VM runs: memory on the host nodes of `numa0`…`numa7` `hostnodes=` (used
 * only with `numa: 1`, Memory.pm), vCPU threads on the host CPUs of `affinity` (taskset, QemuServer.pm). A
 * performance hint, as libvirt/numa.
 */
export const numaRule = defineRule<ProxmoxContext>(
  { id: 'proxmox/numa', defaultSeverity: 'hint', description: "Host: the GPU's NUMA node differs from the host nodes of hostnodes= (numa: 1) or the CPUs of affinity.", fixable: false },
  (ctx) => {
    const host = ctx.host;
    if (!host || !ctx.facts.hostpcis.length) return [];
    const memNodes = new Set<number>();
    if (PVE_TRUE.test(currentProperty(ctx.doc, 'numa')?.value?.text.trim() ?? '')) {
      for (let i = 0; i < 8; i++) {
        const line = currentProperty(ctx.doc, `numa${i}`);
        const hostnodes = line?.value ? parsePropertyString(line.value).find((it) => it.key?.text === 'hostnodes') : undefined;
        for (const n of parseSet(hostnodes?.value.text ?? '', ';') ?? []) memNodes.add(n);
      }
    }
    const cpus = parseSet(currentProperty(ctx.doc, 'affinity')?.value?.text ?? '') ?? new Set<number>();
    if (!memNodes.size && !cpus.size) return [];
    const placement = { memNodes, memWhat: 'hostnodes= puts memory on host node', cpus, cpuWhat: 'affinity runs the VM on CPUs of node', advice: 'Use hostnodes= and affinity of node' };
    const out: Finding[] = [];
    for (const h of ctx.facts.hostpcis) {
      const dev = assignedFunctions(h, host)[0];
      const message = dev && numaMismatch(host, dev, placement);
      if (message) out.push(finding('proxmox/numa', ctx.range(h.line.key!.span), message));
    }
    return out;
  },
);
