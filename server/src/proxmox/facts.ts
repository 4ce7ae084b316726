// What the current config of a Proxmox VM says about its GPUs and platform, read once from the parsed lines.
// Snapshot, [PENDING] and special sections are not the VM that starts: they are parsed and folded, not read here.
import type { PciAddress } from '../host/inventory';
import { currentProperty, parsePropertyString, PropItem, PxDocument, PxLine, Token } from './parser';

export interface HostpciAddress {
  token: Token;
  /** Parsed; `fn` undefined when the address names every function of the device. */
  address?: PciAddress & { allFunctions: boolean };
}

export interface HostpciFacts {
  index: number;
  line: PxLine;
  items: PropItem[];
  /** The `host` item (default key or host=). */
  host?: PropItem;
  addresses: HostpciAddress[];
  mapping?: PropItem;
  prop(name: string): PropItem | undefined;
  /** A boolean property as Proxmox reads it (1/0, on/off, yes/no, true/false); undefined when absent or invalid. */
  flag(name: string): boolean | undefined;
}

export interface FwCfgFact {
  mb: number;
  /** The span of the number inside args. */
  span: { start: number; end: number };
}

export interface ProxmoxFacts {
  hostpcis: HostpciFacts[];
  machine?: { line: PxLine; type: string; q35: boolean; i440fx: boolean };
  bios?: { line: PxLine; value: string };
  efidisk?: PxLine;
  vga?: { line: PxLine; type: string };
  memoryMb?: { line: PxLine; value: number; span: { start: number; end: number } };
  balloon?: { line: PxLine; value: number };
  hugepages?: PxLine;
  cpu?: { line: PxLine; items: PropItem[]; type: string; physBits?: PropItem; flags?: string[] };
  args?: { line: PxLine; argv: string[]; fwCfg?: FwCfgFact };
}

const PCI = /^(?:([0-9a-f]{4,}):)?([0-9a-f]{2}):([0-9a-f]{2})(?:\.([0-7]))?$/i;

export function parseHostpciAddress(text: string): HostpciAddress['address'] | undefined {
  const m = PCI.exec(text);
  if (!m) return undefined;
  return { domain: parseInt(m[1] ?? '0', 16), bus: parseInt(m[2], 16), slot: parseInt(m[3], 16), fn: m[4] === undefined ? 0 : Number(m[4]), allFunctions: m[4] === undefined };
}

const TRUE = new Set(['1', 'on', 'yes', 'true']);
const FALSE = new Set(['0', 'off', 'no', 'false']);

export function parseBool(v: string): boolean | undefined {
  const t = v.toLowerCase();
  return TRUE.has(t) ? true : FALSE.has(t) ? false : undefined;
}

export function readHostpci(line: PxLine): HostpciFacts {
  const index = Number(line.key!.text.slice('hostpci'.length));
  const items = parsePropertyString(line.value!);
  const host = items.find((it) => (it.key ? it.key.text === 'host' : true));
  const addresses: HostpciAddress[] = [];
  if (host) {
    let off = host.value.span.start;
    for (const part of host.value.text.split(';')) {
      const token = { text: part, span: { start: off, end: off + part.length } };
      const address = parseHostpciAddress(part);
      addresses.push({ token, ...(address ? { address } : {}) });
      off += part.length + 1;
    }
  }
  const prop = (name: string) => items.find((it) => it.key?.text === name);
  const mapping = prop('mapping');
  return {
    index,
    line,
    items,
    ...(host ? { host } : {}),
    addresses,
    ...(mapping ? { mapping } : {}),
    prop,
    flag: (name) => {
      const it = prop(name);
      return it ? parseBool(it.value.text) : undefined;
    },
  };
}

/** A shell-like split (Proxmox passes `args` through PVE::Tools::split_args): quotes and backslashes. */
export function splitArgs(text: string, base: number): { arg: string; start: number; end: number }[] {
  const out: { arg: string; start: number; end: number }[] = [];
  let i = 0;
  while (i < text.length) {
    while (i < text.length && /\s/.test(text[i])) i++;
    if (i >= text.length) break;
    const start = i;
    let arg = '';
    while (i < text.length && !/\s/.test(text[i])) {
      const c = text[i];
      if (c === "'" || c === '"') {
        const close = text.indexOf(c, i + 1);
        const end = close < 0 ? text.length : close;
        arg += text.slice(i + 1, end);
        i = end + 1;
      } else if (c === '\\' && i + 1 < text.length) {
        arg += text[i + 1];
        i += 2;
      } else {
        arg += c;
        i++;
      }
    }
    out.push({ arg, start: base + start, end: base + Math.min(i, text.length) });
  }
  return out;
}

export const OVMF_MMIO64_KNOB = 'opt/ovmf/X-PciMmio64Mb';
const FW_CFG_VALUE = /^name=opt\/ovmf\/X-PciMmio64Mb,string=(\d+)$/;

export function readProxmoxFacts(doc: PxDocument): ProxmoxFacts {
  const facts: ProxmoxFacts = { hostpcis: [] };
  // A key given twice: the last one wins (Proxmox reads the config into a hash).
  const last = new Map<string, PxLine>();
  for (const l of doc.current.lines) if (l.kind === 'property' && /^hostpci\d+$/.test(l.key!.text)) last.set(l.key!.text, l);
  for (const l of doc.current.lines) if (l.kind === 'property' && last.get(l.key!.text) === l) facts.hostpcis.push(readHostpci(l));
  const machine = currentProperty(doc, 'machine');
  if (machine) {
    const items = parsePropertyString(machine.value!);
    const type = (items.find((it) => !it.key || it.key.text === 'type')?.value.text ?? '').trim();
    facts.machine = { line: machine, type, q35: /q35/.test(type), i440fx: /^pc/.test(type) && !/q35/.test(type) };
  }
  const bios = currentProperty(doc, 'bios');
  if (bios) facts.bios = { line: bios, value: bios.value!.text };
  const efidisk = currentProperty(doc, 'efidisk0');
  if (efidisk) facts.efidisk = efidisk;
  const vga = currentProperty(doc, 'vga');
  if (vga) facts.vga = { line: vga, type: parsePropertyString(vga.value!).find((it) => !it.key || it.key.text === 'type')?.value.text ?? '' };
  const memory = currentProperty(doc, 'memory');
  if (memory) {
    const items = parsePropertyString(memory.value!);
    const cur = items.find((it) => !it.key || it.key.text === 'current');
    if (cur && /^\d+$/.test(cur.value.text)) facts.memoryMb = { line: memory, value: Number(cur.value.text), span: cur.value.span };
  }
  const balloon = currentProperty(doc, 'balloon');
  if (balloon && /^\d+$/.test(balloon.value!.text)) facts.balloon = { line: balloon, value: Number(balloon.value!.text) };
  const hugepages = currentProperty(doc, 'hugepages');
  if (hugepages) facts.hugepages = hugepages;
  const cpu = currentProperty(doc, 'cpu');
  if (cpu) {
    const items = parsePropertyString(cpu.value!);
    const type = items.find((it) => !it.key || it.key.text === 'cputype')?.value.text ?? '';
    const physBits = items.find((it) => it.key?.text === 'phys-bits');
    const flags = items.find((it) => it.key?.text === 'flags')?.value.text.split(';').filter(Boolean);
    facts.cpu = { line: cpu, items, type, ...(physBits ? { physBits } : {}), ...(flags ? { flags } : {}) };
  }
  const args = currentProperty(doc, 'args');
  if (args) {
    const words = splitArgs(args.value!.text, args.value!.span.start);
    const argv = words.map((w) => w.arg);
    let fwCfg: FwCfgFact | undefined;
    for (let i = 0; i + 1 < words.length; i++) {
      if (words[i].arg !== '-fw_cfg') continue;
      const m = FW_CFG_VALUE.exec(words[i + 1].arg);
      if (!m) continue;
      const raw = doc.text.slice(words[i + 1].start, words[i + 1].end);
      const k = raw.lastIndexOf(m[1]);
      fwCfg = { mb: Number(m[1]), span: k >= 0 ? { start: words[i + 1].start + k, end: words[i + 1].start + k + m[1].length } : { start: words[i + 1].start, end: words[i + 1].end } };
    }
    facts.args = { line: args, argv, ...(fwCfg ? { fwCfg } : {}) };
  }
  return facts;
}
