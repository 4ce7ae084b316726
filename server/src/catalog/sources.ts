// Citations used by catalog entries. A fact without one of these does not go into the catalog.

export const SEED_BAR_ARTICLE =
  'Frank Denneman, "vSphere ML Accelerator Spectrum Deep Dive – ESXi Host BIOS, VM, and vCenter Settings" (frankdenneman.nl, 2023-05-30): BAR tables and NVIDIA MMIO recommendation chart';
export const SEED_NESTED_ESXI =
  'William Lam, "Double GPU Passthrough in Nested ESXi" (williamlam.com): vvtd.enable, vhv.allowPassthru, amd.iommu.supportsPcip';
export const SEED_VGPU_VMOTION = 'VMware, "Enhanced vMotion for vGPU VMs in VMware Cloud Foundation 9.0" (blogs.vmware.com)';
export const SEED_VGPU_KVM = 'NVIDIA, "NVIDIA vGPU on KVM" slides: VFIO mdev, libvirt XML, tuning';
export const SEED_VGPU_OVERVIEW = 'NVIDIA vGPU overview notes: profiles, schedulers, MIG, SR-IOV (vGPU 17+)';
export const PCI_IDS = 'pci.ids (The PCI ID Repository, pci-ids.ucw.cz), vendor 10de';
export const VMWARE_GUESTOS_IDS = 'VMware vSphere API reference, VirtualMachineGuestOsIdentifier';
