// Firmware vs BAR1: BIOS maps BARs only below 4 GB, so a GPU whose BAR1 is larger than 256 MB – and any
// vGPU – needs EFI firmware (source: SEED_BAR_ARTICLE). Written once against the model; the id carries
// the format ("vmx/bios-large-bar", "libvirt/bios-large-bar") and each format supplies the edit.
import { findGpuById } from '../../catalog/gpus';
import { formatSize } from '../../catalog/mmio';
import { defineRule, finding, ModelContext, Rule } from '../../service/rule';
import type { Finding } from '../../service/types';

export const BIOS_MAX_BAR1_MB = 256;
export const REINSTALL_WARNING = 'Changing the firmware of an installed guest means reinstalling the guest OS (it will not boot from a disk installed under BIOS).';

export function biosLargeBarRule(format: 'vmx' | 'libvirt'): Rule<ModelContext> {
  const id = `${format}/bios-large-bar`;
  return defineRule<ModelContext>(
    { id, defaultSeverity: 'error', description: 'BIOS firmware (explicit or by default) with a GPU whose BAR1 is larger than 256 MB, or with a vGPU.', fixable: true },
    (ctx) => {
      const { model } = ctx;
      if (model.firmware.kind !== 'bios') return [];
      const out: Finding[] = [];
      for (const d of model.devices) {
        let why: string | undefined;
        if (d.kind === 'vgpu') {
          why = `${d.label} is an NVIDIA vGPU${d.profileName ? ` (${d.profileName})` : ''}, and vGPUs need EFI firmware`;
        } else if (d.bars && d.bars.bar1Mb > BIOS_MAX_BAR1_MB) {
          const name = d.gpu?.name ?? (d.profile ? findGpuById(d.profile.gpuId)?.name : undefined) ?? d.label;
          why = `${d.label} (${name}) has a ${formatSize(d.bars.bar1Mb)} BAR1; BIOS maps BARs only below 4 GB (BAR1 up to 256 MB)`;
        }
        if (!why) continue;
        const where = model.firmware.explicit ? 'the firmware is BIOS' : 'no firmware is set, so the VM boots with BIOS (the default)';
        const edits = ctx.fixes.setEfiFirmware?.() ?? [];
        out.push(
          finding(id, model.firmware.explicit && model.firmware.range ? model.firmware.range : d.range, `${why}, but ${where}. Use EFI firmware. ${REINSTALL_WARNING}`, {
            fixes: edits.length ? [{ title: 'Switch to EFI firmware (guest OS reinstall needed)', edits, safe: false, warning: REINSTALL_WARNING }] : [],
          }),
        );
        break; // one finding per VM: the firmware is one setting
      }
      return out;
    },
  );
}
