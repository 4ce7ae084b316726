// Checks shared by every way settings arrive (CLI flags, `.vgpu-lint.json`, editor settings): a rule
// id must name a rule, a gpuMap entry must be a PCI address and a catalog GPU. A typo here would
// otherwise be accepted silently and the setting would simply never apply.
import { findGpuById, GPUS } from '../catalog/gpus';
import { formatLspciAddress, parseLspciAddress } from '../host/inventory';
import { allRuleMeta, RETIRED_RULE_IDS } from '../service/registry';
import { closest } from '../util/strings';

export type Checked<T> = { ok: true; value: T } | { ok: false; problem: string };

function didYouMean(word: string, candidates: Iterable<string>): string | undefined {
  const best = closest(word, candidates)[0];
  return best === undefined ? undefined : `did you mean "${best}"?`;
}

/** Why `id` is not a rule id, or undefined when it is one. */
export function unknownRuleProblem(id: string): string | undefined {
  const ids = allRuleMeta();
  if (ids.has(id) || RETIRED_RULE_IDS.has(id)) return undefined;
  const hint = didYouMean(id, ids.keys()) ?? 'rule ids look like "vmx/unknown-key" or "libvirt/schema"';
  return `unknown rule id (${hint})`;
}

/** A gpuMap entry with its address in canonical lspci form (so a CLI flag and a config entry for one device are one key). */
export function checkGpuMapEntry(address: string, model: unknown): Checked<[address: string, model: string]> {
  const a = parseLspciAddress(address);
  if (!a) return { ok: false, problem: `"${address}" is not a PCI address like 0000:3b:00.0` };
  if (typeof model !== 'string') return { ok: false, problem: 'the GPU model must be a string' };
  if (!findGpuById(model)) {
    const ids = GPUS.map((g) => g.id);
    return { ok: false, problem: `unknown GPU model "${model}" (${didYouMean(model, ids) ?? `known: ${ids.join(', ')}`})` };
  }
  return { ok: true, value: [formatLspciAddress(a), model] };
}
