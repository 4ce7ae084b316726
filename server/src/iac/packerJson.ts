// Packer's JSON templates (*.pkr.json, the legacy format): "builders" of type vsphere-iso / vsphere-clone mapped as
// their HCL form is (extract.ts). Parsed with jsonc-parser (MIT, the parser VS Code's JSON support uses), which keeps
// every node's offset. A value with a {{user `x`}} template or an escape is not stated here.
// The ES module build: the UMD build that "main" names requires its parts at run time, which a bundle cannot.
import { Node, parseTree } from 'jsonc-parser/lib/esm/main';
import { vmxGuestOsOfApiId } from '../catalog/guestOs';
import type { Span } from '../service/text';
import { ALLOWED_DEVICE_IDS, allowedDeviceEntries, allowedDeviceProblems, AllowedDeviceWritten, bool, Collected, MappedEntry, PACKER_BUILDERS, VmBlock } from './extract';

function prop(obj: Node, name: string): { key: Node; value: Node } | undefined {
  for (const p of obj.children ?? []) {
    if (p.type === 'property' && p.children?.[0]?.value === name && p.children[1]) return { key: p.children[0], value: p.children[1] };
  }
  return undefined;
}

function whole(n: Node): Span {
  return { start: n.offset, end: n.offset + n.length };
}

/** A literal: a string without template or escape (its span inside the quotes), a number or a bool. */
function scalar(n: Node, text: string): { text: string; span: Span; quoted: boolean } | undefined {
  if (n.type === 'string') {
    const span = { start: n.offset + 1, end: n.offset + n.length - 1 };
    const raw = text.slice(span.start, span.end);
    if (/\\|\{\{/.test(raw)) return undefined;
    return { text: raw, span, quoted: true };
  }
  if (n.type === 'number' || n.type === 'boolean') return { text: String(n.value), span: whole(n), quoted: false };
  return undefined;
}

function builderBlock(b: Node, text: string): Collected {
  const c: Collected = { entries: [], unstated: new Set() };
  const typed = (name: string, key: string, convert: (v: string) => string | undefined = (v) => v): void => {
    const p = prop(b, name);
    if (!p) return;
    const v = scalar(p.value, text);
    const value = v ? convert(v.text) : undefined;
    if (!v || value === undefined) {
      c.unstated.add(key.toLowerCase());
      return;
    }
    c.entries.push({ key, value, hcl: whole(p.key.parent ?? p.value), valueAt: v.span, writtenKey: name });
  };
  typed('RAM', 'memSize');
  typed('CPUs', 'numvcpus');
  typed('cpu_cores', 'cpuid.coresPerSocket');
  typed('RAM_reserve_all', 'sched.mem.pin', bool);
  typed('RAM_reservation', 'sched.mem.min');
  typed('firmware', 'firmware', (v) => (v === 'efi-secure' ? 'efi' : v));
  typed('NestedHV', 'vhv.enable', bool);
  const guest = prop(b, 'guest_os_type');
  if (guest) {
    const v = scalar(guest.value, text);
    const vmx = v ? vmxGuestOsOfApiId(v.text) : undefined;
    if (!v || !vmx) c.unstated.add('guestos');
    else c.entries.push({ key: 'guestOS', value: vmx, hcl: whole(guest.key.parent ?? guest.value), valueAt: v.span, written: v.text, writtenKey: 'guest_os_type' });
  }
  const vgpu = prop(b, 'vgpu_profile');
  if (vgpu) {
    const v = scalar(vgpu.value, text);
    const at = whole(vgpu.key.parent ?? vgpu.value);
    if (!v) c.unstated.add('*');
    else {
      c.entries.push({ key: 'pciPassthru0.present', value: 'TRUE', hcl: at, writtenKey: 'vgpu_profile' });
      c.entries.push({ key: 'pciPassthru0.virtualDev', value: 'vmiop', hcl: at, writtenKey: 'vgpu_profile' });
      c.entries.push({ key: 'pciPassthru0.vgpu', value: v.text, hcl: at, valueAt: v.span, writtenKey: 'vgpu_profile' });
    }
  }
  // One object or a list of them (mapstructure takes either for a slice).
  const allowed = prop(b, 'pci_passthrough_allowed_device');
  if (allowed) {
    const objects = allowed.value.type === 'array' ? (allowed.value.children ?? []) : [allowed.value];
    const written: AllowedDeviceWritten[] = [];
    for (const o of objects) {
      if (o.type === 'object') {
        const stated = new Map<string, { text: string; span: Span }>();
        const present = new Set<string>();
        for (const name of ALLOWED_DEVICE_IDS) {
          const p = prop(o, name);
          if (!p) continue;
          present.add(name);
          const lit = scalar(p.value, text);
          if (lit) stated.set(name, lit);
        }
        allowedDeviceProblems(whole(o), present, stated, c);
      }
      const vendor = o.type === 'object' ? prop(o, 'vendor_id') : undefined;
      const device = o.type === 'object' ? prop(o, 'device_id') : undefined;
      const vv = vendor && scalar(vendor.value, text);
      const dv = device && scalar(device.value, text);
      if (!vv || !dv) c.unstated.add('*');
      else written.push({ vendor: vv.text, device: dv.text, at: whole(o), deviceAt: dv.span });
    }
    allowedDeviceEntries(written, Boolean(vgpu && scalar(vgpu.value, text)), c);
  }
  const params = prop(b, 'configuration_parameters');
  if (params) {
    if (params.value.type !== 'object') c.unstated.add('*');
    else {
      for (const p of params.value.children ?? []) {
        const [k, val] = p.children ?? [];
        if (!k || !val) continue;
        const key = scalar(k, text);
        const v = scalar(val, text);
        if (!key) {
          c.unstated.add('*');
          continue;
        }
        if (!v) {
          c.unstated.add(key.text.toLowerCase());
          continue;
        }
        const entry: MappedEntry = { key: key.text, value: v.text, hcl: whole(p), keySpan: key.span, ...(v.quoted ? { valueSpan: v.span } : { valueAt: v.span }) };
        c.entries.push(entry);
      }
      c.settingsMap = { name: 'configuration_parameters', object: whole(params.value) };
    }
  }
  return c;
}

export function packerJsonBlocks(text: string): VmBlock[] {
  const root = parseTree(text, [], { allowTrailingComma: true, disallowComments: false });
  if (root?.type !== 'object') return [];
  const builders = prop(root, 'builders');
  if (builders?.value.type !== 'array') return [];
  const out: VmBlock[] = [];
  (builders.value.children ?? []).forEach((b, i) => {
    if (b.type !== 'object') return;
    const type = prop(b, 'type');
    if (type?.value.type !== 'string' || !PACKER_BUILDERS.has(String(type.value.value))) return;
    const name = prop(b, 'name');
    const label = `${String(type.value.value)}.${name?.value.type === 'string' ? String(name.value.value) : String(i)}`;
    out.push({ flavour: 'packer', label, header: whole(type.key.parent ?? type.value), ...builderBlock(b, text) });
  });
  return out;
}
