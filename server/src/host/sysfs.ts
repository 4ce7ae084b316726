// Read-only host inventory from a sysfs tree (/sys on a KVM host, a fake tree in tests).
// It only ever opens regular files read-only and calls readdirSync / readlinkSync / realpathSync below
// `root`: never writes, never runs a command. Every read is lazy and cached per root, and a missing or
// unreadable file gives an undefined field, never an exception.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { OvmfVersion, readOvmfVersion } from './firmware';
import type { HostBar, HostInventory, HostMdev, HostPciDevice, MdevType } from './inventory';

// Flags of a line of the PCI `resource` file, as in the Linux kernel's include/linux/ioport.h
// ("PCI devices expose these flags to userspace in the resource sysfs file"):
//   IORESOURCE_IO 0x00000100, IORESOURCE_MEM 0x00000200, IORESOURCE_PREFETCH 0x00002000,
//   IORESOURCE_MEM_64 0x00100000.
const IORESOURCE_MEM = 0x00000200;
const IORESOURCE_PREFETCH = 0x00002000;
const IORESOURCE_MEM_64 = 0x00100000;
/** Lines 0..5 are the standard BARs; line 6 is the expansion ROM, later lines SR-IOV/bridge windows. */
const STANDARD_BARS = 6;

const CANONICAL_ADDRESS = /^[0-9a-f]{4}:[0-9a-f]{2}:[0-9a-f]{2}\.[0-7]$/;
const MDEV_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const inventories = new Map<string, HostInventory>();

/** One inventory per root, so repeated analyses share what was already read. */
export function createSysfsInventory(root: string): HostInventory {
  const key = path.resolve(root);
  let inv = inventories.get(key);
  if (!inv) {
    inv = new SysfsInventory(key);
    inventories.set(key, inv);
  }
  return inv;
}

class SysfsInventory implements HostInventory {
  private addresses: string[] | undefined;
  private readonly cache = new Map<string, HostPciDevice | undefined>();
  private mdevList: HostMdev[] | undefined;

  constructor(readonly root: string) {}

  private get devicesDir(): string {
    return path.join(this.root, 'bus', 'pci', 'devices');
  }

  device(address: string): HostPciDevice | undefined {
    const addr = address.toLowerCase();
    if (!CANONICAL_ADDRESS.test(addr)) return undefined;
    if (!this.cache.has(addr)) this.cache.set(addr, readDevice(path.join(this.devicesDir, addr), addr));
    return this.cache.get(addr);
  }

  devices(): HostPciDevice[] {
    this.addresses ??= listDir(this.devicesDir).filter((n) => CANONICAL_ADDRESS.test(n)).sort();
    return this.addresses.map((a) => this.device(a)).filter((d): d is HostPciDevice => d !== undefined);
  }

  mdevTypes(parent?: string): MdevType[] {
    if (parent !== undefined) return this.device(parent)?.mdevTypes ?? [];
    return this.devices().flatMap((d) => d.mdevTypes);
  }

  mdevs(): HostMdev[] {
    this.mdevList ??= readMdevs(path.join(this.root, 'bus', 'mdev', 'devices'));
    return this.mdevList;
  }

  private ovmf: { value: OvmfVersion | undefined } | undefined;

  /** Read beside the sysfs root: /sys → /var/lib/dpkg/status; a fake tree's parent folder in tests. */
  ovmfVersion(): OvmfVersion | undefined {
    this.ovmf ??= { value: readOvmfVersion(path.dirname(this.root)) };
    return this.ovmf.value;
  }
}

function readDevice(dir: string, address: string): HostPciDevice | undefined {
  const vendor = readHex(path.join(dir, 'vendor'));
  const device = readText(path.join(dir, 'device'));
  if (vendor === undefined || device === undefined) return undefined;
  const subsystemVendor = readHex(path.join(dir, 'subsystem_vendor'));
  const subsystem = readText(path.join(dir, 'subsystem_device'));
  const classCode = readHex(path.join(dir, 'class'));
  return {
    address,
    vendorId: vendor,
    deviceId: shortId(device),
    ...(subsystemVendor !== undefined ? { subsystemVendorId: subsystemVendor } : {}),
    ...(subsystem !== undefined ? { subsystemId: shortId(subsystem) } : {}),
    ...(classCode !== undefined ? { classCode } : {}),
    bars: parseResource(readText(path.join(dir, 'resource')) ?? ''),
    mdevTypes: readMdevTypes(path.join(dir, 'mdev_supported_types'), address),
    creatableVgpuTypes: parseCreatableVgpuTypes(readText(path.join(dir, 'nvidia', 'creatable_vgpu_types')) ?? ''),
  };
}

/** "0x20b5\n" → "20b5" (the catalog's form). */
function shortId(text: string): string {
  return text.trim().toLowerCase().replace(/^0x/, '').padStart(4, '0');
}

/** Lines `0xSTART 0xEND 0xFLAGS`; an unassigned region is all zeros. */
export function parseResource(text: string): HostBar[] {
  const bars: HostBar[] = [];
  const lines = text.split('\n');
  for (let index = 0; index < Math.min(lines.length, STANDARD_BARS); index++) {
    const parts = lines[index].trim().split(/\s+/);
    if (parts.length < 3) continue;
    let start: bigint, end: bigint, flags: bigint;
    try {
      [start, end, flags] = parts.slice(0, 3).map((p) => BigInt(p)) as [bigint, bigint, bigint];
    } catch {
      continue;
    }
    if (start === 0n || end < start || (flags & BigInt(IORESOURCE_MEM)) === 0n) continue;
    const size = end - start + 1n;
    bars.push({
      index,
      sizeMb: Number(size) / (1024 * 1024),
      is64Bit: (flags & BigInt(IORESOURCE_MEM_64)) !== 0n,
      prefetchable: (flags & BigInt(IORESOURCE_PREFETCH)) !== 0n,
    });
  }
  return bars;
}

function readMdevTypes(dir: string, parent: string): MdevType[] {
  return listDir(dir)
    .sort()
    .map((id) => {
      const available = readText(path.join(dir, id, 'available_instances'));
      const n = available !== undefined ? Number.parseInt(available, 10) : NaN;
      const name = readText(path.join(dir, id, 'name'))?.trim();
      const description = readText(path.join(dir, id, 'description'))?.trim();
      return {
        id,
        ...(name ? { name } : {}),
        ...(description ? { description } : {}),
        ...(Number.isFinite(n) ? { availableInstances: n } : {}),
        parent,
      };
    });
}

/**
 * vGPU 17+ SR-IOV: a VF's `nvidia/creatable_vgpu_types` lists one type per line as
 * `ID : vGPU Name`, e.g. `1414 : NVIDIA H200X-1-18C`, under a header line `ID    : vGPU Name`
 * (NVIDIA vGPU user guide, "Creating an NVIDIA vGPU on a Linux with KVM hypervisor that uses a
 * vendor-specific VFIO framework"; the same format is parsed by NVIDIA's vgpu-device-manager, pkg/vfio).
 */
export function parseCreatableVgpuTypes(text: string): { id: string; name: string }[] {
  const out: { id: string; name: string }[] = [];
  for (const line of text.split('\n')) {
    const m = /^\s*(\d+)\s*:\s*(.+?)\s*$/.exec(line);
    if (m) out.push({ id: m[1], name: m[2] });
  }
  return out;
}

function readMdevs(dir: string): HostMdev[] {
  return listDir(dir)
    .filter((u) => MDEV_UUID.test(u))
    .sort()
    .map((uuid) => {
      const typeId = mdevTypeOf(path.join(dir, uuid));
      const parent = parentOf(path.join(dir, uuid));
      return { uuid, ...(typeId ? { typeId } : {}), ...(parent ? { parent } : {}) };
    });
}

/**
 * `mdev_type` is a symlink to …/<parent BDF>/mdev_supported_types/<type id>; the type id is its
 * last component. A plain file holding the type id is accepted too (trees copied without symlinks).
 */
function mdevTypeOf(mdevDir: string): string | undefined {
  const link = path.join(mdevDir, 'mdev_type');
  const target = readLink(link);
  if (target) return path.basename(target);
  return readText(link)?.trim() || undefined;
}

/**
 * The parent BDF: the last PCI address on the resolved path of the mdev (on a real host
 * bus/mdev/devices/<uuid> links to …/0000:83:00.0/<uuid>) or of its mdev_type link (whose own
 * target is relative, "../mdev_supported_types/nvidia-289"). Resolving a path reads no file.
 */
function parentOf(mdevDir: string): string | undefined {
  for (const p of [realPath(path.join(mdevDir, 'mdev_type')), realPath(mdevDir)]) {
    const bdf = p?.split(/[\\/]/).reverse().find((seg) => CANONICAL_ADDRESS.test(seg));
    if (bdf) return bdf;
  }
  const file = readText(path.join(mdevDir, 'parent'))?.trim().toLowerCase();
  return file && CANONICAL_ADDRESS.test(file) ? file : undefined;
}

function realPath(file: string): string | undefined {
  try {
    return fs.realpathSync(file);
  } catch {
    return undefined;
  }
}

/** sysfs attributes are at most a page; anything far larger is not one. */
const MAX_ATTRIBUTE_BYTES = 1024 * 1024;

function isSmallRegularFile(st: fs.Stats): boolean {
  return st.isFile() && st.size <= MAX_ATTRIBUTE_BYTES;
}

/**
 * Reads a regular file only. A FIFO named like an attribute (a hostile or broken tree under a
 * configured root) would block a plain read forever, and merely opening some devices has effects, so
 * the path is checked before it is opened; it is then opened non-blocking and checked again through
 * the descriptor, in case it was swapped in between.
 */
function readText(file: string): string | undefined {
  let fd: number | undefined;
  try {
    if (!isSmallRegularFile(fs.statSync(file))) return undefined;
    fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
    if (!isSmallRegularFile(fs.fstatSync(fd))) return undefined;
    return fs.readFileSync(fd, 'utf8');
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

function readHex(file: string): number | undefined {
  const t = readText(file)?.trim();
  if (!t || !/^(0x)?[0-9a-f]+$/i.test(t)) return undefined;
  return Number.parseInt(t.replace(/^0x/i, ''), 16);
}

function readLink(file: string): string | undefined {
  try {
    return fs.readlinkSync(file);
  } catch {
    return undefined;
  }
}

function listDir(dir: string): string[] {
  try {
    return fs.readdirSync(dir);
  } catch {
    return [];
  }
}
