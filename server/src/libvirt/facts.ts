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
  fwCfg?: ApertureSetting;
  pcihole64?: ApertureSetting;
  cpu?: XmlElement;
  maxphysaddr?: XmlElement;
  memoryBacking?: XmlElement;
  locked?: XmlElement;
  memtune?: XmlElement;
  hardLimit?: XmlElement;
  memoryKiB?: number;
  maxMemoryKiB?: number;
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

function readFwCfg(cmdline: XmlElement): ApertureSetting | undefined {
  // Two forms: '-fw_cfg' then 'name=opt/ovmf/X-PciMmio64Mb,string=N' (the "name=" is optional to QEMU),
  // or both in one value ('-fw_cfg name=…,string=N').
  const re = /(?:^|[\s=])(?:name=)?opt\/ovmf\/X-PciMmio64Mb,string=(\d+)/;
  for (const arg of cmdline.children) {
    if (!arg.name.endsWith(':arg') && arg.name !== 'arg') continue;
    const value = attr(arg, 'value');
    if (!value?.innerSpan) continue;
    const m = re.exec(value.raw);
    if (!m) continue;
    const numStart = value.innerSpan.start + m.index + m[0].length - m[1].length;
    return { source: 'fw_cfg', mb: Number(m[1]), valueSpan: { start: numStart, end: numStart + m[1].length }, element: arg };
  }
  return undefined;
}

export function readDomainFacts(doc: XmlDocument, domain: XmlElement): DomainFacts {
  const os = child(domain, 'os');
  const osType = child(os, 'type');
  const facts: DomainFacts = { domain, hostdevs: [] };
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
    if (fw) facts.fwCfg = fw;
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
  }

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
