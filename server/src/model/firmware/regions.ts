// A passthrough device's BARs as the firmware sees them: the host's sysfs regions when read, else the catalog's
// layout of an NVIDIA data-centre GPU — BAR0 32-bit non-prefetchable, BAR1 and BAR3 64-bit prefetchable, as lspci
// lists them (`Region 1: Memory at … (64-bit, prefetchable) [size=…]`, sources in docs/catalog-sources.md).
import { MiB, PciRegion, PlacementDevice } from './placement';
import type { PassthroughDevice } from '../vm';

export function placementDevice(d: PassthroughDevice): PlacementDevice | undefined {
  if (d.hostRegions?.length) {
    return { regions: d.hostRegions.map((r) => ({ sizeBytes: r.sizeMb * MiB, is64: r.is64Bit, prefetchable: r.prefetchable })) };
  }
  if (!d.bars) return undefined;
  const regions: PciRegion[] = [
    { sizeBytes: d.bars.bar0Mb * MiB, is64: false, prefetchable: false },
    { sizeBytes: d.bars.bar1Mb * MiB, is64: true, prefetchable: true },
  ];
  if (d.bars.bar3Mb > 0) regions.push({ sizeBytes: d.bars.bar3Mb * MiB, is64: true, prefetchable: true });
  return { regions };
}
