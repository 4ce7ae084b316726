import type { TextEdit } from 'vscode-languageserver-types';
import { mmioNeed } from '../../model/mmioNeed';
import { defineRule, finding } from '../../service/rule';
import type { Finding } from '../../service/types';
import type { LibvirtContext } from '../context';
import { ApertureSetting, OVMF_MMIO64_KNOB, QEMU_NS } from '../facts';
import { OVMF_DEFAULT_APERTURE_GB } from '../ovmf';
import { attrValue, indentUnit } from '../xml/dom';

/** The edit that sets the aperture to `gb`: the existing number, in its own unit. */
function resize(ctx: LibvirtContext, a: ApertureSetting, gb: number): TextEdit | undefined {
  if (a.source === 'fw_cfg') return ctx.edits.replace(a.valueSpan, String(gb * 1024));
  const unit = (attrValue(a.element, 'unit') ?? 'KiB').toLowerCase();
  const perGb: Record<string, number> = { kib: 1024 * 1024, k: 1024 * 1024, mib: 1024, m: 1024, gib: 1, g: 1, b: 1024 ** 3, bytes: 1024 ** 3 };
  const factor = perGb[unit];
  return factor ? ctx.edits.replace(a.valueSpan, String(gb * factor)) : undefined;
}

/** Adds the fw_cfg option (and the qemu namespace on <domain> when missing). */
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

export const mmioWindowRule = defineRule<LibvirtContext>(
  { id: 'libvirt/mmio-window', defaultSeverity: 'error', description: "The guest's 64-bit PCI aperture (OVMF X-PciMmio64Mb or pcihole64) is smaller than the GPUs' BARs need.", fixable: true },
  (ctx) => {
    const facts = ctx.domain;
    if (!facts) return [];
    const need = mmioNeed(ctx.model);
    if (need.requiredGb === 0) return [];
    // Under SeaBIOS no BAR goes above 4 GB at all (libvirt/bios-large-bar). The aperture is still reported,
    // so the user learns before reinstalling the guest under UEFI that OVMF's window must grow too;
    // the fw_cfg option is ignored by SeaBIOS, so the fix is harmless until then.
    const underBios = ctx.model.firmware.kind === 'bios' ? ` This applies once the VM boots with UEFI: under BIOS no BAR is mapped above 4 GB at all (libvirt/bios-large-bar).` : '';
    const out: Finding[] = [];
    const aperture = facts.fwCfg ?? facts.pcihole64;
    const suggestedMb = need.suggestedGb * 1024;
    if (aperture) {
      const gb = aperture.mb / 1024;
      if (gb >= need.requiredGb) return [];
      const what = aperture.source === 'fw_cfg' ? `X-PciMmio64Mb = ${aperture.mb} (${gb} GB)` : `pcihole64 = ${gb} GB`;
      const edit = resize(ctx, aperture, need.suggestedGb);
      out.push(
        finding('libvirt/mmio-window', ctx.range(aperture.valueSpan), `${what} is too small for the GPUs: ${need.explanation}. Use at least ${need.requiredGb} GB${need.suggestedGb > need.requiredGb ? ` (NVIDIA recommends ${need.suggestedGb} GB)` : ''}; otherwise the BARs do not fit and the guest shows "NVRM: BAR0 is 0M @ 0x0".${underBios}`, {
          fixes: edit ? [{ title: `Set the aperture to ${need.suggestedGb} GB`, edits: [edit], safe: true }] : [],
        }),
      );
      return out;
    }
    if (need.requiredGb <= OVMF_DEFAULT_APERTURE_GB) return [];
    out.push(
      finding(
        'libvirt/mmio-window',
        need.sized[0].range,
        `The GPUs need a ${need.requiredGb} GB 64-bit MMIO aperture (${need.explanation}), but none is configured and OVMF's default is ${OVMF_DEFAULT_APERTURE_GB} GB. Add -fw_cfg name=${OVMF_MMIO64_KNOB},string=${suggestedMb} through <qemu:commandline> (or size <pcihole64>); otherwise the guest shows "NVRM: BAR0 is 0M @ 0x0".${underBios}`,
        { severity: 'warning', fixes: [{ title: `Add the OVMF fw_cfg aperture (${need.suggestedGb} GB)`, edits: addFwCfgEdits(ctx, suggestedMb), safe: true }] },
      ),
    );
    return out;
  },
);
