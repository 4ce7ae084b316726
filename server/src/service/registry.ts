// Every rule's metadata in one place (ids are the contract: diagnostics' code, settings, suppressions, CLI).
import { LIBVIRT_RULES } from '../libvirt/rules';
import { VMX_RULES } from '../vmx/rules';
import type { RuleMeta } from './types';

let cached: Map<string, RuleMeta> | undefined;

export function allRuleMeta(): Map<string, RuleMeta> {
  if (!cached) cached = new Map([...VMX_RULES.map((r) => r.meta), ...LIBVIRT_RULES.map((r) => r.meta)].map((m) => [m.id, m]));
  return cached;
}

let ids: Set<string> | undefined;

export function knownRuleIds(): ReadonlySet<string> {
  if (!ids) ids = new Set(allRuleMeta().keys());
  return ids;
}
