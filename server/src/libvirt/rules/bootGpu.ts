import { bootVgaExplanation } from '../../host/describe';
import { defineRule, finding } from '../../service/rule';
import type { Finding } from '../../service/types';
import { hostdevAnchor } from '../adapter';
import type { LibvirtContext } from '../context';
import { hostPciHostdevs } from '../host/facts';

/**
 * The firmware's boot GPU (boot_vga = 1) carries the firmware framebuffer: efifb / simpledrm (sysfb)
 * reserve part of its BAR, so vfio-pci logs "BAR N: can't reserve" and the guest driver fails.
 */
export const bootGpuRule = defineRule<LibvirtContext>(
  { id: 'libvirt/boot-gpu', defaultSeverity: 'warning', description: "The hostdev is the host's boot GPU: the host framebuffer holds its BAR.", fixable: false },
  (ctx) => {
    const out: Finding[] = [];
    for (const { h, dev } of hostPciHostdevs(ctx)) {
      if (!dev.bootVga) continue;
      out.push(
        finding('libvirt/boot-gpu', ctx.range(hostdevAnchor(h)), bootVgaExplanation(dev.address, 'host')),
      );
    }
    return out;
  },
);
