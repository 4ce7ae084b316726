// Info: a passthrough device the catalog cannot size. Says what cannot be checked and how to fix that.
import { defineRule, finding, ModelContext, Rule } from '../../service/rule';
import type { Finding } from '../../service/types';

export function unknownGpuRule(format: 'vmx' | 'libvirt'): Rule<ModelContext> {
  const id = `${format}/unknown-gpu`;
  return defineRule<ModelContext>(
    { id, defaultSeverity: 'info', description: 'A passthrough device the catalog cannot size: its BAR layout is unknown, so MMIO and firmware checks are incomplete.', fixable: false },
    (ctx) => {
      const out: Finding[] = [];
      for (const d of ctx.model.devices) {
        if (d.kind !== 'passthrough' || d.bars || d.isGpu === false) continue;
        const ids = d.vendorId !== undefined && d.deviceId ? ` ${d.vendorId.toString(16).padStart(4, '0')}:${d.deviceId}` : '';
        const why = d.gpu
          ? `${d.gpu.name} is a known model, but its BAR layout is not confirmed by a source`
          : ids
            ? `PCI id${ids} is not in the GPU catalog`
            : 'no vendorId/deviceId is given';
        const hint =
          format === 'vmx'
            ? 'Add pciPassthruN.vendorId/deviceId, or map the host address in the vgpuLint.gpuMap setting.'
            : 'Run the server on the host (read-only sysfs), or map the address in the vgpuLint.gpuMap setting.';
        out.push(finding(id, d.range, `${d.label}${d.hostAddress ? ` (${d.hostAddress})` : ''}: ${why}, so its MMIO and firmware needs cannot be checked. ${hint}`));
      }
      return out;
    },
  );
}
