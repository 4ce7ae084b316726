import { findVgpuProfile, VGPU_PROFILES } from '../../catalog/vgpuProfiles';
import { defineRule, finding } from '../../service/rule';
import type { Finding } from '../../service/types';
import { closest } from '../../util/strings';
import { passthruDevices } from '../adapter';
import type { VmxContext } from '../context';
import { quoteUserText } from '../../util/userText';

export const unknownVgpuProfileRule = defineRule<VmxContext>(
  { id: 'vmx/unknown-vgpu-profile', defaultSeverity: 'warning', description: 'A pciPassthruN.vgpu profile the catalog does not know.', fixable: true },
  (ctx) => {
    const out: Finding[] = [];
    const names = VGPU_PROFILES.map((p) => p.name);
    for (const d of passthruDevices(ctx.doc)) {
      const e = d.vgpu;
      if (!e || !e.value.terminated) continue;
      const name = e.value.text.trim();
      // Same lookup as the model, so a profile the model knows is never reported here.
      if (name === '' || findVgpuProfile(name)) continue;
      const suggestions = closest(name, names, 3).slice(0, 3);
      out.push(
        finding(
          'vmx/unknown-vgpu-profile',
          ctx.range(e.value.span),
          `Unknown vGPU profile "${quoteUserText(name)}"${suggestions.length ? `: did you mean ${suggestions.map((s) => `"${s}"`).join(', ')}?` : ''} Profile names look like grid_<gpu>-<framebuffer GB><series>, e.g. "grid_a100-4c".`,
          { fixes: suggestions.map((s) => ({ title: `Change to "${s}"`, edits: [ctx.edits.setValue(e, s)], safe: false })) },
        ),
      );
    }
    return out;
  },
);
