// The firmware model applied to one VM, whatever its format: the platform its file describes, its sized devices,
// and where the firmware would put their 64-bit BARs under every combination the file leaves open. The front
// ends build the PlatformFacts (libvirt/platform.ts, proxmox/platform.ts); the MMIO-window and phys-bits rules,
// hovers and code lenses of every format read the result.
import { formatSize } from '../../catalog/mmio';
import { devicesNeed, formatAddress, formatBytes, GiB, MiB, PlacementDevice } from './placement';
import { placementDevice } from './regions';
import { BuildChoice, CpuChoice, evaluate, HOST_CPU_CHOICES, OVMF_BUILDS, Outcome, outcomesLabel, PlatformFacts } from './scenarios';
import type { HostInventory } from '../../host/inventory';
import type { PassthroughDevice, VmModel } from '../vm';

export interface FirmwareAnalysis {
  platform: PlatformFacts;
  devices: PassthroughDevice[];
  placement: PlacementDevice[];
  /** 64-bit address space each device needs (its root-port window on q35), bytes. */
  need: number[];
  outcomes: Outcome[];
}

/** The host CPUs that stand for "the host decides", limited in address bits and with a 1 GiB-pages choice when the file says. */
export function hostChoices(limit: number | undefined, pdpe1gb: boolean | undefined): CpuChoice[] {
  return HOST_CPU_CHOICES.map((c) => ({
    label: c.label,
    cpu: { ...c.cpu, physBits: limit !== undefined ? Math.min(limit, c.cpu.physBits) : c.cpu.physBits, pdpe1gb: pdpe1gb ?? c.cpu.pdpe1gb },
  }));
}

/** Which OVMF generation the host has, when the inventory can tell; otherwise both. */
export function ovmfBuilds(host: HostInventory | undefined): BuildChoice[] {
  const v = host?.ovmfVersion?.();
  if (!v) return OVMF_BUILDS;
  const dynamic = v.release >= 202211;
  return [{ build: dynamic ? 'ovmf-dynamic' : 'ovmf-classic', label: `the host's OVMF ${v.version} (${v.source})` }];
}

/** Undefined when no passthrough device needs 64-bit space. */
export function analyseFirmware(platform: PlatformFacts, model: VmModel): FirmwareAnalysis | undefined {
  const devices: PassthroughDevice[] = [];
  const placement: PlacementDevice[] = [];
  for (const d of model.devices) {
    if (d.kind !== 'passthrough') continue;
    const p = placementDevice(d);
    if (!p) continue;
    devices.push(d);
    placement.push(p);
  }
  const need = devicesNeed(placement, platform.machine);
  return need.some((n) => n > 0) ? { platform, devices, placement, need, outcomes: evaluate(platform, placement) } : undefined;
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

/** One line: does everything fit, under which combinations not. */
export function verdictSummary(fa: FirmwareAnalysis): string {
  const failing = fa.outcomes.filter((o) => !o.result.ok);
  const window = (o: Outcome): string => o.result.aperture.short;
  const windows = (os: Outcome[]): string => [...new Set(os.map(window))].join(' / ');
  if (failing.length === 0) return `fits (${windows(fa.outcomes)})`;
  if (failing.length === fa.outcomes.length) return `does not fit (${windows(fa.outcomes)})`;
  return `fits with ${describeOutcomes(fa.outcomes.filter((o) => o.result.ok), fa, window)}; not with ${describeOutcomes(failing, fa, window)}`;
}

/** BARs the firmware places beyond the guest's address bits: which device, the bits needed, the explanation. */
export interface PhysBitsVerdict {
  /** Every combination places them there (an error), or only some (a warning). */
  all: boolean;
  /** Index into fa.devices of the first device placed out of reach. */
  device: number;
  /** The fewest address bits that reach every placed BAR. */
  neededBits: number;
  text: string;
}

export function physBitsVerdict(fa: FirmwareAnalysis): PhysBitsVerdict | undefined {
  const beyond = fa.outcomes.filter((o) => o.result.devices.some((d) => d.placed && d.beyondPhysBits));
  if (beyond.length === 0) return undefined;
  const o = beyond[0];
  const i = o.result.devices.findIndex((d) => d.placed && d.beyondPhysBits);
  const d = o.result.devices[i];
  const end = d.start! + d.needBytes;
  const neededBits = Math.ceil(Math.log2(Math.max(...o.result.devices.filter((x) => x.placed && x.start !== undefined).map((x) => x.start! + x.needBytes))));
  const where = (x: Outcome): string => {
    const a = x.result.aperture;
    const bits = Math.log2(x.result.guestLimit);
    return `${a.kind === 'seabios' ? 'SeaBIOS places the 64-bit BARs above RAM from' : `OVMF's ${a.short.replace(/^the /, '')} starts at`} ${formatBytes(a.base)}, beyond the guest's ${bits} physical address bits (${formatBytes(x.result.guestLimit)})`;
  };
  return {
    all: beyond.length === fa.outcomes.length,
    device: i,
    neededBits,
    text: `${deviceName(fa.devices[i])} would be mapped at ${formatAddress(d.start!)}–${formatAddress(end - 1)}: ${describeOutcomes(beyond, fa, where)}. The guest cannot use a BAR there ("can't assign; no space"; NVIDIA: "NVRM: BAR1 is 0M @ 0x0").`,
  };
}

/** OVMF leaves BARs unassigned: which devices, whether every combination does, and the explanation. */
export interface MmioWindowVerdict {
  all: boolean;
  /** Index into fa.devices of the first device left unassigned. */
  device: number;
  /** "OVMF cannot place …: …. OVMF has …. Without space …" (the advice is the format's). */
  text: string;
  suggestedMb: number;
}

export function mmioWindowVerdict(fa: FirmwareAnalysis): MmioWindowVerdict | undefined {
  const ovmf = fa.outcomes.filter((o) => o.build.build !== 'seabios');
  const failing = ovmf.filter((o) => o.result.devices.some((d) => !d.placed));
  if (ovmf.length === 0 || failing.length === 0) return undefined;
  const all = failing.length === ovmf.length;
  const unplaced = fa.devices.filter((_, i) => failing.some((o) => !o.result.devices[i].placed));
  const needs = fa.devices.map((d, i) => (fa.devices.length > 1 ? `${deviceName(d)}: ${needText(fa, i)}` : needText(fa, i))).join('; ');
  const window = (o: Outcome): string => o.result.aperture.short;
  const fitting = ovmf.filter((o) => !failing.includes(o));
  const depends = all
    ? `OVMF has ${describeOutcomes(failing, fa, window)}.`
    : `That depends on what the file does not say: no space in ${describeOutcomes(failing, fa, window)}; it fits in ${describeOutcomes(fitting, fa, window)}.`;
  return {
    all,
    device: failing[0].result.devices.findIndex((d) => !d.placed),
    text: `OVMF cannot place ${unplaced.map(deviceName).join(', ')}: ${needs}. ${depends} Without space the firmware leaves the BARs unassigned (guest: "BAR 1: no space"; NVIDIA: "NVRM: BAR1 is 0M @ 0x0").`,
    suggestedMb: suggestedApertureMb(fa),
  };
}
