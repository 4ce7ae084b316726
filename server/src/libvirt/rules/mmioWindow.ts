// libvirt/mmio-window: OVMF's 64-bit PCI aperture, as the firmware itself sizes it (model/firmware/placement.ts,
// proven against the lab's truth table), cannot hold the GPUs' BARs; and the fw_cfg knob written in a form QEMU
// cannot take. Where the outcome depends on what the file does not say (the host CPU's vendor under KVM, the OVMF
// build), every combination is evaluated: an error only when all of them fail, a warning naming them otherwise.
import type { TextEdit } from 'vscode-languageserver-types';
import { devicesNeed, formatBytes, MiB } from '../../model/firmware/placement';
import { placementDevice } from '../../model/firmware/regions';
import { defineRule, finding } from '../../service/rule';
import type { Finding, Fix } from '../../service/types';
import type { LibvirtContext } from '../context';
import { ApertureSetting, OVMF_MMIO64_KNOB, QEMU_NS } from '../facts';
import { mmioWindowVerdict } from '../../model/firmware/analysis';
import { deviceName, firmwareAnalysis } from '../firmware';
import { attr, indentAt, indentUnit } from '../xml/dom';

export const RULE_ID = 'libvirt/mmio-window';

/** Adds the fw_cfg option as two <qemu:arg> (and the qemu namespace on <domain> when missing). */
export function addFwCfgEdits(ctx: LibvirtContext, mb: number): TextEdit[] {
  const facts = ctx.domain!;
  const q = ctx.edits.quote;
  const edits: TextEdit[] = [];
  let prefix = facts.qemuPrefix;
  if (!prefix) {
    prefix = 'qemu';
    const last = facts.domain.attributes[facts.domain.attributes.length - 1];
    edits.push(ctx.edits.insertAttribute(facts.domain, 'xmlns:qemu', QEMU_NS, last));
  }
  const args = [`<${prefix}:arg value=${q}-fw_cfg${q}/>`, `<${prefix}:arg value=${q}name=${OVMF_MMIO64_KNOB},string=${mb}${q}/>`];
  const cmd = facts.qemuCommandline;
  if (cmd && cmd.name === `${prefix}:commandline` && !cmd.selfClosing) {
    edits.push(ctx.edits.appendChildLines(cmd, args));
  } else {
    const unit = indentUnit(ctx.doc);
    edits.push(ctx.edits.appendChildLines(facts.domain, [`<${prefix}:commandline>`, ...args.map((a) => unit + a), `</${prefix}:commandline>`]));
  }
  return edits;
}

/** `-fw_cfg` and its value in one <qemu:arg>, or the value without `-fw_cfg` before it: QEMU does not start. */
function argvFindings(ctx: LibvirtContext): Finding[] {
  const facts = ctx.domain!;
  const out: Finding[] = [];
  const q = ctx.edits.quote;
  for (const p of facts.fwCfgProblems) {
    const value = attr(p.arg, 'value')!;
    const range = ctx.range(value.valueSpan ?? p.arg.nameSpan);
    const prefix = p.arg.name.includes(':') ? p.arg.name.slice(0, p.arg.name.indexOf(':') + 1) : '';
    if (p.kind === 'joined') {
      const rest = value.raw.replace(/^\s*--?fw_cfg[\s=]+/, '');
      const fix: Fix = {
        title: 'Split into two <qemu:arg>: -fw_cfg, then its value',
        edits: [ctx.edits.replace({ start: p.arg.start, end: p.arg.end }, `<${prefix}arg value=${q}-fw_cfg${q}/>`), ctx.edits.insertAfter(p.arg, [`<${prefix}arg value=${q}${rest}${q}/>`])],
        safe: true,
      };
      out.push(
        finding(
          RULE_ID,
          range,
          `libvirt passes each <qemu:arg> to QEMU as exactly one argument, so QEMU receives "${value.raw.trim().split(/\s+/)[0]} …" as a single unknown option and the VM does not start. Write -fw_cfg and name=${OVMF_MMIO64_KNOB},string=… as two <qemu:arg> elements.`,
          { fixes: [fix] },
        ),
      );
    } else {
      const fix: Fix = { title: 'Insert <qemu:arg value="-fw_cfg"/> before it', edits: [ctx.edits.insert(p.arg.start, `<${prefix}arg value=${q}-fw_cfg${q}/>${ctx.edits.eol}${indentAt(ctx.doc.text, p.arg.start)}`)], safe: true };
      out.push(
        finding(
          RULE_ID,
          range,
          `This <qemu:arg> has no -fw_cfg before it: QEMU takes "${value.raw.trim().slice(0, 60)}" for a disk image and the VM does not start (libvirt passes each <qemu:arg> as one argument). Put <qemu:arg value='-fw_cfg'/> right before it.`,
          { fixes: [fix] },
        ),
      );
    }
  }
  return out;
}

/** QEMU's aarch64 "virt" machine: the second (64-bit) PCIe window is 512 GiB (hw/arm/virt.c extended_memmap). */
export const ARM_VIRT_HIGH_PCIE_MMIO = 512 * 2 ** 30;

function aarch64Findings(ctx: LibvirtContext): Finding[] {
  const facts = ctx.domain!;
  if (facts.arch !== 'aarch64' || !/^virt\b/.test(facts.machine?.value.trim() ?? '')) return [];
  const sized = ctx.model.devices.map((d) => ({ d, p: d.kind === 'passthrough' ? placementDevice(d) : undefined })).filter((x) => x.p);
  if (sized.length === 0) return [];
  const need = devicesNeed(sized.map((x) => x.p!), 'q35');
  const total = need.reduce((a, b) => a + b, 0);
  if (total <= ARM_VIRT_HIGH_PCIE_MMIO) return [];
  return [
    finding(
      RULE_ID,
      sized[0].d.range,
      `QEMU's aarch64 "virt" machine has a 512 GiB 64-bit PCIe window (hw/arm/virt.c), but the devices need ${formatBytes(total)} (${sized.map((x, i) => `${deviceName(x.d)}: ${formatBytes(need[i])}`).join('; ')}). Unless the QEMU in use can enlarge it (newer QEMU: -machine highmem-mmio-size), the firmware cannot place every BAR. (OVMF's x86 X-PciMmio64Mb option does not apply to this machine.)`,
      { severity: 'warning' },
    ),
  ];
}

function resizeEdit(ctx: LibvirtContext, a: ApertureSetting, mb: number): TextEdit {
  return ctx.edits.replace(a.valueSpan, String(mb));
}

export const mmioWindowRule = defineRule<LibvirtContext>(
  {
    id: RULE_ID,
    defaultSeverity: 'error',
    description: "OVMF's 64-bit PCI aperture (as the firmware sizes it) cannot hold the GPUs' BARs, or its fw_cfg option is written in a form QEMU cannot take.",
    fixable: true,
  },
  (ctx) => {
    if (!ctx.domain) return [];
    const out = argvFindings(ctx);
    out.push(...aarch64Findings(ctx));
    const fa = firmwareAnalysis(ctx);
    if (!fa) return out;
    const verdict = mmioWindowVerdict(fa);
    if (!verdict) return out;
    const { all, device: first, suggestedMb } = verdict;
    const facts = ctx.domain;
    const hole = facts.pcihole64 && !facts.fwCfg ? ` <pcihole64> does not help: OVMF never reads it (it sizes QEMU's ACPI window; a Linux guest may move BARs there itself, Windows does not).` : '';
    const fixes: Fix[] = [];
    let range = fa.devices[first].range;
    let advice: string;
    const broken = !facts.fwCfg ? facts.fwCfgProblems.find((p) => p.mb !== undefined) : undefined;
    if (broken) {
      range = ctx.range(attr(broken.arg, 'value')?.valueSpan ?? broken.arg.nameSpan);
      advice = `Once the -fw_cfg argument is written as QEMU takes it, set X-PciMmio64Mb to ${suggestedMb} (${formatBytes(suggestedMb * MiB)}).`;
    } else if (facts.fwCfg) {
      range = ctx.range(facts.fwCfg.valueSpan);
      advice = `Set X-PciMmio64Mb to ${suggestedMb} (${formatBytes(suggestedMb * MiB)}).`;
      if (facts.fwCfg.mb < suggestedMb) fixes.push({ title: `Set the aperture to ${suggestedMb} MiB (${formatBytes(suggestedMb * MiB)})`, edits: [resizeEdit(ctx, facts.fwCfg, suggestedMb)], safe: true });
    } else {
      advice = `Add -fw_cfg name=${OVMF_MMIO64_KNOB},string=${suggestedMb} (${formatBytes(suggestedMb * MiB)}) as two <qemu:arg> in <qemu:commandline>.`;
      fixes.push({ title: `Add the OVMF fw_cfg aperture (${formatBytes(suggestedMb * MiB)})`, edits: addFwCfgEdits(ctx, suggestedMb), safe: true });
    }
    out.push(
      finding(RULE_ID, range, `${verdict.text} ${advice}${hole} CPU: ${fa.platform.cpuWhy}.`, {
        ...(all ? {} : { severity: 'warning' as const }),
        fixes,
      }),
    );
    return out;
  },
);
