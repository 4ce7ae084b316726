// Where OVMF puts the 64-bit PCI aperture, so the rules can tell whether the guest can address it.
// Source: edk2 OvmfPkg/Library/PlatformInitLib/MemDetect.c (PlatformGetFirstNonAddress): the aperture
// starts above RAM (and the memory hotplug area), aligned to 1 GiB and then to the largest power of
// two not above its size; its size comes from fw_cfg opt/ovmf/X-PciMmio64Mb, else PcdPciMmio64Size,
// which OvmfPkgX64.dsc sets to 0x800000000 (32 GiB).
export const OVMF_SOURCE =
  'edk2 OvmfPkg/Library/PlatformInitLib/MemDetect.c (PlatformGetFirstNonAddress, PlatformDynamicMmioWindow) and OvmfPkg/OvmfPkgX64.dsc (PcdPciMmio64Size = 0x800000000)';

/** OVMF's default 64-bit PCI aperture when nothing sets one. */
export const OVMF_DEFAULT_APERTURE_GB = 32;
/** QEMU's guest physical address bits for named CPU models when nothing sets them (edk2 MemDetect.c notes the same). */
export const QEMU_DEFAULT_PHYS_BITS = 40;

const GiB = 1024 ** 3;

function floorPow2(n: number): number {
  return 2 ** Math.floor(Math.log2(n));
}

/**
 * End address (exclusive, bytes) of OVMF's 64-bit aperture of `apertureGb`, for a guest with `ramKiB` of RAM.
 * RAM above 4 GiB is estimated from QEMU's split (q35: 2 GiB below 4 GiB once RAM ≥ 2.75 GiB; i440fx: 3 GiB once RAM > 3.5 GiB).
 */
export function apertureEnd(apertureGb: number, ramKiB: number, q35: boolean): number {
  const ram = ramKiB * 1024;
  const below = q35 ? (ram >= 2.75 * GiB ? 2 * GiB : ram) : ram > 3.5 * GiB ? 3 * GiB : ram;
  const firstNonAddress = 4 * GiB + Math.max(0, ram - below);
  const size = Math.ceil(apertureGb) * GiB;
  let base = Math.ceil(firstNonAddress / GiB) * GiB;
  const align = floorPow2(size);
  base = Math.ceil(base / align) * align;
  return base + size;
}

/** The fewest physical address bits that reach `endBytes`. */
export function bitsFor(endBytes: number): number {
  return Math.ceil(Math.log2(endBytes));
}

export function formatBytes(bytes: number): string {
  const gb = bytes / GiB;
  return gb >= 1024 && Number.isInteger(gb / 1024) ? `${gb / 1024} TiB` : `${Math.round(gb)} GiB`;
}
