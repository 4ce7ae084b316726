import { defineRule, finding } from '../../service/rule';
import type { LibvirtContext } from '../context';
import { machineKind } from '../machine';
import { quoteUserText } from '../../util/userText';

export const pciMachineRule = defineRule<LibvirtContext>(
  { id: 'libvirt/pci-machine', defaultSeverity: 'warning', description: 'A large-BAR / PCIe GPU on the i440fx machine type (use q35).', fixable: false },
  (ctx) => {
    const machine = ctx.domain?.machine;
    if (!machine?.valueSpan || machineKind(machine.value) !== 'i440fx') return [];
    const gpu = ctx.model.devices.find((d) => d.kind === 'vgpu' || (d.isGpu === true && d.gpu !== undefined) || (d.bars !== undefined && d.bars.bar1Mb > 256));
    if (!gpu) return [];
    const name = gpu.gpu?.name ?? gpu.profileName ?? gpu.label;
    return [
      finding(
        'libvirt/pci-machine',
        ctx.range(machine.valueSpan),
        `machine='${quoteUserText(machine.value)}' is i440fx (conventional PCI), but ${gpu.label} (${name}) is a PCIe GPU: use a q35 machine type (machine='q35' or pc-q35-*). i440fx has no PCIe root ports, so the NVIDIA driver sees no PCIe link (the firmware places large BARs on i440fx as well; that is not the problem). Changing the machine type changes the guest's hardware (Windows may need driver re-detection), so it is not done automatically`,
      ),
    ];
  },
);
