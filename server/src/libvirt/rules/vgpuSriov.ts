import { NVIDIA_VENDOR_ID } from '../../catalog/gpus';
import type { HostInventory, HostPciDevice } from '../../host/inventory';
import { isVgpuVf, vgpuVfsOf } from '../../host/inventory';
import { typeList } from '../../host/describe';
import { defineRule, finding } from '../../service/rule';
import type { Finding } from '../../service/types';
import { hostdevAnchor } from '../adapter';
import type { LibvirtContext } from '../context';
import { clip, hostDeviceOf } from '../host/facts';

/** VFs of the host that offer vGPUs this way. */
export function vgpuVfs(host: HostInventory): HostPciDevice[] {
  return host.devices().filter(isVgpuVf);
}

/** A VF's creatable vGPU types, for messages and completion documentation. */
export function vfTypeList(d: HostPciDevice, max = 8): string {
  return typeList(d.creatableVgpuTypes, 'none (the VF offers no type now)', max);
}

/**
 * vGPU 17 and later on Ada, Hopper and Blackwell (and later) GPUs under Linux KVM: the vGPU is an SR-IOV
 * virtual function whose type is written to nvidia/current_vgpu_type, assigned as a PCI hostdev – no
 * mdev exists (NVIDIA vGPU user guide, "Linux with KVM hypervisor that uses a vendor-specific VFIO
 * framework"; NVIDIA vgpu-device-manager pkg/vfio).
 */
export const vgpuSriovRule = defineRule<LibvirtContext>(
  { id: 'libvirt/vgpu-sriov', defaultSeverity: 'error', description: 'vGPU 17+ SR-IOV: an mdev where the host offers vGPUs on VFs, a VF without a valid current_vgpu_type, SR-IOV not enabled.', fixable: false },
  (ctx) => {
    const host = ctx.host;
    if (!host) return [];
    const out: Finding[] = [];
    let vfList: HostPciDevice[] | undefined;
    // Listing every PCI device is only needed for an mdev hostdev: computed on first use.
    const vfs = () => (vfList ??= vgpuVfs(host));
    const vfNames = () => vfs().slice(0, 6).map((v) => v.address).join(', ') + (vfs().length > 6 ? ', …' : '');
    for (const h of ctx.domain?.hostdevs ?? []) {
      const range = ctx.range(hostdevAnchor(h));
      if (h.kind === 'mdev') {
        const uuid = h.uuid?.value.trim().toLowerCase();
        if (!vfs().length || host.mdevTypes().length || (uuid && host.mdevs().some((m) => m.uuid === uuid))) continue;
        out.push(finding('libvirt/vgpu-sriov', range, `This host offers NVIDIA vGPUs on SR-IOV virtual functions (${vfNames()}), not as mdevs (no mdev_supported_types, host sysfs): write a type id to the VF's nvidia/current_vgpu_type and assign the VF as <hostdev type='pci'> instead of an mdev`));
        continue;
      }
      if (h.kind !== 'pci') continue;
      const dev = hostDeviceOf(host, h);
      if (!dev || !isVgpuVf(dev)) continue;
      const current = dev.currentVgpuType;
      const file = `bus/pci/devices/${dev.address}/nvidia/current_vgpu_type`;
      if (current === undefined || current === '0') {
        out.push(finding('libvirt/vgpu-sriov', range, `VF ${dev.address} of ${dev.physfn} has no vGPU type (host sysfs: ${file} = ${current ?? 'absent'}): the guest gets no GPU. Write one of its creatable types there first: ${vfTypeList(dev)}`));
      } else if (dev.creatableVgpuTypes.length && !dev.creatableVgpuTypes.some((t) => t.id === current)) {
        out.push(finding('libvirt/vgpu-sriov', range, `VF ${dev.address} has vGPU type ${clip(current, 20)} (host sysfs: ${file}), which is not among its creatable_vgpu_types: ${vfTypeList(dev)}`));
      }
    }
    const nd = ctx.nodedev;
    if (nd?.capability && nd.parentAddress && nd.parent) {
      const parent = host.device(nd.parentAddress);
      const range = ctx.range(nd.parent.nameSpan);
      if (parent && !parent.mdevTypes.length) {
        const ownVfs = vgpuVfsOf(host, parent);
        if (ownVfs.length || isVgpuVf(parent)) {
          out.push(finding('libvirt/vgpu-sriov', range, `${parent.address} offers vGPUs on SR-IOV virtual functions (vGPU 17+: ${ownVfs.map((v) => v.address).slice(0, 6).join(', ') || parent.address}), not as mdevs: there is no mdev to define. Write a type id to a VF's nvidia/current_vgpu_type and assign the VF as a PCI hostdev`));
        } else if (parent.vendorId === NVIDIA_VENDOR_ID && parent.sriov && parent.sriov.totalVfs > 0 && parent.sriov.numVfs === 0) {
          out.push(finding('libvirt/vgpu-sriov', range, `SR-IOV is not enabled on ${parent.address} (host sysfs: sriov_numvfs = 0 of sriov_totalvfs = ${parent.sriov.totalVfs}): its vGPU types appear only on the virtual functions. Enable them with /usr/lib/nvidia/sriov-manage -e ${parent.address}, then use a VF as the parent`));
        }
      }
    }
    return out;
  },
);
