// libvirt XML tree → the format-neutral VM model the hardware rules read.
import type { Range } from 'vscode-languageserver-types';
import { NVIDIA_VENDOR_ID } from '../catalog/gpus';
import { profileFromMdevName } from '../catalog/vgpuProfiles';
import type { HostInventory, HostMdev, MdevType } from '../host/inventory';
import { formatLspciAddress } from '../host/inventory';
import { IdentifyContext, identifyDevice } from '../model/identify';
import type { PassthroughDevice, VmModel } from '../model/vm';
import type { LineIndex } from '../service/text';
import type { DomainFacts, HostdevInfo } from './facts';
import { attr, attrValue, child, textOf } from './xml/dom';
import type { XmlDocument } from './xml/parser';
import { quoteUserText } from '../util/userText';

const X86_ARCHES = new Set(['x86_64', 'i686', 'i386']);
const EFI_LOADER = /ovmf|edk2|aavmf|qemu_efi|\.fd$/i;

export function firmwareOf(doc: XmlDocument, facts: DomainFacts, index: LineIndex): VmModel['firmware'] {
  const os = facts.os;
  const fw = attr(os, 'firmware');
  if (fw?.valueSpan) {
    const v = fw.value.trim().toLowerCase();
    return { kind: v === 'efi' ? 'efi' : v === 'bios' ? 'bios' : 'unknown', explicit: true, range: index.range(fw.valueSpan) };
  }
  const loader = child(os, 'loader');
  if (loader) {
    const path = textOf(doc, loader);
    const range = index.range(loader.nameSpan);
    if (attrValue(loader, 'type') === 'pflash' || EFI_LOADER.test(path)) return { kind: 'efi', explicit: true, range };
    if (/seabios|bios\.bin/i.test(path)) return { kind: 'bios', explicit: true, range };
    return { kind: 'unknown', explicit: true, range };
  }
  // <os><firmware><feature …/></firmware> states firmware intent without saying which (autoselection).
  if (child(os, 'firmware')) return { kind: 'unknown', explicit: false };
  const domainType = attrValue(facts.domain, 'type');
  const x86 = facts.arch === undefined || X86_ARCHES.has(facts.arch);
  if (x86 && (domainType === undefined || domainType === 'kvm' || domainType === 'qemu')) return { kind: 'bios', explicit: false };
  return { kind: 'unknown', explicit: false };
}

/** Where findings about a hostdev point: its <source><address> start tag, else its name. */
export function hostdevAnchor(info: HostdevInfo): { start: number; end: number } {
  const a = info.sourceAddress;
  return a ? { start: a.start, end: a.startTagEnd } : info.el.nameSpan;
}

export interface HostLookups {
  mdevByUuid: Map<string, HostMdev>;
  typeOf(mdev: HostMdev): MdevType | undefined;
}

export function hostLookups(host: HostInventory | undefined): HostLookups | undefined {
  if (!host) return undefined;
  const mdevByUuid = new Map(host.mdevs().map((m) => [m.uuid.toLowerCase(), m]));
  return {
    mdevByUuid,
    typeOf: (m) => (m.typeId ? host.mdevTypes(m.parent).find((t) => t.id === m.typeId) : undefined),
  };
}

function mdevDevice(info: HostdevInfo, host: HostInventory | undefined, lookups: HostLookups | undefined, index: LineIndex): PassthroughDevice | undefined {
  const uuid = info.uuid?.value.trim().toLowerCase();
  const mdev = uuid ? lookups?.mdevByUuid.get(uuid) : undefined;
  if (!mdev || !host || !lookups) return undefined; // without the host we cannot tell an NVIDIA vGPU from any other mdev
  const type = lookups.typeOf(mdev);
  const parent = mdev.parent ? host.device(mdev.parent) : undefined;
  const name = type?.name?.trim();
  const nvidia = parent?.vendorId === NVIDIA_VENDOR_ID || (name !== undefined && /^(GRID|NVIDIA)\s/i.test(name));
  if (!nvidia) return undefined;
  const device: PassthroughDevice = { kind: 'vgpu', label: `mdev ${quoteUserText(uuid ?? '')}`, range: index.range(hostdevAnchor(info)), isGpu: true };
  if (name) device.profileName = name;
  else if (mdev.typeId) device.profileName = mdev.typeId;
  const profile = name ? profileFromMdevName(name) : undefined;
  if (profile) device.profile = profile;
  if (mdev.parent) device.hostAddress = mdev.parent;
  return device;
}

export function buildLibvirtModel(doc: XmlDocument, facts: DomainFacts, index: LineIndex, ctx: IdentifyContext): VmModel {
  const lookups = hostLookups(ctx.host);
  const devices: PassthroughDevice[] = [];
  for (const info of facts.hostdevs) {
    if (info.kind === 'mdev') {
      const d = mdevDevice(info, ctx.host, lookups, index);
      if (d) {
        info.device = d;
        devices.push(d);
      }
      continue;
    }
    const address = info.pci ? formatLspciAddress(info.pci) : undefined;
    const device: PassthroughDevice = {
      kind: 'passthrough',
      label: `${info.kind === 'net' ? 'interface hostdev' : 'hostdev'}${address ? ` ${address}` : ''}`,
      range: index.range(hostdevAnchor(info)),
    };
    if (address) device.hostAddress = address;
    if (info.kind === 'net') device.isGpu = false; // an SR-IOV NIC VF
    else identifyDevice(device, info.pci, ctx);
    info.device = device;
    devices.push(device);
  }
  const memory = child(facts.domain, 'memory');
  return {
    format: 'libvirt',
    isFragment: false,
    firmware: firmwareOf(doc, facts, index),
    ...(facts.memoryKiB !== undefined && memory ? { memoryMb: { value: facts.memoryKiB / 1024, range: index.range(memory.nameSpan) } } : {}),
    devices,
    anchor: index.range(facts.domain.nameSpan),
  };
}

/** A node-device document carries no VM: an empty model, so model rules find nothing. */
export function emptyModel(anchor: Range): VmModel {
  return { format: 'libvirt', isFragment: true, firmware: { kind: 'unknown', explicit: false }, devices: [], anchor };
}
