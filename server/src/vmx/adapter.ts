// VMX syntax tree → VM model.
import { normaliseHexId } from '../catalog/gpus';
import { findKeySpecLower, mayBeCatalogKey, VmxKeySpec } from '../catalog/vmxKeys';
import { isGuest64Bit, isNestedEsxiGuest } from '../catalog/guestOs';
import { findVgpuProfile } from '../catalog/vgpuProfiles';
import { parseEsxiAddress, parseLspciAddress, PciAddress } from '../host/inventory';
import { IdentifyContext, identifyDevice } from '../model/identify';
import type { PassthroughDevice, VmModel } from '../model/vm';
import { keyHead, keyStartsWith, VmxDocument, VmxEntry } from './parser';

export function isTrue(entry: VmxEntry | undefined): boolean {
  return entry !== undefined && /^\s*true\s*$/i.test(entry.value.text);
}

/** A whole number as VMware writes it (digits only); undefined when it is not one or too large to be exact. */
export function parseVmxInt(entry: VmxEntry | undefined): number | undefined {
  if (!entry) return undefined;
  const t = entry.value.text.trim();
  if (!/^\d+$/.test(t)) return undefined;
  const n = Number(t);
  return Number.isSafeInteger(n) ? n : undefined;
}

/** A whole .vmx always has these; a fragment pasted from a template does not. */
export function isVmxFragment(doc: VmxDocument): boolean {
  return !doc.get('virtualHW.version') && !doc.get('config.version');
}

/** ESXi's decimal id ("00000:059:00.0", "0:66:0.0") or an lspci-style hex one. */
export function parsePassthruAddress(text: string): PciAddress | undefined {
  const t = text.trim();
  if (/^\d{4}:[0-9a-f]{2}:[0-9a-f]{2}\.[0-7]$/i.test(t) && /[a-f]/i.test(t)) return parseLspciAddress(t);
  return parseEsxiAddress(t) ?? parseLspciAddress(t);
}

/**
 * `pciPassthruN.allowedDevices = "0x10de:0x20f1"` (vendor:device, as Denneman's "Using Dynamic DirectPath IO" shows the
 * VMX notation): the ids as normalised hex, or undefined for anything else (a list of models, another notation).
 */
export function parseAllowedDevice(text: string): { vendor: string; device: string } | undefined {
  const m = /^\s*0x([0-9a-f]{1,4}):0x([0-9a-f]{1,4})\s*$/i.exec(text);
  return m ? { vendor: m[1].toLowerCase().padStart(4, '0'), device: m[2].toLowerCase().padStart(4, '0') } : undefined;
}

export interface VmxDeviceEntries {
  index: number;
  present?: VmxEntry;
  id?: VmxEntry;
  vendorId?: VmxEntry;
  deviceId?: VmxEntry;
  subDeviceId?: VmxEntry;
  /** Dynamic DirectPath I/O: `"0x10de:0x20b5"`, the model ESXi assigns a matching device of at power-on. */
  allowedDevices?: VmxEntry;
  vgpu?: VmxEntry;
  virtualDev?: VmxEntry;
}

/** An entry whose key is in the catalog or in a namespace it covers fully, with its spec (undefined: not in the catalog). */
export interface CatalogEntry {
  entry: VmxEntry;
  spec: VmxKeySpec | undefined;
}

const catalogEntriesOf = new WeakMap<VmxDocument, readonly CatalogEntry[]>();

/**
 * The entries vmx/unknown-key, vmx/invalid-value and the device grouping look at, in file order. Most
 * keys of a real file (disks, NICs, USB) are none of the catalog's business and are dropped here, once,
 * by their first four characters. Shared: do not mutate.
 */
export function catalogEntries(doc: VmxDocument): readonly CatalogEntry[] {
  let list = catalogEntriesOf.get(doc);
  if (!list) {
    const found: CatalogEntry[] = [];
    for (const entry of doc.entries) {
      if (mayBeCatalogKey(keyHead(entry))) found.push({ entry, spec: findKeySpecLower(entry.key.lower) });
    }
    catalogEntriesOf.set(doc, (list = found));
  }
  return list;
}

/** Several rules ask for the devices of the same document: group its entries once. */
const devicesOf = new WeakMap<VmxDocument, readonly VmxDeviceEntries[]>();

/** The pciPassthruN.* keys grouped by N (the last entry of each key wins, as in VMware). Shared: do not mutate. */
export function passthruDevices(doc: VmxDocument): readonly VmxDeviceEntries[] {
  let devices = devicesOf.get(doc);
  if (!devices) devicesOf.set(doc, (devices = groupPassthruDevices(doc)));
  return devices;
}

function groupPassthruDevices(doc: VmxDocument): VmxDeviceEntries[] {
  const byIndex = new Map<number, VmxDeviceEntries>();
  for (const { entry: e } of catalogEntries(doc)) {
    if (!keyStartsWith(e, 'pcipassthru')) continue;
    const m = /^pcipassthru(\d+)\.([a-z]+)$/.exec(e.key.lower);
    if (!m) continue;
    const n = Number(m[1]);
    const dev = byIndex.get(n) ?? { index: n };
    byIndex.set(n, dev);
    switch (m[2]) {
      case 'present': dev.present = e; break;
      case 'id': dev.id = e; break;
      case 'vendorid': dev.vendorId = e; break;
      case 'deviceid': dev.deviceId = e; break;
      case 'subdeviceid': dev.subDeviceId = e; break;
      case 'alloweddevices': dev.allowedDevices = e; break;
      case 'vgpu': dev.vgpu = e; break;
      case 'virtualdev': dev.virtualDev = e; break;
    }
  }
  return [...byIndex.values()].sort((a, b) => a.index - b.index);
}

export function buildVmxModel(doc: VmxDocument, ctx: IdentifyContext): VmModel {
  const idx = doc.index;
  const fragment = isVmxFragment(doc);
  const fw = doc.get('firmware');
  const fwValue = fw?.value.text.trim().toLowerCase();
  const firmware: VmModel['firmware'] = fw
    ? { kind: fwValue === 'efi' ? 'efi' : fwValue === 'bios' ? 'bios' : 'unknown', explicit: true, range: idx.range(fw.value.span) }
    : { kind: fragment ? 'unknown' : 'bios', explicit: false };

  const mem = doc.get('memsize');
  const memValue = parseVmxInt(mem);
  const guest = doc.get('guestos');

  const devices: PassthroughDevice[] = [];
  for (const d of passthruDevices(doc)) {
    if (!isTrue(d.present)) continue;
    const isVgpu = (d.vgpu !== undefined && d.vgpu.value.text.trim() !== '') || d.virtualDev?.value.text.trim().toLowerCase() === 'vmiop';
    const anchor = d.deviceId ?? d.allowedDevices ?? d.vgpu ?? d.present!;
    const device: PassthroughDevice = {
      kind: isVgpu ? 'vgpu' : 'passthrough',
      label: `pciPassthru${d.index}`,
      range: idx.range(anchor.key.span),
    };
    if (isVgpu) {
      const name = d.vgpu?.value.text.trim() ?? '';
      device.profileName = name;
      device.profile = name ? findVgpuProfile(name) : undefined;
      device.isGpu = true;
      devices.push(device);
      continue;
    }
    // A Dynamic DirectPath slot names its model in allowedDevices instead (one vendor:device pair; a list is
    // several possible models and identifies none).
    const allowed = !d.deviceId && d.allowedDevices ? parseAllowedDevice(d.allowedDevices.value.text) : undefined;
    const vendor = d.vendorId ? normaliseHexId(d.vendorId.value.text) : allowed?.vendor;
    const deviceId = d.deviceId ? normaliseHexId(d.deviceId.value.text) : allowed?.device;
    if (vendor !== undefined) device.vendorId = parseInt(vendor, 16);
    if (deviceId !== undefined) device.deviceId = deviceId;
    const sub = d.subDeviceId ? normaliseHexId(d.subDeviceId.value.text) : undefined;
    if (sub !== undefined) device.subsystemId = sub;
    if (device.vendorId === 0 && (device.deviceId === undefined || device.deviceId === '0000')) device.isGpu = false; // SR-IOV NIC VF placeholder
    const address = d.id ? parsePassthruAddress(d.id.value.text) : undefined;
    if (d.id) device.hostAddress = d.id.value.text.trim();
    identifyDevice(device, address, ctx);
    devices.push(device);
  }

  return {
    format: 'vmx',
    isFragment: fragment,
    firmware,
    ...(mem && memValue !== undefined ? { memoryMb: { value: memValue, range: idx.range(mem.value.span) } } : {}),
    ...(guest
      ? {
          guestOs: {
            id: guest.value.text.trim(),
            is64Bit: isGuest64Bit(guest.value.text),
            nestedHypervisor: isNestedEsxiGuest(guest.value.text),
            range: idx.range(guest.value.span),
          },
        }
      : {}),
    devices,
    anchor: idx.range({ start: 0, end: idx.lineEnd(0) }),
  };
}
