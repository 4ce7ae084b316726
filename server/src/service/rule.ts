// What a rule is: metadata (id, default severity, description) and check(context) → findings.
import type { Range } from 'vscode-languageserver-types';
import type { HostInventory } from '../host/inventory';
import type { ModelFixes, VmModel } from '../model/vm';
import type { Client, Finding, RuleMeta, Settings } from './types';

export interface ModelContext {
  model: VmModel;
  fixes: ModelFixes;
  settings: Settings;
  host?: HostInventory;
  /** Who the messages are for (default: the editor). */
  client?: Client;
}

export interface Rule<C> {
  meta: RuleMeta;
  check(ctx: C): Finding[];
}

/** Small helper so rule files read as data. */
export function defineRule<C>(meta: RuleMeta, check: (ctx: C) => Finding[]): Rule<C> {
  return { meta, check };
}

export function finding(ruleId: string, range: Range, message: string, extra: Partial<Finding> = {}): Finding {
  return { ruleId, range, message, ...extra };
}
