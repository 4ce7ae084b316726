// Info: a passthrough device the catalog cannot size. Says what cannot be checked, why, and how to fix that –
// in the terms of the format: a .vmx names PCI ids, a libvirt hostdev only a host PCI address.
import { findGpuById } from '../../catalog/gpus';
import { formatLspciAddress, parseLspciAddress } from '../../host/inventory';
import { defineRule, finding, ModelContext, Rule } from '../../service/rule';
import { quoteUserText } from '../../util/userText';
import { wordingFor } from '../../service/client';
import type { Finding } from '../../service/types';
import type { PassthroughDevice } from '../vm';

function pciIds(d: PassthroughDevice): string {
  return d.vendorId !== undefined && d.deviceId ? `${d.vendorId.toString(16).padStart(4, '0')}:${d.deviceId}` : '';
}

function vmxReason(ctx: ModelContext, d: PassthroughDevice): { why: string; hint: string } {
  const ids = pciIds(d);
  const why = d.gpu
    ? `${d.gpu.name} is a known model, but its BAR layout is not confirmed by a source`
    : ids
      ? `PCI id ${ids} is not in the GPU catalog`
      : 'no vendorId/deviceId is given';
  return { why, hint: `Add pciPassthruN.vendorId/deviceId, or map the host address ${wordingFor(ctx.client).mapIt}.` };
}

/** The gpuMap entry for this address when it names no catalog GPU (a typo in the setting). */
function unknownMapping(ctx: ModelContext, address: string): string | undefined {
  for (const [key, gpuId] of Object.entries(ctx.settings.gpuMap)) {
    const a = parseLspciAddress(key);
    if (a && formatLspciAddress(a) === address && !findGpuById(gpuId)) return gpuId;
  }
  return undefined;
}

/** libvirt: the GPU is known only through the host (sysfs) or the gpuMap setting, so say which of them failed. */
function libvirtReason(ctx: ModelContext, d: PassthroughDevice): { why: string; hint: string } {
  const w = wordingFor(ctx.client);
  const map = `map the address to a catalog GPU id ${w.mapIt}`;
  if (d.gpu) return { why: `${d.gpu.name} is a known model, but its BAR layout is not confirmed by a source`, hint: `${w.runOnHost} to read the BAR sizes from sysfs (read-only).` };
  if (!d.hostAddress) return { why: 'the hostdev names no host PCI address', hint: "Give <source><address domain='0x…' bus='0x…' slot='0x…' function='0x…'/>." };
  const ids = pciIds(d);
  if (ids) return { why: `the device at this address (PCI id ${ids}) is not in the GPU catalog`, hint: `If it is a GPU, ${map}.` };
  const typo = unknownMapping(ctx, d.hostAddress);
  if (typo !== undefined) return { why: `${w.gpuMap} maps this address to "${quoteUserText(typo)}", which is not a GPU id of the catalog`, hint: 'Use a catalog id such as "A100-PCIE-80GB".' };
  if (ctx.host) return { why: `the host has no device at this address, and ${w.gpuMap} does not map it`, hint: `Check the address (lspci -D), or ${map}.` };
  return { why: `the host inventory is not available (host reading is off, or this is not the KVM host), and ${w.gpuMap} does not map this address`, hint: `${w.runOnHost} (read-only sysfs), or ${map}.` };
}

export function unknownGpuRule(format: 'vmx' | 'libvirt' | 'proxmox'): Rule<ModelContext> {
  const id = `${format}/unknown-gpu`;
  return defineRule<ModelContext>(
    { id, defaultSeverity: 'info', description: 'A passthrough device the catalog cannot size: its BAR layout is unknown, so MMIO and firmware checks are incomplete.', fixable: false },
    (ctx) => {
      const out: Finding[] = [];
      for (const d of ctx.model.devices) {
        if (d.kind !== 'passthrough' || d.bars || d.isGpu === false) continue;
        const { why, hint } = format === 'vmx' ? vmxReason(ctx, d) : libvirtReason(ctx, d);
        const where = d.hostAddress && !d.label.includes(d.hostAddress) ? ` (${d.hostAddress})` : '';
        out.push(finding(id, d.range, `${d.label}${where}: ${why}, so its MMIO and firmware needs cannot be checked. ${hint}`));
      }
      return out;
    },
  );
}
