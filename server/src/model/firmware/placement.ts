// Where QEMU's x86 firmware puts a guest's 64-bit PCI BARs, and whether the guest can reach them.
//
// Modelled on the firmware's own source and checked, row by row, against what the real firmware did in the
// lab (test/lab/truth-table.json, docs/firmware-lab.md; the oracle test in test/unit/firmware-oracle.test.ts):
// - SeaBIOS 1.16 src/fw/pciinit.c (pci_bios_map_devices): when the 32-bit window cannot hold every BAR, all
//   64-bit BARs move above RAM (and the memory hotplug area), aligned to the largest BAR and to 1 GiB, packed
//   largest first. There is no upper bound: a BAR placed beyond the guest's physical address bits is
//   programmed anyway and the guest cannot use it ("can't assign; no space").
// - edk2 OvmfPkg/Library/PlatformInitLib/MemDetect.c (PlatformGetFirstNonAddress, PlatformAddressWidthFromCpuid,
//   PlatformDynamicMmioWindow): the classic aperture is PcdPciMmio64Size (OvmfPkgX64.dsc: 32 GiB) or
//   fw_cfg opt/ovmf/X-PciMmio64Mb, placed above RAM/hotplug area, 1 GiB aligned, then aligned to the largest
//   power of two not above its size. From edk2-stable202211 on, when the CPU's phys-bits are trusted (≥ 41;
//   Intel 36 or 39; AMD 40), the window is 2^(bits-3) at the top of the address space unless the classic one
//   is larger. MdeModulePkg PciHostBridgeDxe allocates bottom-up inside the aperture; PciBusDxe rejects the
//   largest consumer and retries when everything does not fit.
// Root ports (q35, one per assigned device as libvirt places them) round each device's 64-bit prefetchable
// BARs up to the largest one's alignment (SeaBIOS pci_bios_check_devices, edk2 CalculateResourceAperture).

export const MiB = 2 ** 20;
export const GiB = 2 ** 30;
export const TiB = 2 ** 40;

/** 'ovmf-classic': edk2 before stable202211 (e.g. 2022.02); 'ovmf-dynamic': stable202211 and later. */
export type FirmwareBuild = 'seabios' | 'ovmf-classic' | 'ovmf-dynamic';

export interface GuestCpu {
  /** The CPUID vendor the guest sees. */
  vendor: 'intel' | 'amd' | 'other';
  /** CPUID 0x80000008 physical address bits the guest sees. */
  physBits: number;
  /** 1 GiB pages (CPUID 0x80000001 EDX bit 26). */
  pdpe1gb: boolean;
}

export interface GuestPlatform {
  machine: 'q35' | 'i440fx';
  ramBytes: number;
  /** maxMemory (memory hotplug area) and its slots, when set. */
  maxRamBytes?: number;
  slots?: number;
  cpu: GuestCpu;
  /** opt/ovmf/X-PciMmio64Mb as QEMU receives it, in MiB; undefined when not set. */
  fwCfgMmio64Mb?: number;
}

export interface PciRegion {
  sizeBytes: number;
  is64: boolean;
  prefetchable: boolean;
}

export interface PlacementDevice {
  regions: PciRegion[];
}

export interface Aperture {
  kind: 'seabios' | 'classic' | 'dynamic' | 'none';
  base: number;
  /** Size in bytes; Infinity for SeaBIOS, which places without a limit. */
  size: number;
  /** Why this aperture: one sentence for hovers and docs. */
  why: string;
  /** A few words for diagnostics: "the classic 32 GiB window", "the dynamic 128 GiB window (2^(40−3))". */
  short: string;
}

export interface DevicePlacement {
  /** Bytes of 64-bit address space the device needs (its root-port window on q35). */
  needBytes: number;
  start?: number;
  placed: boolean;
  /** placed but beyond the guest's physical address bits: unusable. */
  beyondPhysBits: boolean;
  /** In the 32-bit window below 4 GiB (SeaBIOS, when everything fits there). */
  below4G: boolean;
}

export interface PlacementResult {
  build: FirmwareBuild;
  aperture: Aperture;
  devices: DevicePlacement[];
  /** Every device placed by the firmware where the guest can reach it. */
  ok: boolean;
  /** 2^guest phys-bits. */
  guestLimit: number;
  /** The address bits OVMF itself used (trusted CPUID, capped), when the dynamic window applies. */
  firmwareBits?: number;
}

const FOUR_G = 4 * GiB;
/** OvmfPkgX64.dsc PcdPciMmio64Size = 0x800000000. */
export const OVMF_CLASSIC_APERTURE = 32 * GiB;
/** MemDetect.c: fw_cfg X-PciMmio64Mb above 0x1000000 MiB (16 TiB) is ignored as malformed. */
export const OVMF_FWCFG_MAX_MB = 0x1000000;
/**
 * SeaBIOS's 32-bit PCI window: from 0xc0000000 (q35: above the MMCONFIG area; i440fx with ≥ 3 GiB RAM) to
 * 0xfec00000, less room the emulated devices (VGA, virtio) take. A conservative figure: only used to decide
 * that small BARs stay below 4 GiB.
 */
const SEABIOS_32BIT_WINDOW = 0xfec00000 - 0xc0000000 - 64 * MiB;

const alignUp = (v: number, a: number): number => Math.ceil(v / a) * a;
const floorPow2 = (n: number): number => 2 ** Math.floor(Math.log2(n));

/** RAM above 4 GiB as QEMU 7.2 splits it (hw/i386/pc_q35.c, pc_piix.c: lowmem). */
export function ramAbove4G(p: Pick<GuestPlatform, 'machine' | 'ramBytes'>): number {
  const lowmem = p.machine === 'q35' ? (p.ramBytes >= 0xb0000000 ? 0x80000000 : 0xb0000000) : p.ramBytes >= 0xe0000000 ? 0xc0000000 : 0xe0000000;
  return Math.max(0, p.ramBytes - Math.min(p.ramBytes, lowmem));
}

/**
 * The first address above guest RAM and the memory hotplug area: QEMU's "etc/reserved-memory-end"
 * (hw/i386/pc.c: device memory starts 1 GiB-aligned above RAM, size maxmem − ram + 1 GiB per slot).
 */
export function firstNonAddress(p: GuestPlatform): number {
  const top = FOUR_G + ramAbove4G(p);
  if (p.maxRamBytes === undefined || p.maxRamBytes <= p.ramBytes) return top;
  return alignUp(top, GiB) + (p.maxRamBytes - p.ramBytes) + GiB * (p.slots ?? 0);
}

interface Entry {
  device: number;
  size: number;
  align: number;
}

/** The 64-bit resources each device asks for: one root-port window on q35, each 64-bit BAR on i440fx. */
function entries64(devices: PlacementDevice[], machine: GuestPlatform['machine']): Entry[] {
  const out: Entry[] = [];
  devices.forEach((d, device) => {
    const regions = d.regions.filter((r) => r.is64 && r.sizeBytes > 0 && (machine === 'i440fx' || r.prefetchable));
    if (regions.length === 0) return;
    if (machine === 'q35') {
      const sizes = regions.map((r) => alignUp(r.sizeBytes, 4096)).sort((a, b) => b - a);
      const align = Math.max(sizes[0], MiB);
      let sum = 0;
      for (const s of sizes) sum = alignUp(sum, s) + s;
      out.push({ device, size: alignUp(sum, align), align });
    } else {
      for (const r of regions) out.push({ device, size: alignUp(r.sizeBytes, 4096), align: Math.max(alignUp(r.sizeBytes, 4096), 4096) });
    }
  });
  return out;
}

/**
 * Largest first (SeaBIOS pci_region_create_entry keeps the list sorted by alignment, then size; edk2 PciBusDxe
 * sorts by alignment). Equal entries keep the order they were created in: SeaBIOS creates q35 root-port windows
 * walking the secondary buses from the highest down (pci_bios_check_devices), so the last root port's device gets
 * the lowest address; devices on the i440fx root bus, and OVMF, go in bus order (lab rows seabios-q35-qemu64-4x64G,
 * seabios-pc-qemu64-4x64G, ovmf-q35-epyc40-2x64G).
 */
function sortForPacking(list: Entry[], descendingTies: boolean): Entry[] {
  return [...list].sort((a, b) => b.align - a.align || b.size - a.size || (descendingTies ? b.device - a.device : a.device - b.device));
}

/** Packs entries upward from `base`; returns each entry's start. */
function pack(list: Entry[], base: number): Map<Entry, number> {
  const starts = new Map<Entry, number>();
  let at = base;
  for (const e of list) {
    at = alignUp(at, e.align);
    starts.set(e, at);
    at += e.size;
  }
  return starts;
}

export function devicesNeed(devices: PlacementDevice[], machine: GuestPlatform['machine']): number[] {
  const need = devices.map(() => 0);
  for (const e of entries64(devices, machine)) need[e.device] += e.size;
  return need;
}

/** OVMF's 64-bit aperture for this platform (MemDetect.c), before any BAR is placed. */
export function ovmfAperture(build: Exclude<FirmwareBuild, 'seabios'>, p: GuestPlatform): { aperture: Aperture; firmwareBits?: number } {
  let size = OVMF_CLASSIC_APERTURE;
  let sizeWhy = "OVMF's default 32 GiB (PcdPciMmio64Size)";
  if (p.fwCfgMmio64Mb !== undefined) {
    if (p.fwCfgMmio64Mb <= OVMF_FWCFG_MAX_MB) {
      size = p.fwCfgMmio64Mb * MiB;
      sizeWhy = `X-PciMmio64Mb = ${p.fwCfgMmio64Mb} MiB`;
    } else {
      sizeWhy = `OVMF's default 32 GiB (X-PciMmio64Mb = ${p.fwCfgMmio64Mb} is above 16 TiB and ignored)`;
    }
  }
  if (size === 0) return { aperture: { kind: 'none', base: 0, size: 0, why: 'X-PciMmio64Mb = 0 disables the 64-bit aperture', short: 'no 64-bit window (X-PciMmio64Mb = 0)' } };
  size = alignUp(size, GiB);
  let base = alignUp(firstNonAddress(p), GiB);
  base = alignUp(base, floorPow2(size));
  const short = p.fwCfgMmio64Mb !== undefined && p.fwCfgMmio64Mb <= OVMF_FWCFG_MAX_MB ? `the X-PciMmio64Mb window of ${formatBytes(size)}` : `the classic ${formatBytes(size)} window`;
  const classic: Aperture = { kind: 'classic', base, size, why: `the classic aperture: ${sizeWhy}, above RAM`, short };
  if (build === 'ovmf-classic') return { aperture: { ...classic, why: `${classic.why} (edk2 before stable202211 has no dynamic window)` } };

  const { vendor, physBits, pdpe1gb } = p.cpu;
  const trusted = physBits >= 41 || (vendor === 'intel' && (physBits === 36 || physBits === 39)) || (vendor === 'amd' && physBits === 40);
  if (!trusted) {
    return { aperture: { ...classic, why: `${classic.why}; OVMF does not trust ${physBits} phys-bits from a${vendor === 'amd' ? 'n AMD' : vendor === 'intel' ? 'n Intel' : 'n unknown-vendor'} CPU, so no dynamic window` } };
  }
  let bits = Math.min(physBits, 47);
  if (!pdpe1gb && bits > 40) bits = 40;
  const addrSpace = 2 ** bits;
  const mmioSpace = 2 ** (bits - 3);
  if (size < mmioSpace && base + mmioSpace < addrSpace) {
    const capped = bits !== physBits ? ` (${physBits} phys-bits, capped to ${bits}${!pdpe1gb && physBits > 40 ? ' without 1 GiB pages' : ''})` : '';
    return {
      aperture: {
        kind: 'dynamic',
        base: addrSpace - mmioSpace,
        size: mmioSpace,
        why: `the dynamic window 2^(${bits}−3) at the top of the ${bits}-bit address space${capped}`,
        short: `the dynamic ${formatBytes(mmioSpace)} window = 2^(${bits}−3)`,
      },
      firmwareBits: bits,
    };
  }
  return { aperture: { ...classic, why: `${classic.why} (larger than the dynamic window 2^(${bits}−3))` }, firmwareBits: bits };
}

export function place(build: FirmwareBuild, p: GuestPlatform, devices: PlacementDevice[]): PlacementResult {
  const guestLimit = 2 ** p.cpu.physBits;
  const all = entries64(devices, p.machine);
  const result: DevicePlacement[] = devices.map((_, i) => ({
    needBytes: all.filter((e) => e.device === i).reduce((s, e) => s + e.size, 0),
    placed: true,
    beyondPhysBits: false,
    below4G: false,
  }));
  const finish = (aperture: Aperture, firmwareBits?: number): PlacementResult => ({
    build,
    aperture,
    devices: result,
    ok: result.every((d) => d.placed && !d.beyondPhysBits),
    guestLimit,
    ...(firmwareBits !== undefined ? { firmwareBits } : {}),
  });
  const sorted = sortForPacking(all, build === 'seabios' && p.machine === 'q35');

  if (build === 'seabios') {
    const total32 = [...pack(sorted, 0).entries()].reduce((end, [e, s]) => Math.max(end, s + e.size), 0);
    if (total32 <= SEABIOS_32BIT_WINDOW) {
      for (const d of result) d.below4G = d.needBytes > 0;
      return finish({ kind: 'seabios', base: 0, size: Infinity, why: 'SeaBIOS keeps the BARs in the 32-bit window below 4 GiB: they fit there', short: 'below 4 GiB' });
    }
    const maxAlign = sorted[0]?.align ?? GiB;
    const base = alignUp(alignUp(firstNonAddress(p), maxAlign), GiB);
    const starts = pack(sorted, base);
    for (const [e, s] of starts) {
      const d = result[e.device];
      d.start = d.start === undefined ? s : Math.min(d.start, s);
      if (s + e.size > guestLimit) d.beyondPhysBits = true;
    }
    return finish({ kind: 'seabios', base, size: Infinity, why: 'SeaBIOS places 64-bit BARs above RAM, largest first, with no upper limit', short: `SeaBIOS, from ${formatBytes(base)} up` });
  }

  const { aperture, firmwareBits } = ovmfAperture(build, p);
  if (aperture.kind === 'none') {
    for (const d of result) if (d.needBytes > 0) d.placed = false;
    return finish(aperture, firmwareBits);
  }
  // PciBusDxe: when the root bridge's resources do not fit, reject the device that consumes most and retry. Rejecting
  // one at a time removes the devices in order of their need, and the packed end only shrinks as more are removed, so
  // the number rejected is found by binary search (a document with thousands of devices stays fast).
  const firstSeen = new Map<number, number>();
  for (const e of sorted) if (!firstSeen.has(e.device)) firstSeen.set(e.device, firstSeen.size);
  const order = [...firstSeen.keys()].sort((a, b) => result[b].needBytes - result[a].needBytes || firstSeen.get(a)! - firstSeen.get(b)!);
  const fitsWithout = (k: number): Map<Entry, number> | undefined => {
    const out = new Set(order.slice(0, k));
    const list = sorted.filter((e) => !out.has(e.device));
    const starts = pack(list, aperture.base);
    let end = aperture.base;
    for (const e of list) end = Math.max(end, starts.get(e)! + e.size);
    return end <= aperture.base + aperture.size ? starts : undefined;
  };
  let lo = 0;
  let hi = order.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (fitsWithout(mid)) hi = mid;
    else lo = mid + 1;
  }
  const rejected = new Set(order.slice(0, lo));
  for (const [e, s] of fitsWithout(lo)!) {
    const d = result[e.device];
    d.start = d.start === undefined ? s : Math.min(d.start, s);
    if (s + e.size > guestLimit) d.beyondPhysBits = true;
  }
  for (const i of rejected) result[i].placed = false;
  return finish(aperture, firmwareBits);
}

export function formatBytes(bytes: number): string {
  if (bytes >= TiB && Number.isInteger(bytes / TiB)) return `${bytes / TiB} TiB`;
  if (bytes >= GiB) {
    const g = bytes / GiB;
    return `${Number.isInteger(g) ? g : g.toFixed(1)} GiB`;
  }
  return `${Math.round(bytes / MiB)} MiB`;
}

export function formatAddress(bytes: number): string {
  return `0x${bytes.toString(16)}`;
}
