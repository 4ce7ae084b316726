// Completion: keys (with pciPassthruN index awareness) and values per key type.
import type { CompletionItem, Range } from 'vscode-languageserver-types';
import { CompletionItemKind, InsertTextFormat, MarkupKind } from 'vscode-languageserver-types';
import { GPUS } from '../../catalog/gpus';
import { COMMON_64BIT_GUESTS } from '../../catalog/guestOs';
import { formatSize } from '../../catalog/mmio';
import { canonicalKeyPattern, findKeySpec, passthruIndex, VMX_KEYS, VmxKeySpec } from '../../catalog/vmxKeys';
import { formatEsxiAddress, parseLspciAddress } from '../../host/inventory';
import { mmioNeed } from '../../model/mmioNeed';
import type { FeatureEnv } from '../../service/features';
import type { Span } from '../../service/text';
import { parseVmxInt } from '../adapter';
import type { VmxAnalysis } from '../analyse';
import { encodeVmxValue, VmxDocument, VmxEntry } from '../parser';
import { CursorContext, cursorContext } from './cursor';
import { barsLine, gpuMarkdown, hexId, KNOWN_VENDORS, keyMarkdown, typeLabel } from './describe';
import { mmioMarkdown } from './mmioText';
import { vgpuProfileItems } from './vgpu';

type KeyCursor = Extract<CursorContext, { kind: 'key' }>;

/** A value the user may pick; `text` is what goes between the quotes. */
export interface ValueChoice {
  text: string;
  detail?: string;
  documentation?: string;
  preselect?: boolean;
}

const PER_DEVICE_KEYS = VMX_KEYS.filter((k) => k.key.startsWith('pciPassthruN.'));
const PLAIN_KEYS = VMX_KEYS.filter((k) => !k.key.startsWith('pciPassthruN.'));
/** Keys of an existing device worth offering again when the user types a bare prefix. */
const CORE_DEVICE_KEYS = new Set(['present', 'id', 'deviceid', 'vendorid', 'vgpu', 'virtualdev']);

export function complete(a: VmxAnalysis, position: { line: number; character: number }, env: FeatureEnv): CompletionItem[] {
  const ctx = cursorContext(a.doc, position);
  if (ctx.kind === 'key') return keyItems(a.doc, ctx);
  if (ctx.kind === 'value') return valueItems(a, ctx.entry, ctx.offset, env);
  return [];
}

// --- keys -------------------------------------------------------------------------------------

/** Device indexes in use, from one pass over the entries. */
function usedIndexes(doc: VmxDocument): Set<number> {
  const used = new Set<number>();
  for (const e of doc.entries) {
    if (!e.key.lower.startsWith('pcipassthru')) continue;
    const n = passthruIndex(e.key.text);
    if (n !== undefined) used.add(n);
  }
  return used;
}

function firstFree(used: Set<number>): number {
  let n = 0;
  while (used.has(n)) n++;
  return n;
}

/** Is the key already set on another line? (Offering it again would only create a duplicate.) */
function setElsewhere(doc: VmxDocument, key: string, line: number): boolean {
  const e = doc.get(key);
  return e !== undefined && (e.lineIndex !== line || doc.getAll(key).length > 1);
}

function keyItems(doc: VmxDocument, ctx: KeyCursor): CompletionItem[] {
  const range = doc.index.range(ctx.span);
  const items: CompletionItem[] = [];
  const add = (key: string, spec: VmxKeySpec, sort: string) => {
    if (setElsewhere(doc, key, ctx.line)) return;
    items.push(keyItem(key, spec, range, ctx.hasEq, sort));
  };
  const typedIndex = /^pcipassthru(\d+)\./i.exec(ctx.typed);
  if (typedIndex) {
    // "pciPassthru3." – the per-device keys of device 3, written with the user's spelling of the prefix.
    const prefix = ctx.typed.slice(0, typedIndex[0].length);
    for (const spec of PER_DEVICE_KEYS) add(prefix + spec.key.slice('pciPassthruN.'.length), spec, '0');
    return items;
  }
  for (const spec of PLAIN_KEYS) add(spec.key, spec, '0');
  const used = usedIndexes(doc);
  const next = firstFree(used);
  for (const spec of PER_DEVICE_KEYS) add(spec.key.replace('N.', `${next}.`), spec, '1');
  for (const n of [...used].sort((x, y) => x - y)) {
    for (const spec of PER_DEVICE_KEYS) {
      if (CORE_DEVICE_KEYS.has(spec.key.slice('pciPassthruN.'.length).toLowerCase())) add(spec.key.replace('N.', `${n}.`), spec, '2');
    }
  }
  return items;
}

function keyItem(key: string, spec: VmxKeySpec, range: Range, hasEq: boolean, sort: string): CompletionItem {
  return {
    label: key,
    kind: CompletionItemKind.Property,
    detail: typeLabel(spec.type),
    documentation: { kind: MarkupKind.Markdown, value: keyMarkdown(spec, key) },
    filterText: key,
    sortText: `${sort}${key.toLowerCase()}`,
    textEdit: { range, newText: hasEq ? key : `${key} = "$1"` },
    insertTextFormat: hasEq ? InsertTextFormat.PlainText : InsertTextFormat.Snippet,
  };
}

// --- values -----------------------------------------------------------------------------------

/** What a value choice replaces: the text between the quotes, or the whole bare value (then it adds quotes). */
function valueEdit(doc: VmxDocument, entry: VmxEntry, offset: number): { span: Span; quote: boolean; lead: string } {
  const v = entry.value;
  if (v.quote !== 'none') return { span: v.inner, quote: false, lead: '' };
  const span = v.span.start === v.span.end ? { start: Math.min(v.span.start, offset), end: Math.max(v.span.end, offset) } : v.span;
  // "key =|" – keep the file's usual "key = value" spacing.
  const lead = doc.text[span.start - 1] === '=' ? ' ' : '';
  return { span, quote: true, lead };
}

function valueItems(a: VmxAnalysis, entry: VmxEntry, offset: number, env: FeatureEnv): CompletionItem[] {
  const spec = findKeySpec(entry.key.text);
  if (!spec) return [];
  const choices = valueChoices(a, entry, spec, env);
  if (choices.length === 0) return [];
  const { span, quote, lead } = valueEdit(a.doc, entry, offset);
  const range = a.doc.index.range(span);
  return choices.map((c, i) => {
    const encoded = encodeVmxValue(c.text);
    const item: CompletionItem = {
      label: c.text,
      kind: CompletionItemKind.Value,
      sortText: String(i).padStart(4, '0'),
      filterText: encoded,
      textEdit: { range, newText: quote ? `${lead}"${encoded}"` : encoded },
    };
    if (c.detail) item.detail = c.detail;
    if (c.documentation) item.documentation = { kind: MarkupKind.Markdown, value: c.documentation };
    if (c.preselect) item.preselect = true;
    return item;
  });
}

function deviceEntry(doc: VmxDocument, entry: VmxEntry, field: string): VmxEntry | undefined {
  const n = passthruIndex(entry.key.text);
  return n === undefined ? undefined : doc.get(`pciPassthru${n}.${field}`);
}

export function valueChoices(a: VmxAnalysis, entry: VmxEntry, spec: VmxKeySpec, env: FeatureEnv): ValueChoice[] {
  const pattern = canonicalKeyPattern(entry.key.text);
  switch (pattern) {
    case 'pcipassthru.64bitmmiosizegb':
      return mmioSizeChoices(a);
    case 'pcipassthrun.deviceid':
      return deviceIdChoices(a.doc, entry);
    case 'pcipassthrun.vendorid':
      return KNOWN_VENDORS.map((v) => ({ text: hexId(v.id), detail: v.name }));
    case 'pcipassthrun.subdeviceid':
      return subDeviceIdChoices(a.doc, entry);
    case 'pcipassthrun.alloweddevices':
      return allowedDeviceChoices();
    case 'pcipassthrun.id':
      return addressChoices(env);
    case 'sched.mem.min':
    case 'sched.mem.minsize': {
      const mem = parseVmxInt(a.doc.get('memsize'));
      return mem === undefined ? [] : [{ text: String(mem), detail: 'memsize: reserve all guest memory', preselect: true }];
    }
  }
  switch (spec.type.kind) {
    case 'bool':
      return ['TRUE', 'FALSE'].map((t) => ({ text: t, ...(spec.defaultValue?.toUpperCase() === t ? { detail: 'default' } : {}) }));
    case 'enum':
      return spec.type.values.map((v) => ({ text: v, ...enumDoc(pattern, v, spec) }));
    case 'vgpuProfile':
      return vgpuProfileItems(deviceEntry(a.doc, entry, 'deviceId'));
    case 'guestOs':
      return COMMON_64BIT_GUESTS.map((g) => ({ text: g, detail: /^vmkernel/i.test(g) ? '64-bit, nested ESXi' : '64-bit' }));
    default:
      return [];
  }
}

function enumDoc(pattern: string, value: string, spec: VmxKeySpec): Pick<ValueChoice, 'detail' | 'documentation'> {
  const out: Pick<ValueChoice, 'detail' | 'documentation'> = {};
  if (pattern === 'firmware') {
    out.detail = value === 'efi' ? 'UEFI – maps BARs above 4 GB' : 'legacy BIOS – BARs below 4 GB only';
    out.documentation =
      value === 'efi'
        ? 'Required for a passthrough GPU whose BARs add up to more than 16 GB (VMware, Dell) and for C-series vGPUs (NVIDIA); Denneman asks for it from a BAR1 above 256 MB.'
        : 'Fine for small-BAR GPUs (T4: BAR1 256 MB); a large-BAR GPU gets no usable BAR under BIOS.';
  }
  if (spec.defaultValue === value) out.detail = `${out.detail ? `${out.detail} ` : ''}(default)`;
  return out;
}

/** The size that fits, then larger powers of two (over-sizing is cheap); without sized GPUs, 32..1024. */
function mmioSizeChoices(a: VmxAnalysis): ValueChoice[] {
  const need = mmioNeed(a.model);
  const sizes: number[] = [];
  if (need.requiredGb > 0) for (let gb = need.suggestedGb; gb <= Math.max(1024, need.suggestedGb); gb *= 2) sizes.push(gb);
  else for (let gb = 32; gb <= 1024; gb *= 2) sizes.push(gb);
  return sizes.map((gb, i) => {
    const choice: ValueChoice = { text: String(gb), detail: `${gb} GB` };
    if (need.requiredGb > 0 && i === 0) {
      choice.preselect = true;
      choice.detail = `${gb} GB – fits the GPUs of this VM`;
      choice.documentation = mmioMarkdown(a, need);
    } else if (need.requiredGb > 0) {
      choice.detail = `${gb} GB – larger than needed (costs a few MB of overhead)`;
    }
    return choice;
  });
}

function deviceIdChoices(doc: VmxDocument, entry: VmxEntry): ValueChoice[] {
  const vendor = deviceEntry(doc, entry, 'vendorId')?.value.text.trim().toLowerCase().replace(/^0x/, '');
  const out: ValueChoice[] = [];
  for (const gpu of GPUS) {
    if (vendor && parseInt(vendor, 16) !== gpu.vendorId) continue;
    for (const id of gpu.deviceIds) {
      out.push({
        text: `0x${id}`,
        detail: gpu.bars ? `${gpu.name} – BAR1 ${formatSize(gpu.bars.bar1Mb)}` : `${gpu.name} – BAR layout unknown`,
        documentation: gpuMarkdown(gpu, gpu.bars),
      });
    }
  }
  return out;
}

/** Dynamic DirectPath I/O: the catalog's GPUs as "0x10de:0x20b5" (vendor:device). */
function allowedDeviceChoices(): ValueChoice[] {
  const out: ValueChoice[] = [];
  for (const gpu of GPUS) {
    for (const id of gpu.deviceIds) {
      out.push({
        text: `${hexId(gpu.vendorId)}:0x${id}`,
        detail: gpu.bars ? `${gpu.name} – BAR1 ${formatSize(gpu.bars.bar1Mb)}` : `${gpu.name} – BAR layout unknown`,
        documentation: gpuMarkdown(gpu, gpu.bars),
      });
    }
  }
  return out;
}

function subDeviceIdChoices(doc: VmxDocument, entry: VmxEntry): ValueChoice[] {
  const dev = deviceEntry(doc, entry, 'deviceId')?.value.text.trim().toLowerCase().replace(/^0x/, '');
  const out: ValueChoice[] = [];
  for (const gpu of GPUS) {
    if (!gpu.subsystemIds || (dev && !gpu.deviceIds.includes(dev.padStart(4, '0')))) continue;
    for (const id of gpu.subsystemIds) out.push({ text: `0x${id}`, detail: gpu.name, ...(gpu.bars ? { documentation: barsLine(gpu.bars) } : {}) });
  }
  return out;
}

/** Addresses from the gpuMap setting, in the decimal form ESXi wants. */
function addressChoices(env: FeatureEnv): ValueChoice[] {
  const out: ValueChoice[] = [];
  for (const [address, gpuId] of Object.entries(env.settings.gpuMap)) {
    const a = parseLspciAddress(address);
    if (a) out.push({ text: formatEsxiAddress(a), detail: `${gpuId} (gpuMap ${address})` });
  }
  return out;
}
