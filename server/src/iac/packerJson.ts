// Packer's JSON templates (*.pkr.json, the legacy format): "builders" of type vsphere-iso / vsphere-clone mapped as
// their HCL form is (extract.ts). Parsed with jsonc-parser (MIT, the parser VS Code's JSON support uses), which keeps
// every node's offset. A value with a {{user `x`}} template or an escape is not stated here.
// The ES module build: the UMD build that "main" names requires its parts at run time, which a bundle cannot.
import { Node, parseTree } from 'jsonc-parser/lib/esm/main';
import type { Span } from '../service/text';
import { addTyped, addVgpu, ALLOWED_DEVICE_IDS, allowedDeviceEntries, AllowedDeviceWritten, Collected, MappedEntry, PACKER_BUILDERS, PACKER_TYPED, readAllowedDevice, VmBlock } from './extract';

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
  for (const setting of PACKER_TYPED) {
    const p = prop(b, setting.name);
    if (p) addTyped(setting, scalar(p.value, text), whole(p.key.parent ?? p.value), c);
  }
  const vgpu = prop(b, 'vgpu_profile');
  const profile = vgpu && scalar(vgpu.value, text);
  if (vgpu && !profile) c.unstated.add('*');
  if (vgpu && profile) addVgpu(profile, whole(vgpu.key.parent ?? vgpu.value), c);
  // One object or a list of them (mapstructure takes either for a slice).
  const allowed = prop(b, 'pci_passthrough_allowed_device');
  if (allowed) {
    const objects = allowed.value.type === 'array' ? (allowed.value.children ?? []) : [allowed.value];
    const written: AllowedDeviceWritten[] = [];
    for (const o of objects) {
      if (o.type !== 'object') {
        c.unstated.add('*');
        continue;
      }
      const stated = new Map<string, { text: string; span: Span }>();
      const present = new Set<string>();
      for (const name of ALLOWED_DEVICE_IDS) {
        const p = prop(o, name);
        if (!p) continue;
        present.add(name);
        const lit = scalar(p.value, text);
        if (lit) stated.set(name, lit);
      }
      readAllowedDevice(whole(o), whole(o), present, stated, c, written);
    }
    allowedDeviceEntries(written, Boolean(profile), c);
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
