// Proxmox VE front end: parse → facts (current config only) → model → rules.
import type { HostInventory } from '../host/inventory';
import { analyseFirmware, FirmwareAnalysis } from '../model/firmware/analysis';
import type { VmModel } from '../model/vm';
import type { LineIndex } from '../service/text';
import type { Client, Finding, Settings } from '../service/types';
import { runRules } from '../service/wholeVm';
import { buildProxmoxModel } from './adapter';
import type { ProxmoxContext } from './context';
import { ProxmoxFacts, readProxmoxFacts } from './facts';
import { parseProxmox, PxDocument } from './parser';
import { platformFacts } from './platform';
import { PROXMOX_RULES } from './rules';

export interface ProxmoxAnalysis {
  kind: 'proxmox';
  index: LineIndex;
  doc: PxDocument;
  facts: ProxmoxFacts;
  model: VmModel;
  firmware?: FirmwareAnalysis;
  findings: Finding[];
  host?: HostInventory;
}

export function analyseProxmox(text: string, settings: Settings, host?: HostInventory, client: Client = 'editor', vmid?: number): ProxmoxAnalysis {
  const doc = parseProxmox(text);
  const facts = readProxmoxFacts(doc);
  const model = buildProxmoxModel(doc, facts, { gpuMap: settings.gpuMap, ...(host ? { host } : {}) });
  const platform = platformFacts(doc, facts, model, host);
  const firmware = platform ? analyseFirmware(platform, model) : undefined;
  const ctx: ProxmoxContext = {
    doc,
    ...(vmid !== undefined ? { vmid } : {}),
    facts,
    model,
    settings,
    client,
    ...(host ? { host } : {}),
    ...(firmware ? { firmware } : {}),
    range: (span) => doc.index.range(span),
    fixes: {},
  };
  // With a line Proxmox cannot read, the whole-VM rules wait until it is fixed (see service/wholeVm.ts).
  const broken = doc.lines.some((l) => l.kind === 'invalid' && l.section?.kind !== 'unknown');
  const findings = runRules(PROXMOX_RULES, ctx, settings, broken);
  return { kind: 'proxmox', index: doc.index, doc, facts, model, ...(firmware ? { firmware } : {}), findings, ...(host ? { host } : {}) };
}
