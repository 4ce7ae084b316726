// The firmware model applied to a libvirt domain (model/firmware/analysis.ts): the platform it describes
// (platform.ts) and its sized devices. Shared by the mmio-window and phys-bits rules, the hover and the code lens;
// computed once per analysis.
import { analyseFirmware, FirmwareAnalysis } from '../model/firmware/analysis';
import type { LibvirtContext } from './context';
import { platformFacts } from './platform';

export { deviceName, describeOutcomes, needText, suggestedApertureMb, totalNeed, verdictSummary } from '../model/firmware/analysis';
export type { FirmwareAnalysis };

const cache = new WeakMap<object, FirmwareAnalysis | null>();

export function firmwareAnalysis(ctx: LibvirtContext): FirmwareAnalysis | undefined {
  const key = ctx.model;
  if (cache.has(key)) return cache.get(key) ?? undefined;
  const facts = ctx.domain;
  const platform = facts ? platformFacts(ctx.doc, facts, ctx.model, ctx.host) : undefined;
  const result = platform ? analyseFirmware(platform, ctx.model) : undefined;
  cache.set(key, result ?? null);
  return result;
}
