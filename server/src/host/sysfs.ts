// Read-only host inventory from a sysfs tree (/sys on a KVM host, a fake tree in tests).
// It only ever opens regular files read-only and calls readdirSync / readlinkSync / realpathSync below
// `root`: never writes, never runs a command. Every path is resolved first (realpath reads links, opens
// nothing) and dropped when it lands outside the root, so a link that escapes the tree is never
// followed; links such as `driver` and `iommu_group` are read with readlink only (their last component
// is the fact). Every read is lazy and cached per root, and a missing or unreadable file gives an
// undefined field, never an exception.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { OvmfVersion, readOvmfVersion } from './firmware';
import { PveMappings, readPveMappings } from './pveMapping';
import type { HostBar, HostInventory, HostMdev, HostPciDevice, MdevType, NumaNode } from './inventory';

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

export type SysfsHostInventory = Required<HostInventory>;

const inventories = new Map<string, SysfsHostInventory>();

/** One inventory per root, so repeated analyses share what was already read. */
export function createSysfsInventory(root: string): SysfsHostInventory {
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
  private readonly groups = new Map<string, string[]>();
  private nodes: NumaNode[] | undefined;

  constructor(readonly root: string) {
    setRoot(root);
  }

  private get devicesDir(): string {
    return path.join(this.root, 'bus', 'pci', 'devices');
  }

  device(address: string): HostPciDevice | undefined {
    const addr = address.toLowerCase();
    if (!CANONICAL_ADDRESS.test(addr)) return undefined;
    if (!this.cache.has(addr)) this.cache.set(addr, withRoot(this.root, () => readDevice(path.join(this.devicesDir, addr), addr)));
    return this.cache.get(addr);
  }

  devices(): HostPciDevice[] {
    this.addresses ??= withRoot(this.root, () => listDir(this.devicesDir).filter((n) => CANONICAL_ADDRESS.test(n)).sort());
    return this.addresses.map((a) => this.device(a)).filter((d): d is HostPciDevice => d !== undefined);
  }

  iommuGroupMembers(group: string): string[] {
    if (!/^\d+$/.test(group)) return [];
    let members = this.groups.get(group);
    if (!members) {
      members = withRoot(this.root, () => listDir(path.join(this.root, 'kernel', 'iommu_groups', group, 'devices')).filter((n) => CANONICAL_ADDRESS.test(n)).sort());
      this.groups.set(group, members);
    }
    return members;
  }

  numaNodes(): NumaNode[] {
    this.nodes ??= withRoot(this.root, () => {
      const dir = path.join(this.root, 'devices', 'system', 'node');
      return listDir(dir)
        .map((n) => /^node(\d+)$/.exec(n))
        .filter((m): m is RegExpExecArray => m !== null)
        .map((m) => ({ node: Number(m[1]), cpus: parseCpuList(readText(path.join(dir, m[0], 'cpulist')) ?? '') }))
        .sort((a, b) => a.node - b.node);
    });
    return this.nodes;
  }

  mdevTypes(parent?: string): MdevType[] {
    if (parent !== undefined) return this.device(parent)?.mdevTypes ?? [];
    return this.devices().flatMap((d) => d.mdevTypes);
  }

  mdevs(): HostMdev[] {
    this.mdevList ??= withRoot(this.root, () => readMdevs(path.join(this.root, 'bus', 'mdev', 'devices')));
    return this.mdevList;
  }

  private ovmf: { value: OvmfVersion | undefined } | undefined;

  /** Read beside the sysfs root: /sys → /var/lib/dpkg/status; a fake tree's parent folder in tests. */
  ovmfVersion(): OvmfVersion | undefined {
    this.ovmf ??= { value: readOvmfVersion(path.dirname(this.root)) };
    return this.ovmf.value;
  }

  private mappings: { value: PveMappings | undefined } | undefined;

  /** Read beside the sysfs root: /sys → /etc/pve/mapping/pci.cfg; a fake tree's parent folder in tests. */
  pveMappings(): PveMappings | undefined {
    this.mappings ??= { value: readPveMappings(path.dirname(this.root)) };
    return this.mappings.value;
  }
}

function readDevice(dir: string, address: string): HostPciDevice | undefined {
  const vendor = readHex(path.join(dir, 'vendor'));
  const device = readText(path.join(dir, 'device'));
  if (vendor === undefined || device === undefined) return undefined;
  const subsystemVendor = readHex(path.join(dir, 'subsystem_vendor'));
  const subsystem = readText(path.join(dir, 'subsystem_device'));
  const classCode = readHex(path.join(dir, 'class'));
  const group = lastComponent(readLink(path.join(dir, 'iommu_group')));
  const driver = lastComponent(readLink(path.join(dir, 'driver')));
  const bootVga = readText(path.join(dir, 'boot_vga'))?.trim();
  const reset = readText(path.join(dir, 'reset_method'));
  const numa = readText(path.join(dir, 'numa_node'))?.trim();
  const numaNode = numa !== undefined && /^\d+$/.test(numa) ? Number(numa) : undefined;
  const totalVfs = readDecimal(path.join(dir, 'sriov_totalvfs'));
  const numVfs = readDecimal(path.join(dir, 'sriov_numvfs'));
  const physfn = lastComponent(readLink(path.join(dir, 'physfn')));
  const virtfns = listDir(dir)
    .map((n) => /^virtfn(\d+)$/.exec(n))
    .filter((m): m is RegExpExecArray => m !== null)
    .sort((a, b) => Number(a[1]) - Number(b[1]))
    .map((m) => lastComponent(readLink(path.join(dir, m[0]))))
    .filter((a): a is string => a !== undefined && CANONICAL_ADDRESS.test(a));
  const current = readText(path.join(dir, 'nvidia', 'current_vgpu_type'))?.trim();
  const netUp = listDir(path.join(dir, 'net'))
    .filter((n) => /^[\w.:@-]{1,32}$/.test(n) && readText(path.join(dir, 'net', n, 'operstate'))?.trim() === 'up')
    .sort();
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
    ...(group && /^\d+$/.test(group) ? { iommuGroup: group } : {}),
    ...(driver ? { driver } : {}),
    ...(bootVga !== undefined ? { bootVga: bootVga === '1' } : {}),
    ...(reset !== undefined ? { resetMethods: reset.split(/\s+/).filter(Boolean) } : {}),
    ...(numaNode !== undefined ? { numaNode } : {}),
    ...(exists(path.join(dir, 'rom')) ? { hasRom: true } : {}),
    ...(totalVfs !== undefined ? { sriov: { totalVfs, numVfs: numVfs ?? 0 } } : {}),
    ...(physfn && CANONICAL_ADDRESS.test(physfn) ? { physfn } : {}),
    ...(virtfns.length ? { virtfns } : {}),
    ...(current !== undefined && /^\d+$/.test(current) ? { currentVgpuType: current } : {}),
    ...(netUp.length ? { netUp } : {}),
  };
}

/** "0-7,16-23" → {0..7, 16..23}; bounded so a hostile file cannot make a huge set. */
export function parseCpuList(text: string): Set<number> {
  const out = new Set<number>();
  for (const part of text.trim().split(',')) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(part.trim());
    if (!m) continue;
    const a = Number(m[1]);
    const b = m[2] !== undefined ? Number(m[2]) : a;
    for (let c = a; c <= b && c - a < 4096; c++) out.add(c);
  }
  return out;
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
  for (const p of [inside(path.join(mdevDir, 'mdev_type')), inside(mdevDir)]) {
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

// The root whose tree is being read: every helper below resolves its path and refuses one outside it.
let currentRoot: string | undefined;
const realRoots = new Map<string, string | undefined>();

function setRoot(root: string): void {
  if (!realRoots.has(root)) realRoots.set(root, realPath(root));
}

function withRoot<T>(root: string, read: () => T): T {
  const saved = currentRoot;
  setRoot(root);
  currentRoot = realRoots.get(root);
  try {
    return read();
  } finally {
    currentRoot = saved;
  }
}

/**
 * The path with every link resolved, when it stays inside the root; undefined otherwise (or when it
 * does not exist). Resolving reads links and directories, it opens no file.
 */
function inside(file: string): string | undefined {
  const root = currentRoot;
  if (root === undefined) return undefined;
  const real = realPath(file);
  if (real === undefined) return undefined;
  return real === root || real.startsWith(root.endsWith(path.sep) ? root : root + path.sep) ? real : undefined;
}

/** sysfs attributes are at most a page; anything far larger is not one. */
const MAX_ATTRIBUTE_BYTES = 1024 * 1024;

function isSmallRegularFile(st: fs.Stats): boolean {
  return st.isFile() && st.size <= MAX_ATTRIBUTE_BYTES;
}

/**
 * Reads a regular file inside the root only. A FIFO named like an attribute (a hostile or broken tree
 * under a configured root) would block a plain read forever, and merely opening some devices has
 * effects, so the resolved path is checked with lstat before it is opened; it is then opened
 * non-blocking without following a final link and checked again through the descriptor, in case it
 * was swapped in between.
 */
function readText(file: string): string | undefined {
  let fd: number | undefined;
  try {
    const real = inside(file);
    if (real === undefined || !isSmallRegularFile(fs.lstatSync(real))) return undefined;
    fd = fs.openSync(real, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0) | (fs.constants.O_NOFOLLOW ?? 0));
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

function readDecimal(file: string): number | undefined {
  const t = readText(file)?.trim();
  return t !== undefined && /^\d{1,6}$/.test(t) ? Number(t) : undefined;
}

/** The text of a link (never followed), when the directory holding it is inside the root. */
function readLink(file: string): string | undefined {
  try {
    const dir = inside(path.dirname(file));
    if (dir === undefined) return undefined;
    return fs.readlinkSync(path.join(dir, path.basename(file)));
  } catch {
    return undefined;
  }
}

function lastComponent(link: string | undefined): string | undefined {
  const last = link?.split(/[\\/]/).filter(Boolean).pop();
  return last && last !== '..' && last !== '.' ? last : undefined;
}

/** Whether a name exists (lstat: a link is not followed, nothing is opened). */
function exists(file: string): boolean {
  try {
    const dir = inside(path.dirname(file));
    if (dir === undefined) return false;
    fs.lstatSync(path.join(dir, path.basename(file)));
    return true;
  } catch {
    return false;
  }
}

function listDir(dir: string): string[] {
  try {
    const real = inside(dir);
    return real === undefined ? [] : fs.readdirSync(real);
  } catch {
    return [];
  }
}
