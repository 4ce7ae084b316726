// proxmox/mmio-window and proxmox/phys-bits: the hardware rules of the firmware model (model/firmware/, proven
// against the firmware lab's truth table) on a Proxmox VM, with the same arithmetic as libvirt/mmio-window and
// libvirt/phys-bits; the fixes are Proxmox's: `args: -fw_cfg name=opt/ovmf/X-PciMmio64Mb,string=N`, `cpu: …,phys-bits=N`.
import { mmioWindowVerdict, physBitsVerdict } from '../../model/firmware/analysis';
import { formatBytes, MiB } from '../../model/firmware/placement';
import { defineRule, finding } from '../../service/rule';
import type { Fix } from '../../service/types';
import type { ProxmoxContext } from '../context';
import { insertLineAfter, replace } from '../edits';
import { OVMF_MMIO64_KNOB } from '../facts';

export const mmioWindowRule = defineRule<ProxmoxContext>(
  { id: 'proxmox/mmio-window', defaultSeverity: 'error', description: "OVMF's 64-bit PCI aperture (as the firmware sizes it) cannot hold the GPUs' BARs.", fixable: true },
  (ctx) => {
    const fa = ctx.firmware;
    if (!fa) return [];
    const verdict = mmioWindowVerdict(fa);
    if (!verdict) return [];
    const { all, device: first, suggestedMb } = verdict;
    const fixes: Fix[] = [];
    let range = fa.devices[first].range;
    let advice: string;
    const fw = ctx.facts.args?.fwCfg;
    const option = `-fw_cfg name=${OVMF_MMIO64_KNOB},string=${suggestedMb}`;
    if (fw) {
      range = ctx.range(fw.span);
      advice = `Set X-PciMmio64Mb to ${suggestedMb} (${formatBytes(suggestedMb * MiB)}).`;
      if (fw.mb < suggestedMb) fixes.push({ title: `Set the aperture to ${suggestedMb} MiB (${formatBytes(suggestedMb * MiB)})`, edits: [replace(ctx.doc, fw.span, String(suggestedMb))], safe: true });
    } else {
      advice = `Add ${option} (${formatBytes(suggestedMb * MiB)}) to args.`;
      const args = ctx.facts.args;
      const edit = args ? replace(ctx.doc, { start: args.line.value!.span.end, end: args.line.value!.span.end }, ` ${option}`) : insertLineAfter(ctx.doc, undefined, `args: ${option}`);
      fixes.push({ title: `Add the OVMF fw_cfg aperture (${formatBytes(suggestedMb * MiB)}) to args`, edits: [edit], safe: true });
    }
    return [
      finding('proxmox/mmio-window', range, `${verdict.text} ${advice} CPU: ${fa.platform.cpuWhy}.`, {
        ...(all ? {} : { severity: 'warning' as const }),
        fixes,
      }),
    ];
  },
);

export const physBitsRule = defineRule<ProxmoxContext>(
  { id: 'proxmox/phys-bits', defaultSeverity: 'error', description: "The firmware places the GPUs' 64-bit BARs beyond the guest's physical address bits.", fixable: true },
  (ctx) => {
    const fa = ctx.firmware;
    if (!fa) return [];
    const verdict = physBitsVerdict(fa);
    if (!verdict) return [];
    const { all, device: i, neededBits, text } = verdict;
    const cpu = ctx.facts.cpu;
    const fixes: Fix[] = [];
    let range = fa.devices[i].range;
    let advice: string;
    if (cpu?.physBits) {
      range = ctx.range(cpu.physBits.value.span);
      advice = `Raise phys-bits to ${neededBits} (at most the host CPU's own), or phys-bits=host.`;
      fixes.push({ title: `Set phys-bits=${neededBits}`, edits: [replace(ctx.doc, cpu.physBits.value.span, String(neededBits))], safe: false });
    } else if (cpu?.type === 'host') {
      advice = `With cpu: host, QEMU ≥ 6.0 already passes the host's address bits; add phys-bits=host to be explicit.`;
    } else {
      advice = `Give the guest more address bits: cpu: ${cpu?.type || 'kvm64'},phys-bits=${neededBits} (at most the host CPU's own bits), or phys-bits=host, or cpu: host.`;
      const edit = cpu ? replace(ctx.doc, { start: cpu.line.value!.span.end, end: cpu.line.value!.span.end }, `,phys-bits=${neededBits}`) : insertLineAfter(ctx.doc, undefined, `cpu: kvm64,phys-bits=${neededBits}`);
      fixes.push({ title: `Give the guest ${neededBits} physical address bits (needs a host CPU with at least as many)`, edits: [edit], safe: false });
    }
    return [finding('proxmox/phys-bits', range, `${text} ${advice} CPU: ${fa.platform.cpuWhy}.`, { ...(all ? {} : { severity: 'warning' as const }), fixes })];
  },
);
