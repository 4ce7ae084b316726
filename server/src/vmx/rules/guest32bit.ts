import { defineRule, finding } from '../../service/rule';
import type { VmxContext } from '../context';
import { quoteUserText } from '../../util/userText';

export const guest32bitRule = defineRule<VmxContext>(
  { id: 'vmx/guest-32bit', defaultSeverity: 'error', description: 'A GPU (passthrough or vGPU) with a 32-bit guest OS.', fixable: false },
  (ctx) => {
    const g = ctx.model.guestOs;
    const gpu = ctx.model.devices.find((d) => d.isGpu !== false);
    if (!g || g.is64Bit !== false || !gpu) return [];
    return [
      finding(
        'vmx/guest-32bit',
        g.range,
        `guestOS "${quoteUserText(g.id)}" is 32-bit, but ${gpu.label} is a GPU: NVIDIA's drivers support only 64-bit guests, and a 32-bit OS cannot address the GPU's BARs. Use the 64-bit id (e.g. "${quoteUserText(g.id)}-64") and a 64-bit guest.`,
      ),
    ];
  },
);
