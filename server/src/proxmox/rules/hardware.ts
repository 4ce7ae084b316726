// proxmox/mmio-window and proxmox/phys-bits: the hardware rules of the firmware model (model/firmware/, proven
// against the firmware lab's truth table) on a Proxmox VM, with the same arithmetic as libvirt/mmio-window and
// libvirt/phys-bits; the fixes are Proxmox's: `args: -fw_cfg name=opt/ovmf/X-PciMmio64Mb,string=N`, `cpu: …,phys-bits=N`.
import { describeOutcomes, deviceName, needText, suggestedApertureMb } from '../../model/firmware/analysis';
import { formatAddress, formatBytes, MiB } from '../../model/firmware/placement';
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
    const ovmf = fa.outcomes.filter((o) => o.build.build !== 'seabios');
    const failing = ovmf.filter((o) => o.result.devices.some((d) => !d.placed));
    if (ovmf.length === 0 || failing.length === 0) return [];
    const all = failing.length === ovmf.length;
    const first = failing[0].result.devices.findIndex((d) => !d.placed);
    const unplaced = fa.devices.filter((_, i) => failing.some((o) => !o.result.devices[i].placed));
    const suggestedMb = suggestedApertureMb(fa);
    const needs = fa.devices.map((d, i) => (fa.devices.length > 1 ? `${deviceName(d)}: ${needText(fa, i)}` : needText(fa, i))).join('; ');
    const fitting = ovmf.filter((o) => !failing.includes(o));
    const window = (o: (typeof ovmf)[number]) => o.result.aperture.short;
    const depends = all
      ? `OVMF has ${describeOutcomes(failing, fa, window)}.`
      : `That depends on what the file does not say: no space in ${describeOutcomes(failing, fa, window)}; it fits in ${describeOutcomes(fitting, fa, window)}.`;
    const symptom = `Without space the firmware leaves the BARs unassigned (guest: "BAR 1: no space"; NVIDIA: "NVRM: BAR1 is 0M @ 0x0").`;
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
      finding('proxmox/mmio-window', range, `OVMF cannot place ${unplaced.map(deviceName).join(', ')}: ${needs}. ${depends} ${symptom} ${advice} CPU: ${fa.platform.cpuWhy}.`, {
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
    const beyond = fa.outcomes.filter((o) => o.result.devices.some((d) => d.placed && d.beyondPhysBits));
    if (beyond.length === 0) return [];
    const all = beyond.length === fa.outcomes.length;
    const o = beyond[0];
    const i = o.result.devices.findIndex((d) => d.placed && d.beyondPhysBits);
    const d = o.result.devices[i];
    const end = d.start! + d.needBytes;
    const neededBits = Math.ceil(Math.log2(Math.max(...o.result.devices.filter((x) => x.placed && x.start !== undefined).map((x) => x.start! + x.needBytes))));
    const where = (x: typeof o): string => {
      const a = x.result.aperture;
      const bits = Math.log2(x.result.guestLimit);
      return `${a.kind === 'seabios' ? 'SeaBIOS places the 64-bit BARs above RAM from' : `OVMF's ${a.short.replace(/^the /, '')} starts at`} ${formatBytes(a.base)}, beyond the guest's ${bits} physical address bits (${formatBytes(x.result.guestLimit)})`;
    };
    const text = `${deviceName(fa.devices[i])} would be mapped at ${formatAddress(d.start!)}–${formatAddress(end - 1)}: ${describeOutcomes(beyond, fa, where)}. The guest cannot use a BAR there ("can't assign; no space"; NVIDIA: "NVRM: BAR1 is 0M @ 0x0").`;
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
