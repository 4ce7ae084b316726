// What the libvirt rules need to know about a domain or node-device document, read once from the tree:
// the elements that matter for GPU passthrough, with their nodes so findings and fixes can point at them.
import type { PciAddress } from '../host/inventory';
import type { PassthroughDevice } from '../model/vm';
import type { Span } from '../service/text';
import { attr, attrValue, child, path, prefixFor, textOf, textSpan } from './xml/dom';
import type { XmlAttribute, XmlDocument, XmlElement } from './xml/parser';

export const QEMU_NS = 'http://libvirt.org/schemas/domain/qemu/1.0';
/** The OVMF fw_cfg knob that sets the 64-bit PCI aperture, in MiB. */
export const OVMF_MMIO64_KNOB = 'opt/ovmf/X-PciMmio64Mb';

export interface HostdevInfo {
  /** <hostdev> or <interface type='hostdev'>. */
  el: XmlElement;
  kind: 'pci' | 'mdev' | 'net';
  /** <source><address …/>. */
  sourceAddress?: XmlElement;
  /** Parsed host PCI address, when every field is well-formed and in range. */
  pci?: PciAddress;
  uuid?: XmlAttribute;
  device?: PassthroughDevice;
}

export interface ApertureSetting {
  source: 'fw_cfg' | 'pcihole64';
  mb: number;
  /** The number to edit. */
  valueSpan: Span;
  element: XmlElement;
}

export interface DomainFacts {
  domain: XmlElement;
  os?: XmlElement;
  osType?: XmlElement;
  machine?: XmlAttribute;
  arch?: string;
  qemuPrefix?: string;
  qemuCommandline?: XmlElement;
  /** The OVMF aperture knob in the two-argument form QEMU takes. */
  fwCfg?: ApertureSetting;
  fwCfgProblems: FwCfgArgProblem[];
  pcihole64?: ApertureSetting;
  /** <devices><iommu> (a vIOMMU). */
  iommu?: XmlElement;
  cpu?: XmlElement;
  maxphysaddr?: XmlElement;
  memoryBacking?: XmlElement;
  locked?: XmlElement;
  memtune?: XmlElement;
  hardLimit?: XmlElement;
  memoryKiB?: number;
  maxMemoryKiB?: number;
  memorySlots?: number;
  hostdevs: HostdevInfo[];
}

export interface NodedevFacts {
  device: XmlElement;
  parent?: XmlElement;
  /** The parent's PCI address ("0000:83:00.0") when the parent is a pci_DDDD_BB_SS_F name. */
  parentAddress?: string;
  capability?: XmlElement;
  type?: XmlElement;
  uuid?: XmlElement;
}

const UNIT_BYTES: Record<string, number> = {
  b: 1, bytes: 1,
  kb: 1e3, k: 1024, kib: 1024,
  mb: 1e6, m: 1024 ** 2, mib: 1024 ** 2,
  gb: 1e9, g: 1024 ** 3, gib: 1024 ** 3,
  tb: 1e12, t: 1024 ** 4, tib: 1024 ** 4,
  pb: 1e15, p: 1024 ** 5, pib: 1024 ** 5,
  eb: 1e18, e: 1024 ** 6, eib: 1024 ** 6,
};

/** A libvirt scaled integer (`<memory unit='GiB'>16</memory>`) in KiB; undefined when malformed. */
export function scaledKiB(value: string, unit: string | undefined, defaultUnit = 'kib'): number | undefined {
  if (!/^\d+$/.test(value.trim())) return undefined;
  const factor = UNIT_BYTES[(unit ?? defaultUnit).trim().toLowerCase()];
  if (factor === undefined) return undefined;
  return (Number(value.trim()) * factor) / 1024;
}

/** libvirt reads PCI address fields with strtoul base 0: "0x1f" is hex, "31" decimal, "010" octal. */
export function parseLibvirtInt(text: string): number | undefined {
  const t = text.trim();
  if (/^0x[0-9a-f]+$/i.test(t)) return parseInt(t, 16);
  if (/^0[0-7]+$/.test(t)) return parseInt(t, 8);
  if (/^\d+$/.test(t) && !/^0\d/.test(t)) return Number(t);
  return undefined;
}

export const PCI_FIELD_MAX: Record<'domain' | 'bus' | 'slot' | 'function', number> = { domain: 0xffff, bus: 0xff, slot: 0x1f, function: 7 };

export function parsePciAddressElement(el: XmlElement | undefined): PciAddress | undefined {
  if (!el) return undefined;
  const out: number[] = [];
  for (const f of ['domain', 'bus', 'slot', 'function'] as const) {
    const raw = attrValue(el, f);
    const v = raw === undefined ? (f === 'domain' ? 0 : undefined) : parseLibvirtInt(raw);
    if (v === undefined || v > PCI_FIELD_MAX[f]) return undefined;
    out.push(v);
  }
  return { domain: out[0], bus: out[1], slot: out[2], fn: out[3] };
}

/** A `<qemu:arg>` that carries the OVMF aperture knob in a form QEMU cannot take. */
export interface FwCfgArgProblem {
  /** 'joined': "-fw_cfg name=…" in one argv element; 'orphan': the value without "-fw_cfg" before it. */
  kind: 'joined' | 'orphan';
  arg: XmlElement;
  /** The aperture size the user meant (MiB), when the value is readable. */
  mb?: number;
}

const FW_CFG_KNOB_VALUE = /^(?:name=)?opt\/ovmf\/X-PciMmio64Mb,string=(\S*)$/;

/** fw_cfg string values are read with QemuFwCfgParseUint32 (decimal, or hex with 0x). */
function parseFwCfgUint(text: string): number | undefined {
  if (/^\d+$/.test(text)) return Number(text);
  if (/^0x[0-9a-f]+$/i.test(text)) return parseInt(text, 16);
  return undefined;
}

/**
 * libvirt passes each `<qemu:arg value=…>` to QEMU as exactly one argv element (docs/drvqemu: "Pass-through of
 * arbitrary command line arguments"), so the option and its value must be two `<qemu:arg>`s: `-fw_cfg`, then
 * `name=opt/ovmf/X-PciMmio64Mb,string=N`. Only that form sets the aperture.
 */
function readFwCfg(cmdline: XmlElement): { setting?: ApertureSetting; problems: FwCfgArgProblem[] } {
  const args = cmdline.children.filter((c) => c.name.endsWith(':arg') || c.name === 'arg');
  const problems: FwCfgArgProblem[] = [];
  let setting: ApertureSetting | undefined;
  for (let i = 0; i < args.length; i++) {
    const value = attr(args[i], 'value');
    if (!value?.innerSpan) continue;
    const raw = value.raw;
    const previous = i > 0 ? attr(args[i - 1], 'value')?.raw.trim() : undefined;
    const joined = /^\s*--?fw_cfg[\s=]+((?:name=)?opt\/ovmf\/X-PciMmio64Mb,.*)$/.exec(raw);
    const m = FW_CFG_KNOB_VALUE.exec((joined ? joined[1] : raw).trim());
    const mb = m ? parseFwCfgUint(m[1]) : undefined;
    if (joined) {
      problems.push({ kind: 'joined', arg: args[i], ...(mb !== undefined ? { mb } : {}) });
      continue;
    }
    if (!m) continue;
    if (previous !== '-fw_cfg' && previous !== '--fw_cfg') {
      problems.push({ kind: 'orphan', arg: args[i], ...(mb !== undefined ? { mb } : {}) });
      continue;
    }
    if (mb === undefined) continue;
    const numStart = value.innerSpan.start + raw.indexOf(',string=') + ',string='.length;
    setting = { source: 'fw_cfg', mb, valueSpan: { start: numStart, end: numStart + m[1].length }, element: args[i] };
  }
  return { ...(setting ? { setting } : {}), problems };
}

export function readDomainFacts(doc: XmlDocument, domain: XmlElement): DomainFacts {
  const os = child(domain, 'os');
  const osType = child(os, 'type');
  const facts: DomainFacts = { domain, hostdevs: [], fwCfgProblems: [] };
  if (os) facts.os = os;
  if (osType) {
    facts.osType = osType;
    const machine = attr(osType, 'machine');
    if (machine) facts.machine = machine;
    const arch = attrValue(osType, 'arch');
    if (arch) facts.arch = arch;
  }

  const qemuPrefix = prefixFor(domain, QEMU_NS);
  if (qemuPrefix) facts.qemuPrefix = qemuPrefix;
  const cmdline = domain.children.find((c) => c.name.endsWith(':commandline') && (qemuPrefix === undefined || c.name === `${qemuPrefix}:commandline`));
  if (cmdline) {
    facts.qemuCommandline = cmdline;
    const fw = readFwCfg(cmdline);
    if (fw.setting) facts.fwCfg = fw.setting;
    facts.fwCfgProblems = fw.problems;
  }

  const devices = child(domain, 'devices');
  for (const ctl of devices?.children ?? []) {
    if (ctl.name !== 'controller' || attrValue(ctl, 'type') !== 'pci') continue;
    const model = attrValue(ctl, 'model');
    if (model !== 'pcie-root' && model !== 'pci-root') continue;
    const hole = child(ctl, 'pcihole64');
    const span = hole ? textSpan(doc, hole) : undefined;
    if (!hole || !span) continue;
    const kib = scaledKiB(doc.text.slice(span.start, span.end), attrValue(hole, 'unit'));
    if (kib !== undefined) facts.pcihole64 = { source: 'pcihole64', mb: kib / 1024, valueSpan: span, element: hole };
  }

  const cpu = child(domain, 'cpu');
  if (cpu) {
    facts.cpu = cpu;
    const mpa = child(cpu, 'maxphysaddr');
    if (mpa) facts.maxphysaddr = mpa;
  }
  const mb = child(domain, 'memoryBacking');
  if (mb) {
    facts.memoryBacking = mb;
    const locked = child(mb, 'locked');
    if (locked) facts.locked = locked;
  }
  const mt = child(domain, 'memtune');
  if (mt) {
    facts.memtune = mt;
    const hl = child(mt, 'hard_limit');
    if (hl) facts.hardLimit = hl;
  }
  const mem = child(domain, 'memory');
  if (mem) {
    const kib = scaledKiB(textOf(doc, mem), attrValue(mem, 'unit'));
    if (kib !== undefined) facts.memoryKiB = kib;
  }
  const maxMem = child(domain, 'maxMemory');
  if (maxMem) {
    const kib = scaledKiB(textOf(doc, maxMem), attrValue(maxMem, 'unit'));
    if (kib !== undefined) facts.maxMemoryKiB = kib;
    const slots = attrValue(maxMem, 'slots');
    if (slots !== undefined && /^\d+$/.test(slots)) facts.memorySlots = Number(slots);
  }

  const iommu = child(devices, 'iommu');
  if (iommu) facts.iommu = iommu;
  for (const d of devices?.children ?? []) {
    const type = attrValue(d, 'type');
    if (d.name === 'hostdev' && (attrValue(d, 'mode') ?? 'subsystem') === 'subsystem' && (type === 'pci' || type === 'mdev')) {
      const address = path(d, 'source', 'address');
      const info: HostdevInfo = { el: d, kind: type };
      if (address) info.sourceAddress = address;
      if (type === 'pci') {
        const pci = parsePciAddressElement(address);
        if (pci) info.pci = pci;
      } else {
        const uuid = attr(address, 'uuid');
        if (uuid) info.uuid = uuid;
      }
      facts.hostdevs.push(info);
    } else if (d.name === 'interface' && type === 'hostdev') {
      const address = path(d, 'source', 'address');
      const info: HostdevInfo = { el: d, kind: 'net' };
      if (address) {
        info.sourceAddress = address;
        const pci = parsePciAddressElement(address);
        if (pci) info.pci = pci;
      }
      facts.hostdevs.push(info);
    }
  }
  return facts;
}

export function readNodedevFacts(doc: XmlDocument, device: XmlElement): NodedevFacts {
  const facts: NodedevFacts = { device };
  const parent = child(device, 'parent');
  if (parent) {
    facts.parent = parent;
    const m = /^pci_([0-9a-f]{4})_([0-9a-f]{2})_([0-9a-f]{2})_([0-7])$/i.exec(textOf(doc, parent));
    if (m) facts.parentAddress = `${m[1]}:${m[2]}:${m[3]}.${m[4]}`.toLowerCase();
  }
  const cap = device.children.find((c) => c.name === 'capability' && attrValue(c, 'type') === 'mdev');
  if (cap) {
    facts.capability = cap;
    const type = child(cap, 'type');
    if (type) facts.type = type;
    const uuid = child(cap, 'uuid');
    if (uuid) facts.uuid = uuid;
  }
  return facts;
}
