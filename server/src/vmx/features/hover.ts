// Hover: every known key explains itself; MMIO, GPU ids, vGPU profiles and firmware show the facts behind them.
import type { Hover } from 'vscode-languageserver-types';
import { MarkupKind } from 'vscode-languageserver-types';
import { findGpusByPciId, normaliseHexId } from '../../catalog/gpus';
import { canonicalKeyPattern, findKeySpec, passthruIndex, VmxKeySpec } from '../../catalog/vmxKeys';
import { barTotalMb } from '../../catalog/gpus';
import { NO_MMIO_NEEDED_UP_TO_GB } from '../../catalog/vsphere';
import { mmioNeed } from '../../model/mmioNeed';
import type { PassthroughDevice } from '../../model/vm';
import type { Span } from '../../service/text';
import type { VmxAnalysis } from '../analyse';
import type { VmxEntry } from '../parser';
import { parseAllowedDevice } from '../adapter';
import { entryOf, lineAt, touches } from './cursor';
import { gpuMarkdown, hexId, keyMarkdown, vendorName } from './describe';
import { mmioMarkdown } from './mmioText';
import { vgpuValueMarkdown } from './vgpu';

export function hover(a: VmxAnalysis, position: { line: number; character: number }): Hover | null {
  const entry = entryOf(lineAt(a.doc, position.line));
  if (!entry) return null;
  const offset = a.doc.index.offsetAt(position);
  const onKey = touches(entry.key.span, offset);
  const onValue = !onKey && offset > entry.eq && touches(entry.value.span, offset);
  if (!onKey && !onValue) return null;
  const spec = findKeySpec(entry.key.text);
  if (!spec) return null;
  const span = onKey ? entry.key.span : entry.value.span;
  const special = specialMarkdown(a, entry, spec, onValue);
  const value = special ?? keyMarkdown(spec, entry.key.text);
  return result(a, value, span);
}

function result(a: VmxAnalysis, value: string, span: Span): Hover {
  return { contents: { kind: MarkupKind.Markdown, value }, range: a.doc.index.range(span) };
}

function specialMarkdown(a: VmxAnalysis, entry: VmxEntry, spec: VmxKeySpec, onValue: boolean): string | undefined {
  const pattern = canonicalKeyPattern(entry.key.text);
  const keyDoc = keyMarkdown(spec, entry.key.text);
  switch (pattern) {
    case 'pcipassthru.64bitmmiosizegb':
    case 'pcipassthru.use64bitmmio':
      return `${mmioMarkdown(a, mmioNeed(a.model))}\n\n---\n\n${keyDoc}`;
    case 'firmware':
      return `${firmwareMarkdown(a)}\n\n---\n\n${keyDoc}`;
    case 'pcipassthrun.deviceid':
    case 'pcipassthrun.vendorid':
      return onValue ? idMarkdown(a, entry, pattern === 'pcipassthrun.vendorid') : undefined;
    case 'pcipassthrun.vgpu':
      return onValue ? `${vgpuValueMarkdown(entry.value.text.trim())}\n\n---\n\n${keyDoc}` : undefined;
    case 'pcipassthrun.alloweddevices':
      return onValue ? `${allowedMarkdown(a, entry)}\n\n---\n\n${keyDoc}` : undefined;
  }
  return undefined;
}

function modelDevice(a: VmxAnalysis, entry: VmxEntry): PassthroughDevice | undefined {
  const n = passthruIndex(entry.key.text);
  return n === undefined ? undefined : a.model.devices.find((d) => d.label === `pciPassthru${n}`);
}

/** A Dynamic DirectPath allowedDevices value: the GPU model it names, as the model identified it. */
function allowedMarkdown(a: VmxAnalysis, entry: VmxEntry): string {
  const pair = parseAllowedDevice(entry.value.text);
  if (!pair) return `\`${entry.value.text.slice(0, 80)}\` is not one \`0xVVVV:0xDDDD\` pair: the device is not identified, so its BARs are not checked.`;
  const device = modelDevice(a, entry);
  if (device && (device.gpu || device.bars)) return gpuMarkdown(device.gpu, device.bars, device.barSource);
  const candidates = findGpusByPciId(parseInt(pair.vendor, 16), pair.device);
  if (candidates.length === 0) return `**0x${pair.vendor}:0x${pair.device}** is not in the catalog: the checks that need its BAR sizes (MMIO window, firmware) cannot be made.`;
  return candidates.map((g) => gpuMarkdown(g, g.bars, g.bars ? 'catalog' : undefined)).join('\n\n');
}

/** A vendor or device id value: the GPU it names (as the model identified it, else from the catalog). */
function idMarkdown(a: VmxAnalysis, entry: VmxEntry, isVendor: boolean): string {
  const n = passthruIndex(entry.key.text)!;
  const vendorText = isVendor ? entry.value.text : a.doc.get(`pciPassthru${n}.vendorId`)?.value.text;
  const deviceText = isVendor ? a.doc.get(`pciPassthru${n}.deviceId`)?.value.text : entry.value.text;
  const vendorHex = vendorText !== undefined ? normaliseHexId(vendorText) : undefined;
  const deviceHex = deviceText !== undefined ? normaliseHexId(deviceText) : undefined;
  const vendor = vendorHex !== undefined ? parseInt(vendorHex, 16) : undefined;
  const out: string[] = [];
  const own = normaliseHexId(entry.value.text);
  if (own === undefined) return `\`${entry.value.text}\` is not a hex PCI id (write it as \`0x10de\`).`;
  if (isVendor) out.push(`**${hexId(parseInt(own, 16))}** – ${vendorName(parseInt(own, 16)) ?? 'vendor not known to the catalog'}`, '');

  const device = modelDevice(a, entry);
  if (device && (device.gpu || device.bars)) {
    out.push(gpuMarkdown(device.gpu, device.bars, device.barSource));
    return out.join('\n');
  }
  if (deviceHex === undefined) {
    out.push(isVendor ? 'No `deviceId` for this device: the GPU cannot be identified.' : '');
    return out.join('\n').trim();
  }
  const candidates = findGpusByPciId(vendor ?? 0x10de, deviceHex);
  const ids = `${vendor !== undefined ? hexId(vendor) : '(no vendorId)'}:0x${deviceHex}`;
  if (candidates.length === 0) {
    out.push(`**${ids}** is not in the catalog: the checks that need its BAR sizes (MMIO window, firmware) cannot be made. Set \`vgpuLint.gpuMap\` if you know the model.`);
  } else if (candidates.length === 1) {
    out.push(gpuMarkdown(candidates[0], candidates[0].bars, candidates[0].bars ? 'catalog' : undefined));
  } else {
    out.push(`**${ids}** is shared by ${candidates.map((g) => g.name).join(' and ')}; \`subDeviceId\` tells them apart.`);
    for (const g of candidates) out.push('', gpuMarkdown(g, g.bars, g.bars ? 'catalog' : undefined));
  }
  if (vendor === undefined) out.push('', 'No `vendorId` on this device: assumed NVIDIA (0x10de).');
  return out.join('\n');
}

function firmwareMarkdown(a: VmxAnalysis): string {
  const out = [
    "**BIOS or EFI?** VMware's BIOS maps PCI BARs only below 4 GB. VMware and Dell require EFI for a passthrough device whose BARs add up to more than 16 GB; Denneman's article asks for EFI already when BAR1 is larger than 256 MB (the sources disagree in between). NVIDIA requires EFI for C-series vGPUs on ESXi. T4 (BAR1 256 MB) works with BIOS; A2 (16.1 GB of BARs) needs EFI although both have 16 GB of memory.",
    '',
    'Changing the firmware of an installed guest means reinstalling the guest OS.',
  ];
  const need = mmioNeed(a.model);
  const fw = a.model.firmware;
  const current = fw.kind === 'unknown' ? (fw.explicit ? 'not recognised' : 'not set here') : `${fw.kind}${fw.explicit ? '' : ' (default)'}`;
  let verdict = '.';
  const largest = Math.max(0, ...need.sized.map((d) => barTotalMb(d.bars!)));
  if (largest > NO_MMIO_NEEDED_UP_TO_GB * 1024 || a.model.devices.some((d) => d.profile?.series === 'C')) verdict = '; its GPUs need **EFI**.';
  else if (need.largestBar1Mb > 256) verdict = '; its GPUs have a BAR1 above 256 MB but 16 GB of BARs or less: EFI per Denneman, BIOS acceptable per VMware and Dell.';
  else if (need.sized.length) verdict = '; its GPUs have BAR1 ≤ 256 MB, BIOS is possible.';
  out.push('', `This VM: firmware ${current}${verdict}`);
  return out.join('\n');
}
