// vmx/bios-large-bar: VMware's BIOS firmware with a GPU that needs EFI. Decided from primary sources
// (catalog/vsphere.ts, docs/vsphere-facts.md):
// - a passthrough GPU whose BARs add up to more than 16 GB: VMware and Dell agree it needs EFI → error, with the fix;
// - a BAR1 above 256 MB but BARs of 16 GB or less: Denneman's article says EFI, VMware's guidance names 16 GB →
//   warning naming both, no fix (a firmware change means reinstalling the guest; it is offered only on an undisputed fact);
// - a C-series vGPU: NVIDIA requires EFI on ESXi → error, with the fix. Other vGPU series: no source requires EFI.
import { barTotalMb, GiB } from '../../catalog/gpus';
import { formatSize } from '../../catalog/mmio';
import { NO_MMIO_NEEDED_UP_TO_GB } from '../../catalog/vsphere';
import { defineRule, finding } from '../../service/rule';
import type { Finding } from '../../service/types';
import type { VmxContext } from '../context';

export const BIOS_MAX_BAR1_MB = 256;
export const REINSTALL_WARNING = 'Changing the firmware of an installed guest means reinstalling the guest OS (it will not boot from a disk installed under BIOS).';

export const biosLargeBarRule = defineRule<VmxContext>(
  {
    id: 'vmx/bios-large-bar',
    defaultSeverity: 'error',
    description: 'BIOS firmware (explicit or by default) with a GPU whose BARs exceed 16 GB or a C-series vGPU (error), or a BAR1 above 256 MB (warning: sources disagree).',
    fixable: true,
  },
  (ctx) => {
    const { model } = ctx;
    if (model.firmware.kind !== 'bios') return [];
    const where = model.firmware.explicit ? 'the firmware is BIOS' : 'no firmware is set, so the VM boots with BIOS (the default)';
    const at = (range: Finding['range']) => (model.firmware.explicit && model.firmware.range ? model.firmware.range : range);
    const efiFix = () => {
      const edits = ctx.fixes.setEfiFirmware?.() ?? [];
      return edits.length ? [{ title: 'Switch to EFI firmware (guest OS reinstall needed)', edits, safe: false, warning: REINSTALL_WARNING }] : [];
    };
    let warning: Finding | undefined;
    for (const d of model.devices) {
      if (d.kind === 'vgpu') {
        if (d.profile?.series !== 'C') continue;
        return [finding('vmx/bios-large-bar', at(d.range), `${d.label} is a C-series vGPU (${d.profileName ?? d.profile.name}): NVIDIA requires EFI boot (and 64-bit MMIO) for C-series vGPUs on ESXi, but ${where}. Use EFI firmware. ${REINSTALL_WARNING}`, { fixes: efiFix() })];
      }
      if (!d.bars) continue;
      const name = d.gpu?.name ?? d.label;
      const totalGb = barTotalMb(d.bars) / GiB;
      if (totalGb > NO_MMIO_NEEDED_UP_TO_GB) {
        return [
          finding(
            'vmx/bios-large-bar',
            at(d.range),
            `${d.label} (${name}) maps ${Math.ceil(totalGb * 10) / 10} GB of BARs (BAR1 ${formatSize(d.bars.bar1Mb)}), but ${where}: VMware and Dell require EFI for devices above ${NO_MMIO_NEEDED_UP_TO_GB} GB ("Guest OS must boot with EFI"). Use EFI firmware. ${REINSTALL_WARNING}`,
            { fixes: efiFix() },
          ),
        ];
      }
      if (d.bars.bar1Mb > BIOS_MAX_BAR1_MB && !warning) {
        warning = finding(
          'vmx/bios-large-bar',
          at(d.range),
          `${d.label} (${name}) has a ${formatSize(d.bars.bar1Mb)} BAR1 and ${where}. Sources disagree: Denneman's article says a BAR1 above 256 MB needs EFI (BIOS maps BARs below 4 GB); VMware's and Dell's guidance asks for EFI only above ${NO_MMIO_NEEDED_UP_TO_GB} GB. If the GPU shows no usable memory in the guest, the firmware is the cause; changing it means reinstalling the guest OS.`,
          { severity: 'warning' },
        );
      }
    }
    return warning ? [warning] : [];
  },
);
