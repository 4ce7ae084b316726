// VMX front end: parse → model → rules. Returns everything the editor features need.
import type { HostInventory } from '../host/inventory';
import type { VmModel } from '../model/vm';
import type { LineIndex } from '../service/text';
import type { Client, Finding, Settings } from '../service/types';
import { runRules } from '../service/wholeVm';
import { buildVmxModel } from './adapter';
import type { VmxContext } from './context';
import { VmxEdits } from './edits';
import { parseVmx, VmxDocument } from './parser';
import { VMX_RULES } from './rules';

export interface VmxAnalysis {
  kind: 'vmx';
  doc: VmxDocument;
  /** The document's line index (doc.index), as every format's analysis carries it. */
  index: LineIndex;
  model: VmModel;
  edits: VmxEdits;
  findings: Finding[];
}

export function analyseVmx(text: string, settings: Settings, host?: HostInventory, client: Client = 'editor'): VmxAnalysis {
  const doc = parseVmx(text);
  const model = buildVmxModel(doc, { gpuMap: settings.gpuMap, ...(host ? { host } : {}) });
  const edits = new VmxEdits(doc);
  const ctx: VmxContext = {
    doc,
    model,
    edits,
    settings,
    client,
    ...(host ? { host } : {}),
    range: (span) => doc.index.range(span),
    fixes: { setEfiFirmware: () => [edits.set('firmware', 'efi', ['firmware', 'guestos'])] },
  };
  // With a broken line the whole-VM rules wait until the syntax is fixed (see service/wholeVm.ts).
  const broken = doc.lines.some((l) => l.kind === 'invalid');
  const findings = runRules(VMX_RULES, ctx, settings, broken);
  return { kind: 'vmx', doc, index: doc.index, model, edits, findings };
}
