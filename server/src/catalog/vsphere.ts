// vSphere facts that decide the vmx/ MMIO and firmware rules, each with its primary source. Where sources
// disagree the rules say so in a warning that names both (docs/vsphere-facts.md has the quotes).

/** VMware's guidance, repeated in Dell's KB: devices whose BARs total more than 16 GB need 64-bit MMIO and EFI. */
export const VMWARE_16GB_GUIDANCE =
  'VMware, "How to Enable Nvidia V100 GPU in Passthrough mode on vSphere" (blogs.vmware.com/apps, 2018-10): "only relevant if your PCI device maps memory regions whose sizes total more than 16GB"; VMware Edge Compute Stack 3.0 reference architecture: "For GPU models requiring MMIO space greater than 16GB in size, add and configure the following two parameters"';
export const DELL_KB_000199172 =
  'Dell KB 000199172 "PCI passthrough Module DevicePowerOn power on failed": log "PCIPassthru: total number of pages needed (4206594) exceeds limit (917504)" for a device of ≈16 GiB of BARs with 64-bit MMIO off; "only relevant if your PCI device maps memory regions whose sizes total more than 16 GB"; "Guest OS must boot with EFI"';
export const DENNEMAN_32GB_DEFAULT =
  'Frank Denneman, "vSphere ML Accelerator Spectrum Deep Dive – ESXi Host BIOS, VM, and vCenter Settings" (frankdenneman.nl, 2023-05-30): "By default, vSphere assigns a MMIO region … of 32GB to each VM"; "if the GPU has a BAR1 size exceeding 256 MB, you must configure the VM with an EFI firmware"';
export const NVIDIA_VGPU_C_SERIES_ESXI =
  'NVIDIA AI Enterprise documentation, "Using NVIDIA vGPU (C-Series)" on VMware ESXi: "64-bit MMIO and EFI boot must be enabled for the VM"; "The VM\'s MMIO space must be increased 64GB or more, depending on the GPU\'s MMIO requirements"';
export const NVIDIA_VGPU_LARGE_MEMORY_VMS =
  'NVIDIA vGPU release notes for VMware vSphere / NVIDIA AI Enterprise, "large-memory VMs": "When a vGPU on a GPU that requires 64GB or more of MMIO space is assigned to a VM with 32GB or more of memory on ESXi, the VM\'s MMIO space must be increased to the amount that the GPU requires", with a per-GPU "MMIO Space Required" table';
export const VMWARE_TKGI_VGPU_MMIO =
  'VMware Tanzu Kubernetes Grid Integrated documentation (vGPU VMs): "The 64bitMMIOSizeGB value is calculated by adding up the total GB of framebuffer memory on all v/GPUs attached to the VM" (rounded up to a power of two, then once more)';

/** Below or at this BAR total (GB) no source says 64-bit MMIO is needed. */
export const NO_MMIO_NEEDED_UP_TO_GB = 16;
/** Above this BAR total every source agrees the default window is exceeded (Denneman's 32 GB default included). */
export const DEFAULT_WINDOW_UPPER_GB = 32;

/**
 * NVIDIA's "MMIO Space Required" per physical GPU for vGPU VMs on ESXi (NVIDIA_VGPU_LARGE_MEMORY_VMS), by catalog
 * GPU id; only the GPUs the table names ("H200" is mapped to both H200 boards). GPUs absent here are not listed there.
 */
export const NVIDIA_VGPU_MMIO_GB: Readonly<Record<string, number>> = {
  'H200-NVL': 512,
  'H200-SXM': 512,
  'H100-PCIE-80GB': 256,
  'A100-PCIE-80GB': 256,
  'A100-PCIE-40GB': 128,
  L40: 128,
  A40: 128,
  'RTX-A6000': 128,
  L4: 64,
  A30: 64,
  A10: 64,
  'V100-PCIE-16GB': 64,
  'V100-PCIE-32GB': 64,
};

/** NVIDIA's per-GPU figure applies to VMs with this much memory or more (MB). */
export const LARGE_MEMORY_VM_MB = 32 * 1024;
/** NVIDIA: a C-series vGPU VM's MMIO space "must be increased 64GB or more". */
export const C_SERIES_MIN_MMIO_GB = 64;
