// Works out which GPU a passthrough device is and where its BAR sizes come from:
// the host's sysfs (real sizes) > the user's gpuMap setting > the catalog by PCI id.
import { BarLayout, findGpuById, findGpusByPciId, GpuFact, NVIDIA_VENDOR_ID } from '../catalog/gpus';
import type { HostInventory, HostPciDevice, PciAddress } from '../host/inventory';
import { formatLspciAddress, parseLspciAddress } from '../host/inventory';
import type { GpuMap } from '../service/types';
import type { PassthroughDevice } from './vm';

const DISPLAY_CLASS = 0x03;

export interface IdentifyContext {
  host?: HostInventory;
  gpuMap: GpuMap;
}

function gpuMapLookup(map: GpuMap, address: PciAddress): GpuFact | undefined {
  const want = formatLspciAddress(address);
  for (const [key, gpuId] of Object.entries(map)) {
    const a = parseLspciAddress(key);
    if (a && formatLspciAddress(a) === want) return findGpuById(gpuId);
  }
  return undefined;
}

/** BAR layout from sysfs regions: the largest 64-bit prefetchable region is BAR1 (the framebuffer). */
export function barsFromHost(dev: HostPciDevice, source: string): BarLayout | undefined {
  const regions = dev.bars.filter((b) => b.sizeMb > 0);
  if (regions.length === 0) return undefined;
  const sorted = [...regions].sort((a, b) => b.sizeMb - a.sizeMb);
  const bar1 = sorted[0];
  const rest = regions.filter((r) => r !== bar1).sort((a, b) => a.index - b.index);
  return {
    bar0Mb: rest[0]?.sizeMb ?? 0,
    bar1Mb: bar1.sizeMb,
    bar3Mb: rest.slice(1).reduce((s, r) => s + r.sizeMb, 0),
    source,
  };
}

function pickByIds(vendorId: number, deviceId: string, subsystemId?: string): GpuFact | undefined {
  const candidates = findGpusByPciId(vendorId, deviceId);
  if (candidates.length <= 1) return candidates[0];
  if (subsystemId) {
    const bySub = candidates.find((g) => g.subsystemIds?.includes(subsystemId));
    if (bySub) return bySub;
  }
  // Boards sharing a device id (A2/A16) without a subsystem id: when only one of them has a confirmed
  // BAR layout, analyse with it rather than not at all; the hover names both.
  const sized = candidates.filter((g) => g.bars);
  return sized.length === 1 ? sized[0] : undefined;
}

/** Fills gpu, isGpu, bars and barSource of a device in place. */
export function identifyDevice(device: PassthroughDevice, address: PciAddress | undefined, ctx: IdentifyContext): void {
  const hostDev = address && ctx.host ? ctx.host.device(formatLspciAddress(address)) : undefined;
  if (hostDev) {
    device.vendorId ??= hostDev.vendorId;
    device.deviceId ??= hostDev.deviceId;
    device.subsystemId ??= hostDev.subsystemId;
    device.gpu = pickByIds(hostDev.vendorId, hostDev.deviceId, hostDev.subsystemId);
    device.isGpu = hostDev.classCode !== undefined ? hostDev.classCode >> 16 === DISPLAY_CLASS : device.gpu !== undefined || undefined;
    const bars = barsFromHost(hostDev, `host sysfs ${ctx.host!.root}/bus/pci/devices/${hostDev.address}/resource`);
    if (bars) {
      device.bars = bars;
      device.barSource = 'host';
      device.hostRegions = hostDev.bars.filter((b) => b.sizeMb > 0).map((b) => ({ sizeMb: b.sizeMb, is64Bit: b.is64Bit, prefetchable: b.prefetchable }));
    }
    return;
  }
  const mapped = address ? gpuMapLookup(ctx.gpuMap, address) : undefined;
  if (mapped) {
    device.gpu = mapped;
    device.isGpu = true;
    if (mapped.bars) {
      device.bars = mapped.bars;
      device.barSource = 'gpu-map';
    }
    return;
  }
  if (device.vendorId !== undefined && device.deviceId !== undefined) {
    device.gpu = pickByIds(device.vendorId, device.deviceId, device.subsystemId);
    if (device.gpu) device.isGpu = true;
    else if (device.vendorId !== NVIDIA_VENDOR_ID && device.vendorId !== 0x1002 && device.vendorId !== 0x8086) device.isGpu = false;
    if (device.gpu?.bars) {
      device.bars = device.gpu.bars;
      device.barSource = 'catalog';
    }
  }
}
