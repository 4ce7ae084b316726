// Citations used by catalog entries. A fact without one of these does not go into the catalog.

export const SEED_BAR_ARTICLE =
  'Frank Denneman, "vSphere ML Accelerator Spectrum Deep Dive – ESXi Host BIOS, VM, and vCenter Settings" (frankdenneman.nl, 2023-05-30): BAR tables and NVIDIA MMIO recommendation chart';
export const SEED_NESTED_ESXI =
  'William Lam, "Double GPU Passthrough in Nested ESXi" (williamlam.com): vvtd.enable, vhv.allowPassthru, amd.iommu.supportsPcip';
export const SEED_VGPU_VMOTION = 'VMware, "Enhanced vMotion for vGPU VMs in VMware Cloud Foundation 9.0" (blogs.vmware.com)';
export const SEED_VGPU_KVM = 'NVIDIA, "NVIDIA vGPU on KVM" slides: VFIO mdev, libvirt XML, tuning';
export const SEED_VGPU_OVERVIEW = 'NVIDIA vGPU overview notes: profiles, schedulers, MIG, SR-IOV (vGPU 17+)';
export const LIBVIRT_FORMATDOMAIN = 'libvirt documentation, Domain XML format (libvirt.org/formatdomain.html)';
export const LIBVIRT_FORMATNODE = 'libvirt documentation, Node devices XML format (libvirt.org/formatnode.html)';
/** The q35 machine type is QEMU's PCI Express machine; pc (i440FX) has a conventional PCI bus. */
export const QEMU_PCIE_GUIDELINES = 'QEMU documentation, "PCI EXPRESS GUIDELINES" (docs/pcie.txt in the QEMU sources, qemu.org): PCI Express topology of the q35 machine type';
/** OVMF's 64-bit MMIO aperture: default size and the fw_cfg knob that overrides it. */
export const EDK2_OVMF_MMIO64 =
  'edk2 OvmfPkg/OvmfPkgX64.dsc (PcdPciMmio64Size = 0x800000000, 32 GiB) and OvmfPkg/Library/PlatformInitLib/MemDetect.c (fw_cfg opt/ovmf/X-PciMmio64Mb; PlatformAddressWidthFromCpuid)';
/** The guest driver's message when a BAR was not assigned: "NVRM: BAR1 is 0M @ 0x0". */
export const NVIDIA_NV_PCI_BAR_INVALID =
  'NVIDIA/open-gpu-kernel-modules kernel-open/nvidia/nv-pci.c (github.com/NVIDIA/open-gpu-kernel-modules): "NVRM: This PCI I/O region assigned to your NVIDIA device is invalid:" / "NVRM: BAR%d is %…M @ 0x%…"';
export const PCI_IDS = 'pci.ids (The PCI ID Repository, pci-ids.ucw.cz), vendor 10de';
export const VMWARE_GUESTOS_IDS = 'VMware vSphere API reference, VirtualMachineGuestOsIdentifier';

// ---- Device ids, subsystem ids, vGPU types and BAR sizes beyond the article (see docs/catalog-sources.md) ----

/** Newer pci.ids than the Debian 2023.04 snapshot: needed for 26b9, 2321, 2335, 233b, 2901 and the A2/A16 comment. */
export const PCI_IDS_PCIUTILS_REPO =
  'pci.ids in github.com/pciutils/pciids (file pci.ids, commit 006181e2c5d5b9a3b57d252aa5b3d827971d41a9), vendor 10de: ' +
  '2321 "GH100 [H100L 94GB]", 2335 "GH100 [H200 SXM 141GB]", 233b "GH100 [H200 NVL]", 26b9 "AD102GL [L40S]", 2901 "GB100 [B200]", ' +
  '20f5 "GA100 [A800 80GB PCIe]", 20f6 "GA100 [A800 40GB PCIe]", and the comment "# A16 - 25B6 10DE 14A9 / A2 - 25B6 10DE 157E"';

/** NVIDIA's own device-id table, with subsystem ids where boards share a device id. */
export const NVIDIA_OPEN_GPU_README =
  'NVIDIA/open-gpu-kernel-modules README.md, "Compatible GPUs" table (github.com/NVIDIA/open-gpu-kernel-modules, e.g. commit 015742d32fa615353199b11589ecaba828040859 and later releases): ' +
  '"NVIDIA A16 | 25B6 10DE 14A9", "NVIDIA A2 | 25B6 10DE 157E", "NVIDIA A10 | 2236 10DE 1482", "NVIDIA A40 | 2235 10DE 145A", "NVIDIA L40 | 26B5", "NVIDIA L40S | 26B9", "NVIDIA L4 | 27B8", ' +
  '"NVIDIA RTX 6000 Ada Generation | 26B1", "NVIDIA RTX A6000 | 2230", "NVIDIA RTX A5000 | 2231", "NVIDIA H100 NVL | 2321 10DE 1839", "NVIDIA H200 | 2335 10DE 18BE/18BF", "NVIDIA H200 NVL | 233B 10DE 1996", ' +
  '"NVIDIA GeForce RTX 3090 | 2204", "NVIDIA GeForce RTX 4090 | 2684", "NVIDIA A800 80GB PCIe | 20F5", "NVIDIA A800 40GB Active | 20F6"';

/**
 * NVIDIA-authored list of vGPU type names with the maximum number of vGPUs per GPU, and a device-id → type mapping
 * (e.g. device-filter 0x232110DE → H100L-47C, 0x26B110DE → RTX6000-Ada-24Q, 0x20F110DE → A100-20C).
 */
export const NVIDIA_VGPU_DEVICE_MANAGER_CONFIG =
  'NVIDIA/vgpu-device-manager examples/config-example.yaml (github.com/NVIDIA/vgpu-device-manager, commit 1c766d5fa6557618baf2a7f28339be59860963f1): ' +
  'vgpu-configs "<TYPE>: {vgpu-devices: {<TYPE>: <max per GPU>}}" and the "default" device-filter → type list';

/** The vGPU type-name grammar (NVIDIA's vGPU device manager, main branch). */
export const NVIDIA_VGPU_DEVICE_MANAGER_TYPES =
  'NVIDIA/vgpu-device-manager pkg/types/vgpu_type.go (grammar "<gpu>-<gb><series>" and MIG-backed "<gpu>-<g>-<gb><series>[ME]", series A/B/C/Q, framebuffer in GB in the name)';

/**
 * A table generated from the vgpuConfig.xml of the 510.47.03 vGPU driver package: mdev type id, name, frame buffer per type.
 * The ids are that release's numbering (they change between releases); the names and frame buffers are the facts used here.
 */
export const VGPU_TYPES_510_47_03 =
  'KrutavShah/GPU_Virtualization-Wiki reference/vgpu-types.md (commit 5590c0298f797b8875c8477aa4d1ac8fdc210463), "The following data is taken from `vgpuConfig.xml` from a 510.47.03 driver package": ' +
  '"nvidia-289 | GRID P4-8C | 8G", "nvidia-290 | GRID P6-4C", "nvidia-291 | GRID P6-8C", "nvidia-292 | GRID P6-16C", "nvidia-47 | GRID P40-2Q | 2G", ' +
  '"nvidia-692 | GRID A100D-4C", "nvidia-693 | GRID A100D-8C", "nvidia-694 | GRID A100D-10C", "nvidia-695 | GRID A100D-16C"';

/**
 * Not a source: `pkg/vgpu/vfio/types_test.go` ("1428 : NVIDIA H200X-141C", "63 : GRID P40-2Q") exists only in pull request #195 of
 * NVIDIA/vgpu-device-manager (refs/pull/195/head = commit 4d31dc65fc98baf9dc2e98028e9fda092f464da0), not on its main branch
 * (checked at commit acb72704). It is test input written for that pull request, not driver output; its "63" for GRID P40-2Q
 * is not the 510.47.03 id (nvidia-47). Kept here so the audit trail says why the catalog no longer cites it.
 */
export const NOT_A_SOURCE_VGPU_DEVICE_MANAGER_PR195 =
  'NVIDIA/vgpu-device-manager pull request #195, pkg/vgpu/vfio/types_test.go at commit 4d31dc65fc98baf9dc2e98028e9fda092f464da0 (not on the main branch)';

/**
 * NVIDIA's own table of whole-GPU vGPU types per board (the P2P page lists, per board, the time-sliced type that is
 * allocated all of the physical GPU's frame buffer). Gives the type-name prefix of boards the config example does not cover.
 */
export const NVIDIA_AIE_P2P_VGPU_TYPES =
  'NVIDIA AI Enterprise documentation, "Peer-To-Peer (P2P) CUDA Transfers" (https://docs.nvidia.com/ai-enterprise/release-8/8.1/infra-software/vgpu/features/p2p.html), ' +
  'tables "vGPU Support for P2P on the NVIDIA Blackwell / Hopper GPU Architecture": "NVIDIA HGX B200 180 GB | NVIDIA B200X-180C", ' +
  '"NVIDIA H200 PCIe 141 GB (H200 NVL) | H200-141C", "NVIDIA H200 SXM5 141 GB | H200X-141C", "NVIDIA H20 SXM5 96 GB | H20-96C"; ' +
  '"Only NVIDIA vGPU for Compute time-sliced vGPUs allocated all of the physical GPU framebuffer … are supported"';

/** NVIDIA's vGPU documentation: per-architecture vGPU type tables (frame buffer, max vGPUs per GPU). */
export const NVIDIA_VGPU_TYPES_DOCS =
  'NVIDIA AI Enterprise "NVIDIA vGPU Types Reference" (docs.nvidia.com/ai-enterprise/release-7/7.5/infra-software/vgpu/reference/index.html) and ' +
  '"Volta Architecture vGPU Types" (docs.nvidia.com/ai-enterprise/release-8/latest/infra-software/vgpu/reference/volta.html: V100L-16C/8C/4C = 16/8/4 GB, max 1/2/4 per GPU)';

/**
 * Extra citation for the seed A100-PCIE-40GB entry (left untouched): guest dmesg for [10de:20f1] shows
 * "reg 0x10: [mem 0x00000000-0x00ffffff]" (16 MiB BAR0), "reg 0x14: [mem 0x00000000-0xfffffffff 64bit pref]" (64 GiB BAR1)
 * and "reg 0x1c: [mem 0x00000000-0x01ffffff 64bit pref]" (32 MiB BAR3).
 */
export const KATA_A100_40GB_BARS =
  'kata-containers/kata-containers PR #4358 "runtime: Add heuristic to get the right value(s) for mem-reserve" (github.com/kata-containers/kata-containers/pull/4358), comment by Bevisy 2022-06-21: dmesg for [10de:20f1] A100 PCIe 40GB, BAR1 reg 0x14 = 0x0-0xfffffffff (64 GiB)';

/** Extra citation for the seed T4 entry (left untouched): lspci -vvv of 1eb8 shows Region 0 16M, Region 1 256M, Region 3 32M. */
export const CLOUD_HYPERVISOR_T4_LSPCI =
  'cloud-hypervisor/cloud-hypervisor issue #434 "VFIO issues with NVIDIA T4 card" (github.com/cloud-hypervisor/cloud-hypervisor/issues/434), lspci -s 3d:00.0 -vvv of Device 1eb8: Region 0 [size=16M], Region 1 64-bit prefetchable [size=256M], Region 3 [size=32M]';

export const RTX4090_LSPCI =
  'geerlingguy/raspberry-pi-pcie-devices issue #504 "Test Nvidia GeForce RTX 4090" (github.com/geerlingguy/raspberry-pi-pcie-devices/issues/504), comment 2023-04-07, lspci -vvvv of "NVIDIA Corporation Device 2684": ' +
  'Region 0 32-bit [size=16M], Region 1 64-bit prefetchable [size=256M], Region 3 64-bit prefetchable [size=32M] (default BAR1, Resizable BAR not in effect)';

export const RTX4090_REBAR =
  'NVIDIA/open-gpu-kernel-modules issue #510 "Strange: NVreg_EnableResizableBar=1 only works for 5 out of 6 gpu" (github.com/NVIDIA/open-gpu-kernel-modules/issues/510), comment by aaronp24 2023-05-31: ' +
  'with NVreg_EnableResizableBar=1 the kernel tries to resize BAR1 of [10de:2684] to "the full 32 GiB BAR size"';

/** Framebuffer sizes reported by nvidia-smi (memory.total), quoted verbatim in public GitHub files; search the exact strings. */
export const NVIDIA_SMI_MEMORY_QUOTES =
  'nvidia-smi memory.total as quoted in public GitHub files (exact strings): "NVIDIA B200, 183359 MiB", "NVIDIA H200 NVL, 143771 MiB", "NVIDIA H200, 143771 MiB", ' +
  '"NVIDIA GeForce RTX 4090, 24564 MiB", "Tesla P40, 24576 MiB", "NVIDIA A100-SXM4-80GB, 81920 MiB", "NVIDIA RTX A4000, 16376 MiB"';

export const LAMBDA_GPU_SPECS_CSV =
  'Lambda LLM calculator GPU table (huggingface.co/spaces/lambdabrendan/Lambda-LLM-Calculator, data/gpu_specs.csv): "GeForce RTX 3090 ... 24 GB, GDDR6X", "RTX A6000 ... 48 GB, GDDR6", "A40 PCIe ... 48 GB, GDDR6"';

// ---- VMX keys beyond the seed articles (see docs/catalog-sources.md, "VMX keys") ----

/** GPUDirect P2P / RDMA between passthrough devices of one VM: the two per-VM options, as NVIDIA documents them. */
export const NVIDIA_GPU_OPERATOR_RDMA_VSPHERE =
  'NVIDIA/cloud-native-docs gpu-operator/archive/22.9.2/gpu-operator-rdma.rst (github.com/NVIDIA/cloud-native-docs), "GPUDirect RDMA and GPUDirect Storage", prerequisites for VMware vSphere: ' +
  '"pciPassthru.allowP2P = true", "pciPassthru.RelaxACSforP2P = true", "pciPassthru.use64bitMMIO = true", "pciPassthru.64bitMMIOSizeGB = 128", referring to VMware\'s "Deploy an AI-Ready Enterprise Platform on vSphere 7"';

/** Backing guest memory with 1 GB pages: VMware's documentation and VMware's own VM operator, which writes the key. */
export const VMWARE_1GB_PAGES =
  'VMware vSphere 6.7 Resource Management, "Backing Guest vRAM with 1GB Pages" (docs.vmware.com/en/VMware-vSphere/6.7/com.vmware.vsphere.resmgmt.doc/GUID-F0E284A5-A6DD-477E-B80B-8EFDF814EE01.html): ' +
  'a VM with 1 GB pages needs a full memory reservation or it does not power on; and vmware-tanzu/vm-operator pkg/vmconfig/extraconfig/reconciler_test.go (© Broadcom), ' +
  'where spec.advanced HugePages1GEnabled is written as sched.mem.lpage.enable1GPage = "TRUE"';

/** The per-VM salt for transparent page sharing. */
export const VMWARE_TPS_SALT =
  'VMware KB 2097593, "Additional Transparent Page Sharing management capabilities and new default settings" (kb.vmware.com/kb/2097593): ' +
  'salt values are set per VM with the advanced option sched.mem.pshare.salt (default: the value of vc.uuid); quoted in DISA STIG "VMware vSphere 6.5 Virtual Machine" VMCH-65-000040, ' +
  'and ESXi\'s own description of /Mem/ShareForceSalting ("controlled by the VMX option sched.mem.pshare.salt")';

/** Bare values written on purpose: a disk's virtualSSD flag. */
export const PACKER_VIRTUALSSD_UNQUOTED =
  'hashicorp/packer-plugin-vmware builder/vmware/common/vmx.go, EncodeVMX: "a list of VMX key fragments that the value must not be quoted" = [".virtualssd"], ' +
  'written with the pattern "%s = %s" and the key case restored to ".virtualSSD"; introduced by hashicorp/packer pull request #2309 (2015): ' +
  '"The key was created like this: `sata0:0.virtualssd = \\"1\\"` but must be like this to work: `sata0:0.virtualSSD = 1`"';

// ---- Per-model lspci / dmesg listings for BAR sizes (docs/catalog-sources.md, "BAR sizes per GPU") ----

export const A10_LSPCI =
  'Steve Scargall, "Benchmarking GPUs: Measuring Throughput between CPU and GPU" (2024-08-16), sscargal/stevescargall.com.v2 ' +
  'content/english/blog/2024/08/benchmarking-gpus-measuring-throughput-between-cpu-and-gpu/index.md (commit 6b3bb6f03b91b7bc806dcfe3b520c66d460e079d): ' +
  '`lspci -s 99:00.0 -vvv` of "GA102GL [A10]": Region 0 (32-bit, non-prefetchable) [size=16M], Region 1 (64-bit, prefetchable) [size=32G], Region 3 (64-bit, prefetchable) [size=32M]';

export const H20_LSPCI =
  'NVIDIA/nvtrust issue #128 "Only 4/8 H20 GPUs initialized with PPCIe mode enabled in guest OS - AMD SEV-SNP" (https://github.com/NVIDIA/nvtrust/issues/128): ' +
  'lspci of "NVIDIA Corporation Device [10de:2329]" (subsystem 10de:198b): Memory (64-bit, prefetchable) [size=16M], [size=128G], [size=32M]; ' +
  'nvidia-smi in the same issue: "NVIDIA H20 … 97871MiB"';

export const A100_SXM4_80GB_LSPCI =
  'linux-pci mailing list, Ruben, "Re: [question]: BAR allocation failing", 2021-07-15, Message-ID <CALdZjm6iDnCR7OWzfCuKOALAtN-FoVvTdxUB=XcAFqHg5Aumpw@mail.gmail.com> ' +
  '(https://lore.kernel.org/linux-pci/CALdZjm6iDnCR7OWzfCuKOALAtN-FoVvTdxUB=XcAFqHg5Aumpw@mail.gmail.com/): eight A100 80GB on an HGX baseboard, ' +
  '`lspci -v` of "NVIDIA Corporation Device 20b2": Memory (32-bit, non-prefetchable) [size=16M], (64-bit, prefetchable) [size=128G], (64-bit, prefetchable) [size=32M]; ' +
  'dmesg "[10de:20b2] … reg 0x14: [mem 0xffffffe000000000-0xffffffffffffffff 64bit pref]" (0x2000000000 = 128 GiB)';

export const RTX_A4000_LSPCI =
  'geerlingguy/raspberry-pi-pcie-devices issue #692 "Test Nvidia RTX A4000 Desktop Workstation GPU" (https://github.com/geerlingguy/raspberry-pi-pcie-devices/issues/692), ' +
  'comment by geerlingguy 2024-12-11, lspci of "GA104GL [RTX A4000]": Region 0 (32-bit, non-prefetchable) [size=16M], Region 1 (64-bit, prefetchable) [size=256M], Region 3 (64-bit, prefetchable) [size=32M]';

/** mdev type ids are driver-release numbering, not GPU facts: the A100D time-sliced types as one driver release numbers them. */
export const KAYOBE_VGPU_A100D_TYPES =
  'openstack/kayobe doc/source/configuration/reference/vgpu.rst (commit 624c7f3893df7b8a6c7ae52b7af9f7f655d2e50c), NVIDIA-GRID-Linux-KVM-525.105.14: ' +
  '"#nvidia-692 GRID A100D-4C", "#nvidia-693 GRID A100D-8C", "#nvidia-694 GRID A100D-10C", "#nvidia-695 GRID A100D-16C"';

/** The VMX notation of Dynamic DirectPath I/O devices. */
export const DENNEMAN_DYNAMIC_DIRECTPATH =
  'Frank Denneman, "vSphere ML Accelerator Spectrum Deep Dive – Using Dynamic DirectPath IO (Passthrough) with VMs" (frankdenneman.nl, 2023-06-06): pciPassthru%d.allowedDevices = <vendorId:deviceId> ("0x10de:0x20f1"), pciPassthru%d.customLabel';
