// The firmware model applied to a libvirt domain: the platform it describes, its sized devices, and where the
// firmware would put their 64-bit BARs under every combination the file leaves open. Shared by the
// mmio-window and phys-bits rules, the hover and the code lens; computed once per analysis.
import { formatSize } from '../catalog/mmio';
import { devicesNeed, formatBytes, GiB, MiB, PlacementDevice } from '../model/firmware/placement';
import { placementDevice } from '../model/firmware/regions';
import { evaluate, Outcome, outcomesLabel, PlatformFacts } from '../model/firmware/scenarios';
import type { PassthroughDevice } from '../model/vm';
import type { LibvirtContext } from './context';
import { platformFacts } from './platform';

export interface FirmwareAnalysis {
  platform: PlatformFacts;
  devices: PassthroughDevice[];
  placement: PlacementDevice[];
  /** 64-bit address space each device needs (its root-port window on q35), bytes. */
  need: number[];
  outcomes: Outcome[];
}

const cache = new WeakMap<object, FirmwareAnalysis | null>();

export function firmwareAnalysis(ctx: LibvirtContext): FirmwareAnalysis | undefined {
  const key = ctx.model;
  if (cache.has(key)) return cache.get(key) ?? undefined;
  let result: FirmwareAnalysis | null = null;
  const facts = ctx.domain;
  const platform = facts ? platformFacts(ctx.doc, facts, ctx.model, ctx.host) : undefined;
  if (platform) {
    const devices: PassthroughDevice[] = [];
    const placement: PlacementDevice[] = [];
    for (const d of ctx.model.devices) {
      if (d.kind !== 'passthrough') continue;
      const p = placementDevice(d);
      if (!p) continue;
      devices.push(d);
      placement.push(p);
    }
    const need = devicesNeed(placement, platform.machine);
    if (need.some((n) => n > 0)) result = { platform, devices, placement, need, outcomes: evaluate(platform, placement) };
  }
  cache.set(key, result);
  return result ?? undefined;
}

export function deviceName(d: PassthroughDevice): string {
  const name = d.gpu?.name.replace(/^NVIDIA (Tesla )?/, '');
  return name ? `${d.label} (${name})` : d.label;
}

/** "BAR1 128 GiB + BAR3 32 MiB → a 256 GiB root-port window". */
export function needText(fa: FirmwareAnalysis, i: number): string {
  const regions = fa.placement[i].regions.filter((r) => r.is64 && r.sizeBytes > 0 && (fa.platform.machine === 'i440fx' || r.prefetchable));
  const parts = regions.map((r) => formatSize(r.sizeBytes / MiB));
  const sum = regions.reduce((s, r) => s + r.sizeBytes, 0);
  const where = fa.platform.machine === 'q35' ? 'root-port window' : '64-bit space';
  if (parts.length <= 1 || sum === fa.need[i]) return `${parts.join(' + ')} of 64-bit BARs`;
  return `${parts.join(' + ')} of 64-bit BARs → a ${formatBytes(fa.need[i])} ${where} (aligned to its largest BAR)`;
}

export function totalNeed(fa: FirmwareAnalysis): number {
  return fa.need.reduce((s, n) => s + n, 0);
}

/** The smallest power-of-two aperture, in MiB, that holds every device's 64-bit window (at least 32 GiB). */
export function suggestedApertureMb(fa: FirmwareAnalysis): number {
  const total = totalNeed(fa);
  return Math.max(32 * GiB, 2 ** Math.ceil(Math.log2(total))) / MiB;
}

/** Groups outcomes by a text: "A" when one text covers them all, else "with X: A; with Y: B". */
export function describeOutcomes(outcomes: Outcome[], fa: FirmwareAnalysis, text: (o: Outcome) => string): string {
  const groups = new Map<string, Outcome[]>();
  for (const o of outcomes) groups.set(text(o), [...(groups.get(text(o)) ?? []), o]);
  if (groups.size === 1 && outcomes.length === fa.outcomes.length) return [...groups.keys()][0];
  return [...groups.entries()].map(([t, group]) => `${t} (${outcomesLabel(group, fa.platform)})`).join('; ');
}

/** One line: does everything fit, and where; under which combinations not. */
export function verdictSummary(fa: FirmwareAnalysis): string {
  const failing = fa.outcomes.filter((o) => !o.result.ok);
  const windows = (os: Outcome[]): string => [...new Set(os.map((o) => o.result.aperture.short))].join(' / ');
  if (failing.length === 0) return `fits (${windows(fa.outcomes)})`;
  if (failing.length === fa.outcomes.length) return `does not fit (${windows(fa.outcomes)})`;
  const window = (o: Outcome): string => o.result.aperture.short;
  return `fits with ${describeOutcomes(fa.outcomes.filter((o) => o.result.ok), fa, window)}; not with ${describeOutcomes(failing, fa, window)}`;
}
