// Proxmox VM config → the format-neutral VM model the hardware rules read. Only the current config is the VM.
import { NVIDIA_VENDOR_ID } from '../catalog/gpus';
import { profileFromMdevName } from '../catalog/vgpuProfiles';
import { formatLspciAddress } from '../host/inventory';
import { IdentifyContext, identifyDevice } from '../model/identify';
import type { PassthroughDevice, VmModel } from '../model/vm';
import { quoteUserText } from '../util/userText';
import type { HostpciFacts, ProxmoxFacts } from './facts';
import { resolveMapping } from './mapping';
import type { PxDocument } from './parser';

/** Proxmox's default RAM when `memory` is unset (src/PVE/QemuServer/Memory.pm: default => 512, MiB). */
export const PVE_DEFAULT_MEMORY_MB = 512;

function hostpciDevice(doc: PxDocument, h: HostpciFacts, ctx: IdentifyContext): PassthroughDevice | undefined {
  const key = h.line.key!;
  const range = doc.index.range(key.span);
  const first = h.addresses[0]?.address;
  const address = first ? formatLspciAddress(first) : undefined;
  const mdev = h.prop('mdev');
  if (mdev) {
    const type = mdev.value.text;
    const hostDev = address ? ctx.host?.device(address) : undefined;
    const offered = hostDev ? [...hostDev.mdevTypes, ...hostDev.creatableVgpuTypes.map((t) => ({ id: t.id, name: t.name }))] : [];
    const known = offered.find((t) => t.id === type || `nvidia-${t.id}` === type);
    const nvidia = /^nvidia-\d+$/.test(type) || hostDev?.vendorId === NVIDIA_VENDOR_ID;
    if (!nvidia) return undefined; // an Intel GVT-g mdev is not a vGPU the hardware rules size
    const device: PassthroughDevice = { kind: 'vgpu', label: `${key.text} (mdev ${quoteUserText(type)})`, range, isGpu: true, profileName: known?.name ?? type };
    const profile = known?.name ? profileFromMdevName(known.name) : undefined;
    if (profile) device.profile = profile;
    if (address) device.hostAddress = address;
    return device;
  }
  let what = h.host ? quoteUserText(h.host.value.text) : '';
  let at = first;
  let ids: { vendorId?: number; deviceId?: string; subsystemId?: string } = {};
  if (h.mapping && !h.host) {
    what = `mapping ${quoteUserText(h.mapping.value.text)}`;
    const r = resolveMapping(h.mapping.value.text, ctx.host);
    if (r.kind === 'resolved') {
      at = r.address;
      if (r.entry.path) what += ` → ${quoteUserText(r.entry.path)}`;
      ids = { ...(r.entry.vendorId !== undefined ? { vendorId: r.entry.vendorId } : {}), ...(r.entry.deviceId ? { deviceId: r.entry.deviceId } : {}), ...(r.entry.subsystemId ? { subsystemId: r.entry.subsystemId } : {}) };
    }
  }
  const device: PassthroughDevice = { kind: 'passthrough', label: `${key.text}${what ? ` (${what})` : ''}`, range, ...ids };
  if (at) device.hostAddress = formatLspciAddress(at);
  if (at || ids.deviceId) identifyDevice(device, at, ctx);
  return device;
}

export function buildProxmoxModel(doc: PxDocument, facts: ProxmoxFacts, ctx: IdentifyContext): VmModel {
  const devices: PassthroughDevice[] = [];
  for (const h of facts.hostpcis) {
    const d = hostpciDevice(doc, h, ctx);
    if (d) devices.push(d);
  }
  const bios = facts.bios?.value;
  const firmware: VmModel['firmware'] = facts.bios
    ? { kind: bios === 'ovmf' ? 'efi' : bios === 'seabios' ? 'bios' : 'unknown', explicit: true, range: doc.index.range(facts.bios.line.value!.span) }
    : { kind: 'bios', explicit: false };
  const anchorLine = doc.current.lines.find((l) => l.kind === 'property') ?? doc.lines[0];
  return {
    format: 'proxmox',
    isFragment: false,
    firmware,
    ...(facts.memoryMb ? { memoryMb: { value: facts.memoryMb.value, range: doc.index.range(facts.memoryMb.span) } } : {}),
    devices,
    anchor: doc.index.range(anchorLine?.key?.span ?? anchorLine?.span ?? { start: 0, end: 0 }),
  };
}
