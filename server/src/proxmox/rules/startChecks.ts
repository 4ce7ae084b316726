// The start-time checks of proxmox/qemu-server src/PVE/QemuServer/PCI.pm (parse_hostpci_devices, parse_hostpci,
// choose_hostpci_devices, print_hostpci_devices) brought into the editor, and two passthrough facts Proxmox does
// not check: x-vga under OVMF, ballooning with pinned memory.
import { defineRule, finding } from '../../service/rule';
import type { Finding, Fix } from '../../service/types';
import { formatLspciAddress } from '../../host/inventory';
import { quoteUserText } from '../../util/userText';
import type { ProxmoxContext } from '../context';
import { insertLineAfter, removeItem, replace } from '../edits';
import type { HostpciAddress, HostpciFacts } from '../facts';

export const pcieNeedsQ35Rule = defineRule<ProxmoxContext>(
  { id: 'proxmox/pcie-needs-q35', defaultSeverity: 'error', description: '`pcie=1` on a hostpci while the machine is not q35: the VM does not start.', fixable: true },
  (ctx) => {
    if (ctx.facts.machine?.q35) return [];
    const out: Finding[] = [];
    for (const h of ctx.facts.hostpcis) {
      const pcie = h.prop('pcie');
      if (!pcie || h.flag('pcie') !== true) continue;
      if (h.items.filter((it) => it.key?.text === 'pcie').length > 1) continue; // refused as a whole: proxmox/invalid-value
      const i = h.items.indexOf(pcie);
      const m = ctx.facts.machine;
      const fixes: Fix[] = [
        {
          title: m ? `Set machine to q35` : 'Add machine: q35',
          edits: [m ? replace(ctx.doc, m.line.value!.span, 'q35') : insertLineAfter(ctx.doc, undefined, 'machine: q35')],
          safe: false,
          warning: 'the guest sees a new chipset; Windows may need its drivers again',
        },
        { title: 'Remove pcie=1 (conventional PCI)', edits: [removeItem(ctx.doc, h.items, i)], safe: false },
      ];
      out.push(
        finding(
          'proxmox/pcie-needs-q35',
          ctx.range(pcie.span),
          `${h.line.key!.text} has pcie=1 but the machine is ${m ? quoteUserText(m.type) : 'i440fx (no machine: set)'}: Proxmox refuses to start the VM ("q35 machine model is not enabled", PCI.pm). PCI Express needs the q35 machine; on i440fx leave pcie out.`,
          { fixes },
        ),
      );
    }
    return out;
  },
);

function key(a: HostpciAddress): string | undefined {
  const x = a.address;
  return x ? `${x.domain}:${x.bus}:${x.slot}` : undefined;
}

function overlaps(a: HostpciAddress, b: HostpciAddress): boolean {
  if (!a.address || !b.address || key(a) !== key(b)) return false;
  return a.address.allFunctions || b.address.allFunctions || a.address.fn === b.address.fn;
}

export const duplicateHostpciRule = defineRule<ProxmoxContext>(
  { id: 'proxmox/duplicate-hostpci', defaultSeverity: 'error', description: 'The same host device assigned by two hostpci entries (or twice in one).', fixable: false },
  (ctx) => {
    const out: Finding[] = [];
    const earlier: { h: HostpciFacts; a: HostpciAddress }[] = [];
    for (const h of ctx.facts.hostpcis) {
      if (h.prop('mdev')) continue; // mdevs of one parent are separate devices (choose_hostpci_devices skips them)
      for (const a of h.addresses) {
        const prev = earlier.find((e) => overlaps(e.a, a));
        if (prev) {
          out.push(
            finding(
              'proxmox/duplicate-hostpci',
              ctx.range(a.token.span),
              `${quoteUserText(a.token.text)} is already assigned by ${prev.h.line.key!.text} (${quoteUserText(prev.a.token.text)}): Proxmox refuses to start the VM ("device assigned more than once", PCI.pm). Without a function (01:00) an address means every function of the device.`,
            ),
          );
        }
        earlier.push({ h, a });
      }
    }
    return out;
  },
);

export const romfilePathRule = defineRule<ProxmoxContext>(
  { id: 'proxmox/romfile-path', defaultSeverity: 'error', description: 'romfile given as a path: Proxmox looks the name up in /usr/share/kvm/.', fixable: true },
  (ctx) => {
    const out: Finding[] = [];
    for (const h of ctx.facts.hostpcis) {
      const rf = h.prop('romfile');
      if (!rf || !rf.value.text.includes('/')) continue;
      const v = rf.value.text;
      const under = /^\/usr\/share\/kvm\/+([^/]+)$/.exec(v);
      const fixes: Fix[] = under ? [{ title: `Write romfile=${under[1]}`, edits: [replace(ctx.doc, rf.value.span, under[1])], safe: true }] : [];
      out.push(
        finding(
          'proxmox/romfile-path',
          ctx.range(rf.value.span),
          `Proxmox passes romfile=/usr/share/kvm/<romfile> to QEMU (PCI.pm), so ${quoteUserText(v)} becomes ${quoteUserText(`/usr/share/kvm/${v}`, 80)} and QEMU fails to find it. ${under ? 'Write the bare file name.' : 'Copy the ROM into /usr/share/kvm/ and write its bare file name.'}`,
          { fixes },
        ),
      );
    }
    return out;
  },
);

export const mdevMultifunctionRule = defineRule<ProxmoxContext>(
  { id: 'proxmox/mdev-multifunction', defaultSeverity: 'error', description: 'mdev on several functions (an address without a function, or a `;` list): Proxmox refuses it.', fixable: true },
  (ctx) => {
    const out: Finding[] = [];
    for (const h of ctx.facts.hostpcis) {
      const mdev = h.prop('mdev');
      if (!mdev || !h.host) continue;
      const msg = `"cannot use mediated device with multifunction device" (PCI.pm): an mdev is created on one function.`;
      if (h.addresses.length > 1) {
        out.push(finding('proxmox/mdev-multifunction', ctx.range(h.host.value.span), `${h.line.key!.text}: mdev with ${h.addresses.length} addresses: Proxmox refuses to start the VM, ${msg} Give one function (0000:01:00.0).`));
        continue;
      }
      const a = h.addresses[0];
      if (!a?.address?.allFunctions) continue;
      // Without a function Proxmox takes every function of the device (lspci); a GPU usually has an audio function too.
      let functions: number | undefined;
      if (ctx.host) {
        const at = a.address;
        functions = [0, 1, 2, 3, 4, 5, 6, 7].filter((fn) => ctx.host!.device(formatLspciAddress({ ...at, fn }))).length;
        if (functions <= 1) continue;
      }
      const fix: Fix = { title: `Write ${quoteUserText(a.token.text)}.0`, edits: [replace(ctx.doc, a.token.span, `${a.token.text}.0`)], safe: true };
      out.push(
        finding(
          'proxmox/mdev-multifunction',
          ctx.range(a.token.span),
          `${h.line.key!.text}: ${quoteUserText(a.token.text)} without a function means every function of the device${functions !== undefined ? ` (${functions} on this host)` : ' (a GPU usually has an audio function too)'}; with mdev Proxmox refuses that, ${msg} Write ${quoteUserText(a.token.text)}.0.`,
          { fixes: [fix], ...(functions === undefined ? { severity: 'warning' as const } : {}) },
        ),
      );
    }
    return out;
  },
);

export const xVgaOvmfRule = defineRule<ProxmoxContext>(
  { id: 'proxmox/x-vga-ovmf', defaultSeverity: 'info', description: 'x-vga=1 with bios: ovmf: Proxmox does not pass x-vga to QEMU; what the flag still does.', fixable: false },
  (ctx) => {
    if (ctx.facts.bios?.value !== 'ovmf') return [];
    const out: Finding[] = [];
    for (const h of ctx.facts.hostpcis) {
      const x = h.prop('x-vga');
      if (!x || h.flag('x-vga') !== true) continue;
      const hidden = ctx.facts.cpu?.items.find((it) => it.key?.text === 'hidden');
      const hiddenOff = hidden !== undefined && /^(0|off|no|false)$/i.test(hidden.value.text);
      out.push(
        finding(
          'proxmox/x-vga-ovmf',
          ctx.range(x.span),
          `With bios: ovmf Proxmox does not add x-vga=on to the vfio-pci device (PCI.pm print_hostpci_devices): no legacy VGA ranges are routed to the GPU, and UEFI does not need them (the GPU's UEFI GOP ROM drives the display). What the flag still does: it hides KVM from the guest (kvm=off, as cpu hidden=1${hiddenOff ? ', but this cpu sets hidden=0, which wins' : ''}), sets the Hyper-V vendor id to "proxmox" (the NVIDIA workaround, CPUConfig.pm)${ctx.facts.vga ? '' : ' and sets the emulated display to none because vga is unset'}. Keep it for those effects, or drop it.`,
        ),
      );
    }
    return out;
  },
);

export const balloonRule = defineRule<ProxmoxContext>(
  { id: 'proxmox/balloon', defaultSeverity: 'warning', description: 'Memory ballooning on a VM with PCI passthrough: all guest RAM is pinned anyway.', fixable: true },
  (ctx) => {
    const b = ctx.facts.balloon;
    if (!b || b.value === 0) return [];
    const passthrough = ctx.facts.hostpcis.filter((h) => !h.prop('mdev'));
    if (passthrough.length === 0) return [];
    const mem = ctx.facts.memoryMb?.value;
    return [
      finding(
        'proxmox/balloon',
        ctx.range(b.line.value!.span),
        `${passthrough.map((h) => h.line.key!.text).join(', ')} ${passthrough.length === 1 ? 'passes a device' : 'pass devices'} through with VFIO, which pins all guest RAM${mem !== undefined ? ` (${mem} MiB)` : ''} at start for DMA: the balloon cannot return memory to the host, and a guest that balloons down still holds it. Set balloon: 0 (also keeps the host from counting on memory it cannot get back).`,
        { fixes: [{ title: 'Set balloon: 0', edits: [replace(ctx.doc, b.line.value!.span, '0')], safe: true }] },
      ),
    ];
  },
);

export const legacyIgdRule = defineRule<ProxmoxContext>(
  { id: 'proxmox/legacy-igd', defaultSeverity: 'error', description: "legacy-igd=1 against Proxmox's constraints (vga none, i440fx, 00:02.0, no x-vga, mdev, multifunction, rombar=0).", fixable: false },
  (ctx) => {
    const out: Finding[] = [];
    let first: string | undefined;
    for (const h of ctx.facts.hostpcis) {
      const it = h.prop('legacy-igd');
      if (!it || h.flag('legacy-igd') !== true) continue;
      const k = h.line.key!.text;
      const why: string[] = [];
      if (first) why.push(`only one device can be assigned in legacy-igd mode (${first} is already)`);
      first ??= k;
      if (ctx.facts.vga?.type !== 'none') why.push("legacy IGD assignment requires VGA mode to be 'none' (vga: none)");
      if (h.flag('rombar') === false) why.push('legacy IGD assignment requires rombar to be enabled');
      if (h.flag('x-vga') === true) why.push('legacy IGD assignment is not compatible with x-vga');
      if (h.prop('mdev')) why.push('legacy IGD assignment is not compatible with mdev');
      if (ctx.facts.machine?.q35) why.push('legacy IGD assignment is not compatible with q35');
      if (h.addresses.length > 1) why.push('legacy IGD assignment is not compatible with alternate devices');
      const a = h.addresses[0]?.address;
      if (a && (a.slot !== 2 || (!a.allFunctions && a.fn !== 0) || a.bus !== 0)) why.push('legacy IGD assignment only works for devices on host bus 00:02.0');
      if (why.length) out.push(finding('proxmox/legacy-igd', ctx.range(it.span), `${k}: Proxmox refuses to start the VM (PCI.pm): ${why.join('; ')}.`));
    }
    return out;
  },
);
