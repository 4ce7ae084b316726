import { mmioNeed } from '../../model/mmioNeed';
import { defineRule, finding } from '../../service/rule';
import type { Finding } from '../../service/types';
import type { LibvirtContext } from '../context';
import { isQ35 } from '../machine';
import { apertureEnd, bitsFor, formatBytes, QEMU_DEFAULT_PHYS_BITS } from '../ovmf';
import { attr, attrValue } from '../xml/dom';

/**
 * The aperture must end below 2^bits of the guest's physical address space, or the firmware cannot place the
 * BARs (libvirt formatdomain: `<maxphysaddr mode='passthrough'/>` since 8.7.0; the guest driver then logs
 * "NVRM: BAR1 is 0M @ 0x0", see NVIDIA_NV_PCI_BAR_INVALID in catalog/sources.ts).
 */
export const physBitsRule = defineRule<LibvirtContext>(
  { id: 'libvirt/phys-bits', defaultSeverity: 'error', description: "The 64-bit BAR window ends beyond the guest's physical address bits.", fixable: true },
  (ctx) => {
    const facts = ctx.domain;
    const aperture = facts?.fwCfg ?? facts?.pcihole64;
    if (!facts || !aperture || facts.memoryKiB === undefined) return [];
    if (mmioNeed(ctx.model).requiredGb === 0 && aperture.mb / 1024 <= 64) return []; // nothing large to place
    const ram = Math.max(facts.memoryKiB, facts.maxMemoryKiB ?? 0);
    const end = apertureEnd(aperture.mb / 1024, ram, isQ35(facts));
    const needBits = bitsFor(end);
    const arithmetic = `the ${aperture.mb / 1024} GB aperture sits above ${Math.round(ram / 1024 / 1024)} GiB of RAM and ends at ${formatBytes(end)} = 2^${needBits}`;
    const out: Finding[] = [];
    const mpa = facts.maxphysaddr;
    const q = ctx.edits.quote;
    if (mpa) {
      const mode = attrValue(mpa, 'mode');
      const bitsAttr = mode === 'emulate' ? attr(mpa, 'bits') : attr(mpa, 'limit');
      const bits = bitsAttr ? Number(bitsAttr.value.trim()) : undefined;
      if (bits === undefined || !Number.isFinite(bits) || bits >= needBits) return [];
      const passthrough = `<maxphysaddr mode=${q}passthrough${q}/>`;
      const fixes =
        mode === 'emulate'
          ? [
              { title: `Use the host's address bits: ${passthrough}`, edits: [ctx.edits.replace({ start: mpa.start, end: mpa.end }, passthrough)], safe: true },
              { title: `Emulate ${needBits} bits`, edits: [ctx.edits.setAttributeValue(bitsAttr!, String(needBits))], safe: false },
            ]
          : [{ title: `Raise the limit to ${needBits}`, edits: [ctx.edits.setAttributeValue(bitsAttr!, String(needBits))], safe: true }];
      out.push(
        finding('libvirt/phys-bits', ctx.range(bitsAttr!.valueSpan ?? mpa.nameSpan), `The guest has ${bits} physical address bits (${formatBytes(2 ** bits)}), but ${arithmetic}: the firmware cannot map the GPU BARs there and the guest shows "NVRM: BAR0 is 0M @ 0x0". Use ${passthrough}${mode === 'emulate' ? ` or bits='${needBits}'` : ''}`, { fixes }),
      );
      return out;
    }
    if (needBits <= QEMU_DEFAULT_PHYS_BITS) return [];
    const cpuMode = attrValue(facts.cpu, 'mode');
    const hostPassthrough = cpuMode === 'host-passthrough' || cpuMode === 'maximum';
    out.push(
      finding(
        'libvirt/phys-bits',
        ctx.range(aperture.valueSpan),
        `${arithmetic[0].toUpperCase()}${arithmetic.slice(1)}, beyond the ${QEMU_DEFAULT_PHYS_BITS} physical address bits QEMU gives the guest by default${hostPassthrough ? ' (host-passthrough may pass the host\'s bits, depending on the QEMU version)' : ''}. Add <cpu><maxphysaddr mode='passthrough'/></cpu> (libvirt ≥ 8.7)`,
        { severity: hostPassthrough ? 'info' : 'warning' },
      ),
    );
    return out;
  },
);
