// Every rule's metadata in one place (ids are the contract: diagnostics' code, settings, suppressions, CLI).
import { FORMATS } from '../formats';
import type { RuleMeta } from './types';

let cached: Map<string, RuleMeta> | undefined;

export function allRuleMeta(): Map<string, RuleMeta> {
  if (!cached) cached = new Map(FORMATS.flatMap((f) => f.rules).map((m) => [m.id, m]));
  return cached;
}

/**
 * Ids that no longer report anything, with why. Settings, `.vgpu-lint.json` and suppression comments that name
 * them stay valid (they simply have no effect), so a configuration written for an older version keeps working.
 */
export const RETIRED_RULE_IDS: ReadonlyMap<string, string> = new Map([
  [
    'libvirt/bios-large-bar',
    'SeaBIOS maps large 64-bit BARs above 4 GB (measured in the firmware lab); what can still fail under SeaBIOS is reported by libvirt/phys-bits',
  ],
]);

let ids: Set<string> | undefined;

export function knownRuleIds(): ReadonlySet<string> {
  if (!ids) ids = new Set([...allRuleMeta().keys(), ...RETIRED_RULE_IDS.keys()]);
  return ids;
}
