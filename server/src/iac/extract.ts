// Terraform and Packer vSphere VMs → the VMX entries they state. Each VM block becomes a virtual .vmx (one line per
// entry) with a map from every virtual key and value back to the HCL text that stated it, so the vmx/ rules run
// unchanged and their findings and fixes land inside the .tf / .pkr.hcl file. A value that comes from a variable or
// an expression is not stated here: it is left out, never guessed.
import type { Node, Tree } from 'web-tree-sitter';
import { vmxGuestOsOfApiId } from '../catalog/guestOs';
import { formatEsxiAddress, parseLspciAddress } from '../host/inventory';
import type { Span } from '../service/text';

export type IacFlavour = 'terraform' | 'packer';

/** One virtual VMX entry and where its parts are in the HCL text. */
export interface MappedEntry {
  key: string;
  value: string;
  /** The whole HCL statement (map element or attribute): where findings about the entry point otherwise. */
  hcl: Span;
  /** The key's text inside its quotes, when the key is a map key the user wrote (edits may replace it). */
  keySpan?: Span;
  /** The value's text inside its quotes, when it is a string the user wrote in a settings map (edits may replace it). */
  valueSpan?: Span;
  /** For findings only: the HCL attribute value that stated a typed setting (memory = 65536). */
  valueAt?: Span;
  /** The value as the HCL file wrote it, when the virtual entry spells it otherwise (an lspci address ESXi writes in decimal). */
  written?: string;
  /** The attribute or block that stated it, when it is not a settings-map entry (memory, guest_id, pci_device_id). */
  writtenKey?: string;
}

export interface VmBlock {
  flavour: IacFlavour;
  /** "vsphere_virtual_machine.gpu" / "vsphere-iso.gpu". */
  label: string;
  /** The block header (type and labels): whole-VM findings point here. */
  header: Span;
  entries: MappedEntry[];
  /** Lower-case VMX keys the block sets from a variable or an expression ("*" for a whole settings map or device list). */
  unstated: Set<string>;
  /** The settings map (extra_config / configuration_parameters) when written as a literal map. */
  settingsMap?: { name: string; object: Span };
  /** Findings about the template itself (packer/allowed-device). */
  problems?: IacProblem[];
}

const TERRAFORM_RESOURCE = 'vsphere_virtual_machine';
export const PACKER_BUILDERS = new Set(['vsphere-iso', 'vsphere-clone']);

function children(n: Node): Node[] {
  return n.children.filter((c): c is Node => c !== null);
}

function named(n: Node): Node[] {
  return n.namedChildren.filter((c): c is Node => c !== null);
}

function span(n: Node): Span {
  return { start: n.startIndex, end: n.endIndex };
}

/** A quoted string without interpolation: its text and the span inside the quotes. */
function stringLit(n: Node | null | undefined): { text: string; span: Span } | undefined {
  if (!n) return undefined;
  if (n.type === 'expression' || n.type === 'literal_value') {
    const inner = named(n);
    return inner.length === 1 ? stringLit(inner[0]) : undefined;
  }
  if (n.type !== 'string_lit') return undefined;
  const parts = children(n);
  const open = parts[0];
  const close = parts[parts.length - 1];
  if (open?.type !== 'quoted_template_start' || close?.type !== 'quoted_template_end') return undefined;
  const middle = parts.slice(1, -1);
  if (middle.some((p) => p.type !== 'template_literal')) return undefined; // ${…} or %{…}: an expression
  const s = { start: open.endIndex, end: close.startIndex };
  const raw = middle.map((p) => p.text).join('');
  if (/\\/.test(raw)) return undefined; // escapes: the text is not what the value is; not mapped
  return { text: raw, span: s };
}

/** A literal scalar: a string, a number or a bool (as HCL turns them into strings). */
function scalar(n: Node | null | undefined): { text: string; span: Span; quoted: boolean } | undefined {
  if (!n) return undefined;
  const s = stringLit(n);
  if (s) return { ...s, quoted: true };
  let lit: Node | undefined = n;
  while (lit && (lit.type === 'expression' || lit.type === 'literal_value')) {
    const inner = named(lit);
    lit = inner.length === 1 ? inner[0] : undefined;
  }
  if (lit && (lit.type === 'numeric_lit' || lit.type === 'bool_lit')) return { text: lit.text, span: span(lit), quoted: false };
  return undefined;
}

/** A map key: a quoted string or a bare identifier (both are literal keys in HCL). */
function mapKey(n: Node | null | undefined): { text: string; span: Span } | undefined {
  if (!n) return undefined;
  const s = stringLit(n);
  if (s) return s;
  let k: Node | undefined = n;
  while (k && (k.type === 'expression' || k.type === 'variable_expr')) {
    const inner = named(k);
    if (k.type === 'variable_expr' && inner.length === 1 && inner[0].type === 'identifier' && children(k).length === 1) return { text: inner[0].text, span: span(inner[0]) };
    k = inner.length === 1 ? inner[0] : undefined;
  }
  return undefined;
}

/** The object or tuple an attribute's expression is, through its expression wrappers. */
function collectionOf(expr: Node | null | undefined, type: 'object' | 'tuple'): Node | undefined {
  let n: Node | undefined = expr ?? undefined;
  while (n && (n.type === 'expression' || n.type === 'collection_value')) {
    const inner = named(n);
    n = inner.length === 1 ? inner[0] : undefined;
  }
  return n?.type === type ? n : undefined;
}

interface Attr {
  name: string;
  node: Node;
  expr: Node | undefined;
}

function attributes(body: Node): Map<string, Attr> {
  const out = new Map<string, Attr>();
  for (const c of named(body)) {
    if (c.type !== 'attribute') continue;
    const parts = named(c);
    const id = parts.find((p) => p.type === 'identifier');
    const expr = parts.find((p) => p.type === 'expression');
    if (id) out.set(id.text, { name: id.text, node: c, expr });
  }
  return out;
}

function mapEntries(attr: Attr | undefined, c: Collected): VmBlock['settingsMap'] | undefined {
  const out = c.entries;
  if (!attr) return undefined;
  const obj = collectionOf(attr.expr, 'object');
  if (!obj) {
    c.unstated.add('*');
    return undefined;
  }
  for (const el of named(obj)) {
    if (el.type !== 'object_elem') continue;
    const key = mapKey(el.childForFieldName('key'));
    const val = scalar(el.childForFieldName('val'));
    if (!key) {
      c.unstated.add('*');
      continue;
    }
    if (!val) {
      c.unstated.add(key.text.toLowerCase()); // a computed value: not stated here
      continue;
    }
    out.push({ key: key.text, value: val.text, hcl: span(el), keySpan: key.span, ...(val.quoted ? { valueSpan: val.span } : { valueAt: val.span }) });
  }
  return { name: attr.name, object: span(obj) };
}

/** A finding about the template itself (not about the VMX settings it states), with at most one text edit. */
export interface IacProblem {
  ruleId: string;
  at: Span;
  message: string;
  fix?: { title: string; at: Span; newText: string };
}

export type Collected = { entries: MappedEntry[]; unstated: Set<string>; settingsMap?: VmBlock['settingsMap']; problems?: IacProblem[] };

/** A typed setting: the template's attribute, the VMX key it states, how its literal becomes the VMX value. */
export interface TypedSetting {
  name: string;
  key: string;
  convert?: (v: string) => string | undefined;
  /** Messages name the value as written (a vSphere API guest id), not as the VMX spells it. */
  keepWritten?: boolean;
}

/** A typed setting as written (`lit`: its literal, undefined when it is not one; `hcl`: the statement). */
export function addTyped(s: TypedSetting, lit: { text: string; span: Span } | undefined, hcl: Span, c: Collected): void {
  const value = lit ? (s.convert ? s.convert(lit.text) : lit.text) : undefined;
  if (!lit || value === undefined) {
    c.unstated.add(s.key.toLowerCase());
    return;
  }
  c.entries.push({ key: s.key, value, hcl, valueAt: lit.span, ...(s.keepWritten ? { written: lit.text } : {}), writtenKey: s.name });
}

/** vgpu_profile: device 0 is that NVIDIA vGPU. */
export function addVgpu(profile: { text: string; span: Span }, at: Span, c: Collected): void {
  c.entries.push({ key: 'pciPassthru0.present', value: 'TRUE', hcl: at, writtenKey: 'vgpu_profile' });
  c.entries.push({ key: 'pciPassthru0.virtualDev', value: 'vmiop', hcl: at, writtenKey: 'vgpu_profile' });
  c.entries.push({ key: 'pciPassthru0.vgpu', value: profile.text, hcl: at, valueAt: profile.span, writtenKey: 'vgpu_profile' });
}

/** One `pci_passthrough_allowed_device` of a Packer template, as written. */
export interface AllowedDeviceWritten {
  vendor: string;
  device: string;
  /** The block (HCL) or object (JSON). */
  at: Span;
  /** The device_id value. */
  deviceAt: Span;
}

/**
 * Packer's Dynamic DirectPath I/O devices: every pci_passthrough_allowed_device goes into ONE passthrough device
 * whose backing lists them all (packer-plugin-vsphere builder/vsphere/driver/vm.go,
 * newVirtualPCIPassthroughAllowedDevice), added after the vGPU device when vgpu_profile is set. The ids are hex
 * without "0x" (strconv.ParseInt(…, 16, 32)). One model becomes `pciPassthruN.allowedDevices = "0x10de:0x20b5"`,
 * the VMX notation; several are several possible models, written as a list the model reads as unidentified.
 * Anything not a plain hex id is not stated (no claim about the device).
 */
export const ALLOWED_DEVICE_IDS = ['vendor_id', 'device_id', 'sub_vendor_id', 'sub_device_id'] as const;
const GO_FIELD: Record<(typeof ALLOWED_DEVICE_IDS)[number], string> = { vendor_id: 'VendorId', device_id: 'DeviceId', sub_vendor_id: 'SubVendorId', sub_device_id: 'SubDeviceId' };

/**
 * packer/allowed-device: Packer's driver parses all four ids of each pci_passthrough_allowed_device with
 * strconv.ParseInt(id, 16, 32) and stops the build on the first it cannot read ("error parsing SubVendorId …"); its
 * config check does not look at them, so the mistake shows only when the build runs. An id that is missing (Go's
 * empty string), or written with "0x" (ParseInt with base 16 takes no prefix), or not hex. Ids from a variable or an
 * expression are not judged (`stated` holds only literals; `present` names every id attribute written).
 */
function allowedDeviceProblems(blockAt: Span, present: Set<string>, stated: Map<string, { text: string; span: Span }>, c: Collected): void {
  const problems = (c.problems ??= []);
  for (const name of ALLOWED_DEVICE_IDS) {
    const why = `Packer parses each id of pci_passthrough_allowed_device with strconv.ParseInt(…, 16, 32) and stops the build when it cannot ("error parsing ${GO_FIELD[name]}"); its config check does not look at the ids, so this shows only when the build runs`;
    if (!present.has(name)) {
      problems.push({ ruleId: 'packer/allowed-device', at: blockAt, message: `${name} is missing: ${why}. Set all four in hex, without 0x: lspci -vnn shows [vendor:device] and, on its Subsystem line, [sub_vendor:sub_device].` });
      continue;
    }
    const v = stated.get(name);
    if (!v || /^[+-]?[0-9a-f]{1,8}$/i.test(v.text)) continue;
    const hex = /^0x([0-9a-f]{1,8})$/i.exec(v.text);
    if (hex) {
      problems.push({ ruleId: 'packer/allowed-device', at: v.span, message: `${name} = "${v.text}": ${why}, and base 16 takes no "0x". Write "${hex[1]}".`, fix: { title: `Write ${hex[1]} (no 0x)`, at: { start: v.span.start, end: v.span.start + 2 }, newText: '' } });
    } else {
      problems.push({ ruleId: 'packer/allowed-device', at: v.span, message: `${name} = "${v.text.slice(0, 40)}" is not a hex number: ${why}.` });
    }
  }
}

/**
 * One allowed device as written (`at`: the block or object; `head`: where a missing id is reported): its problems
 * (packer/allowed-device) go to `c`; the device, when its vendor and device ids are literals, to `written` (else the
 * device list is not stated here).
 */
export function readAllowedDevice(at: Span, head: Span, present: Set<string>, stated: Map<string, { text: string; span: Span }>, c: Collected, written: AllowedDeviceWritten[]): void {
  allowedDeviceProblems(head, present, stated, c);
  const vendor = stated.get('vendor_id');
  const device = stated.get('device_id');
  if (!vendor || !device) c.unstated.add('*');
  else written.push({ vendor: vendor.text, device: device.text, at, deviceAt: device.span });
}

export function allowedDeviceEntries(devices: AllowedDeviceWritten[], afterVgpu: boolean, c: Collected): void {
  if (!devices.length) return;
  const hex = /^[0-9a-f]{1,4}$/i;
  if (devices.some((d) => !hex.test(d.vendor) || !hex.test(d.device))) {
    c.unstated.add('*');
    return;
  }
  const n = afterVgpu ? 1 : 0;
  const value = devices.map((d) => `0x${d.vendor.toLowerCase()}:0x${d.device.toLowerCase()}`).join(',');
  c.entries.push({ key: `pciPassthru${n}.present`, value: 'TRUE', hcl: devices[0].at, writtenKey: 'pci_passthrough_allowed_device' });
  c.entries.push({ key: `pciPassthru${n}.allowedDevices`, value, hcl: devices[0].at, ...(devices.length === 1 ? { valueAt: devices[0].deviceAt } : {}), writtenKey: 'pci_passthrough_allowed_device' });
}

export const bool = (v: string): string | undefined => (v === 'true' ? 'TRUE' : v === 'false' ? 'FALSE' : undefined);

/** Terraform's and Packer's guest ids are vSphere API ids (catalog/guestOs.ts maps those it can). */
const guestId = (name: string): TypedSetting => ({ name, key: 'guestOS', convert: vmxGuestOsOfApiId, keepWritten: true });

const TERRAFORM_TYPED: TypedSetting[] = [
  { name: 'memory', key: 'memSize' },
  { name: 'num_cpus', key: 'numvcpus' },
  { name: 'num_cores_per_socket', key: 'cpuid.coresPerSocket' },
  { name: 'memory_reservation', key: 'sched.mem.min' },
  { name: 'memory_reservation_locked_to_max', key: 'sched.mem.pin', convert: bool },
  { name: 'firmware', key: 'firmware' },
  guestId('guest_id'),
  { name: 'nested_hv_enabled', key: 'vhv.enable', convert: bool },
  { name: 'efi_secure_boot_enabled', key: 'uefi.secureBoot.enabled', convert: bool },
];

/** Packer's typed settings, for its HCL and JSON templates alike. */
export const PACKER_TYPED: TypedSetting[] = [
  { name: 'RAM', key: 'memSize' },
  { name: 'CPUs', key: 'numvcpus' },
  { name: 'cpu_cores', key: 'cpuid.coresPerSocket' },
  { name: 'RAM_reserve_all', key: 'sched.mem.pin', convert: bool },
  { name: 'RAM_reservation', key: 'sched.mem.min' },
  // Packer's firmware: bios, efi or efi-secure (EFI with secure boot).
  { name: 'firmware', key: 'firmware', convert: (v) => (v === 'efi-secure' ? 'efi' : v) },
  guestId('guest_os_type'),
  { name: 'NestedHV', key: 'vhv.enable', convert: bool },
];

function typedAttributes(attrs: Map<string, Attr>, settings: TypedSetting[], c: Collected): void {
  for (const s of settings) {
    const a = attrs.get(s.name);
    if (a) addTyped(s, scalar(a.expr), span(a.node), c);
  }
}

function terraformBlock(body: Node): Collected {
  const attrs = attributes(body);
  const c: Collected = { entries: [], unstated: new Set() };
  const entries = c.entries;
  typedAttributes(attrs, TERRAFORM_TYPED, c);
  // pci_device_id: the host's PCI ids in lspci form (data "vsphere_host_pci_device" .id); ESXi writes them in decimal.
  const pci = attrs.get('pci_device_id');
  if (pci) {
    const tuple = collectionOf(pci.expr, 'tuple');
    if (!tuple) c.unstated.add('*');
    let i = 0;
    for (const el of tuple ? named(tuple).filter((c) => c.type === 'expression') : []) {
      const v = scalar(el);
      const addr = v ? parseLspciAddress(v.text) : undefined;
      if (!v || !addr) {
        c.unstated.add('*');
        continue;
      }
      entries.push({ key: `pciPassthru${i}.present`, value: 'TRUE', hcl: span(el), writtenKey: 'pci_device_id' });
      entries.push({ key: `pciPassthru${i}.id`, value: formatEsxiAddress(addr), hcl: span(el), valueAt: v.span, written: v.text, writtenKey: 'pci_device_id' });
      i++;
    }
  }
  const settingsMap = mapEntries(attrs.get('extra_config'), c);
  if (settingsMap) c.settingsMap = settingsMap;
  return c;
}

function packerBlock(body: Node): Collected {
  const attrs = attributes(body);
  const c: Collected = { entries: [], unstated: new Set() };
  typedAttributes(attrs, PACKER_TYPED, c);
  const vgpu = attrs.get('vgpu_profile');
  const v = scalar(vgpu?.expr);
  if (vgpu && !v) c.unstated.add('*');
  if (vgpu && v) addVgpu(v, span(vgpu.node), c);
  const written: AllowedDeviceWritten[] = [];
  for (const block of named(body)) {
    if (block.type !== 'block') continue;
    const names = labels(block);
    if (names[0] === 'dynamic' && names[1] === 'pci_passthrough_allowed_device') c.unstated.add('*');
    if (names[0] !== 'pci_passthrough_allowed_device') continue;
    const inner = named(block).find((x) => x.type === 'body');
    const a = inner ? attributes(inner) : new Map<string, Attr>();
    const stated = new Map<string, { text: string; span: Span }>();
    for (const name of ALLOWED_DEVICE_IDS) {
      const lit = scalar(a.get(name)?.expr);
      if (lit) stated.set(name, lit);
    }
    const head = named(block).find((x) => x.type === 'identifier');
    readAllowedDevice(span(block), head ? span(head) : span(block), new Set(ALLOWED_DEVICE_IDS.filter((n) => a.has(n))), stated, c, written);
  }
  allowedDeviceEntries(written, Boolean(vgpu && v), c);
  const settingsMap = mapEntries(attrs.get('configuration_parameters'), c);
  if (settingsMap) c.settingsMap = settingsMap;
  return c;
}

function labels(block: Node): string[] {
  return named(block)
    .filter((c) => c.type === 'string_lit' || c.type === 'identifier')
    .map((c) => (c.type === 'string_lit' ? (stringLit(c)?.text ?? '') : c.text));
}

/** The vSphere VM blocks of a Terraform or Packer file. */
export function vmBlocks(tree: Tree, text: string): VmBlock[] {
  const out: VmBlock[] = [];
  const root = tree.rootNode;
  for (const body of named(root)) {
    if (body.type !== 'body') continue;
    for (const block of named(body)) {
      if (block.type !== 'block') continue;
      const [type, ...rest] = labels(block);
      const inner = named(block).find((c) => c.type === 'body');
      const open = children(block).find((c) => c.type === 'block_start');
      const header = { start: block.startIndex, end: open ? open.startIndex : block.endIndex };
      header.end = Math.max(header.start, trimEnd(text, block.startIndex, header.end));
      if (type === 'resource' && rest[0] === TERRAFORM_RESOURCE) {
        const r = inner ? terraformBlock(inner) : { entries: [], unstated: new Set<string>() };
        out.push({ flavour: 'terraform', label: `${rest[0]}.${rest[1] ?? ''}`, header, ...r });
      } else if (type === 'source' && PACKER_BUILDERS.has(rest[0] ?? '')) {
        const r = inner ? packerBlock(inner) : { entries: [], unstated: new Set<string>() };
        out.push({ flavour: 'packer', label: `${rest[0]}.${rest[1] ?? ''}`, header, ...r });
      }
    }
  }
  return out;
}

function trimEnd(text: string, start: number, end: number): number {
  let e = end;
  while (e > start && /\s/.test(text[e - 1])) e--;
  return e;
}

/** Quick check before parsing: does the text mention a vSphere VM resource or builder at all? */
export function mentionsVsphereVm(text: string): boolean {
  return /vsphere_virtual_machine|vsphere-iso|vsphere-clone/.test(text);
}
