// Timing and statistics helpers shared by the benchmark groups. Every figure the bench reports is a
// median (or a stated percentile) over repeated runs, never a single run.
import { performance } from 'node:perf_hooks';

export function median(xs: readonly number[]): number {
  return percentile(xs, 50);
}

/** Nearest-rank percentile (p in 0..100). */
export function percentile(xs: readonly number[], p: number): number {
  if (xs.length === 0) return NaN;
  const sorted = [...xs].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

/** Milliseconds per call of `fn`, one sample per repeat, after `warmup` untimed calls. */
export function sample(fn: () => unknown, repeats: number, warmup = 2): number[] {
  for (let i = 0; i < warmup; i++) fn();
  const out: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const t0 = performance.now();
    fn();
    out.push(performance.now() - t0);
  }
  return out;
}

/**
 * Samples two functions alternately, so both see the same machine state (GC, frequency, other load);
 * the ratio of their medians is then a fair comparison measured in the same run.
 */
export function samplePair(a: () => unknown, b: () => unknown, repeats: number, warmup = 2): [number[], number[]] {
  for (let i = 0; i < warmup; i++) {
    a();
    b();
  }
  const ta: number[] = [];
  const tb: number[] = [];
  for (let i = 0; i < repeats; i++) {
    let t0 = performance.now();
    a();
    ta.push(performance.now() - t0);
    t0 = performance.now();
    b();
    tb.push(performance.now() - t0);
  }
  return [ta, tb];
}

export async function sampleAsync(fn: () => Promise<unknown>, repeats: number, warmup = 1): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await fn();
  const out: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const t0 = performance.now();
    await fn();
    out.push(performance.now() - t0);
  }
  return out;
}
