// MMIO window arithmetic. BARs must be naturally aligned, so the window must hold the sum of all
// BARs of all assigned GPUs rounded UP to a power of two (source: SEED_BAR_ARTICLE).
import { BarLayout, BarName, barTotalMb, barUnconfirmed, GiB } from './gpus';

/** vSphere gives every VM a 32 GB MMIO window unless pciPassthru.use64bitMMIO is TRUE. */
export const VSPHERE_DEFAULT_MMIO_GB = 32;

export function nextPowerOfTwo(n: number): number {
  if (n <= 1) return 1;
  return 2 ** Math.ceil(Math.log2(n));
}

export function isPowerOfTwo(n: number): boolean {
  return Number.isInteger(n) && n > 0 && Number.isInteger(Math.log2(n));
}

/** The smallest power-of-two window, in GB, that holds every BAR of these GPUs. */
export function requiredMmioGb(layouts: BarLayout[]): number {
  const totalMb = layouts.reduce((sum, b) => sum + barTotalMb(b), 0);
  return Math.max(1, nextPowerOfTwo(totalMb / GiB));
}

export function formatSize(mb: number): string {
  if (mb >= GiB) {
    const gb = mb / GiB;
    return `${Number.isInteger(gb) ? gb : gb.toFixed(gb < 10 ? 2 : 1)} GB`;
  }
  return `${mb} MB`;
}

/**
 * The arithmetic, as a person would write it:
 * "2 × A100 40 GB: 16 MB + 64 GB + 32 MB each = 128.1 GB → 256 GB".
 */
export function explainMmio(groups: { label: string; count: number; bars: BarLayout }[]): string {
  const parts = groups.map((g) => {
    const each = `${formatSize(g.bars.bar0Mb)} + ${formatSize(g.bars.bar1Mb)} + ${formatSize(g.bars.bar3Mb)}`;
    return g.count > 1 ? `${g.count} × ${g.label}: ${each} each` : `${g.label}: ${each}`;
  });
  const totalMb = groups.reduce((s, g) => s + g.count * barTotalMb(g.bars), 0);
  // Rounded up, so "a little over 64 GB" never reads as exactly 64 GB (which would not need 128).
  const total = Math.ceil((totalMb / GiB) * 10) / 10;
  const layouts = groups.flatMap((g) => Array<BarLayout>(g.count).fill(g.bars));
  return `${parts.join('; ')} = ${total} GB → ${requiredMmioGb(layouts)} GB`;
}

/** The wording a hover uses for a BAR size no source shows for the model. */
export const NOT_CONFIRMED_MARK = '(not confirmed for this model)';

/** "BAR0 16 MB · BAR1 64 GB · BAR3 32 MB (not confirmed for this model)": each size, marked where the catalog has no source for it. */
export function describeBars(bars: BarLayout): string {
  const mark = (b: BarName) => (barUnconfirmed(bars, b) ? ` ${NOT_CONFIRMED_MARK}` : '');
  return `BAR0 ${formatSize(bars.bar0Mb)}${mark('bar0')} · BAR1 ${formatSize(bars.bar1Mb)}${bars.resizable ? ' (resizable)' : ''}${mark('bar1')} · BAR3 ${formatSize(bars.bar3Mb)}${mark('bar3')}`;
}
