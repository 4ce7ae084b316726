// libvirt/phys-bits: the firmware places a GPU's 64-bit BARs beyond the guest CPU's physical address bits, where
// the guest cannot reach them. SeaBIOS places 64-bit BARs above RAM with no upper bound (two 512 GiB BARs on a
// 40-bit guest: the second lands at 1 TiB and the guest logs "can't assign; no space"); OVMF's classic aperture
// (X-PciMmio64Mb) can end beyond 2^bits too. Measured in the firmware lab (docs/firmware-lab.md).
import type { TextEdit } from 'vscode-languageserver-types';
import { physBitsVerdict } from '../../model/firmware/analysis';
import { defineRule, finding } from '../../service/rule';
import type { Fix } from '../../service/types';
import type { LibvirtContext } from '../context';
import { firmwareAnalysis } from '../firmware';
import { attr, attrValue, child } from '../xml/dom';

export const RULE_ID = 'libvirt/phys-bits';

export const physBitsRule = defineRule<LibvirtContext>(
  { id: RULE_ID, defaultSeverity: 'error', description: "The firmware places the GPUs' 64-bit BARs beyond the guest's physical address bits.", fixable: true },
  (ctx) => {
    const facts = ctx.domain;
    const fa = firmwareAnalysis(ctx);
    if (!facts || !fa) return [];
    const verdict = physBitsVerdict(fa);
    if (!verdict) return [];
    const { all, device: i, neededBits, text } = verdict;
    const q = ctx.edits.quote;
    const fixes: Fix[] = [];
    const mpa = facts.maxphysaddr;
    const cpu = facts.cpu;
    const cpuMode = attrValue(cpu, 'mode');
    const hostCpu = (cpuMode === 'host-passthrough' || cpuMode === 'maximum') && attrValue(facts.domain, 'type') !== 'qemu';
    let advice: string;
    let range = fa.devices[i].range;
    if (mpa) {
      const mode = attrValue(mpa, 'mode');
      const bitsAttr = mode === 'emulate' ? attr(mpa, 'bits') : attr(mpa, 'limit');
      advice = mode === 'emulate' ? `Raise bits to ${neededBits} (at most the host CPU's own), or use <maxphysaddr mode=${q}passthrough${q}/>.` : `Raise the limit to at least ${neededBits}.`;
      const span = bitsAttr?.innerSpan ?? bitsAttr?.valueSpan;
      if (span) range = ctx.range(span);
      if (bitsAttr) fixes.push({ title: `Set ${bitsAttr.name}=${neededBits}`, edits: [ctx.edits.setAttributeValue(bitsAttr, String(neededBits))], safe: mode !== 'emulate' });
    } else if (hostCpu) {
      advice = `With ${cpuMode}, QEMU ≥ 6.0 already passes the host's address bits; on older QEMU add <maxphysaddr mode=${q}passthrough${q}/> to <cpu> (libvirt ≥ 8.7).`;
    } else {
      advice = `Give the guest more address bits: <maxphysaddr mode=${q}emulate${q} bits=${q}${neededBits}${q}/> in <cpu> (libvirt ≥ 8.7; at most the host CPU's own bits), or host-passthrough.`;
      const line = `<maxphysaddr mode=${q}emulate${q} bits=${q}${neededBits}${q}/>`;
      let edit: TextEdit | undefined;
      if (cpu && !cpu.selfClosing) edit = ctx.edits.appendChildLines(cpu, [line]);
      else if (!cpu && child(facts.domain, 'os')) edit = ctx.edits.insertAfter(child(facts.domain, 'os')!, ['<cpu>', `  ${line}`, '</cpu>']);
      if (edit) fixes.push({ title: `Emulate ${neededBits} physical address bits (needs a host CPU with at least as many)`, edits: [edit], safe: false });
    }
    return [finding(RULE_ID, range, `${text} ${advice} CPU: ${fa.platform.cpuWhy}.`, { ...(all ? {} : { severity: 'warning' as const }), fixes })];
  },
);
