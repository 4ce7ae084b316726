import { RESET_BUG_SOURCE, resetBugFamily } from '../../catalog/resetBugs';
import { defineRule, finding } from '../../service/rule';
import type { Finding } from '../../service/types';
import { hostdevAnchor } from '../adapter';
import type { LibvirtContext } from '../context';
import { hostPciHostdevs, vendorDevice } from '../host/facts';

const CONSEQUENCE =
  'the first VM start works, but after the guest shuts down the GPU cannot be put back into a clean state: the next start fails, the guest driver hangs, or the host locks up, until the host is rebooted';

/** An empty reset_method (Linux: no reset the kernel can use) or a device on the published reset-bug list. */
export const resetRule = defineRule<LibvirtContext>(
  { id: 'libvirt/reset', defaultSeverity: 'warning', description: 'The assigned device has no usable reset (empty reset_method, or a GPU on the vendor-reset list).', fixable: false },
  (ctx) => {
    const out: Finding[] = [];
    for (const { h, dev } of hostPciHostdevs(ctx)) {
      const family = resetBugFamily(dev.vendorId, dev.deviceId);
      const empty = dev.resetMethods !== undefined && dev.resetMethods.length === 0;
      if (!empty && !family) continue;
      const why: string[] = [];
      if (empty) why.push(`its reset_method is empty (host sysfs: bus/pci/devices/${dev.address}/reset_method): the kernel knows no FLR, PM or bus reset for it`);
      if (family) why.push(`${vendorDevice(dev)} (${family}) is on the reset-bug list of ${RESET_BUG_SOURCE}${dev.resetMethods?.length ? `; reset_method lists ${dev.resetMethods.join(' ').slice(0, 80)}, but those do not reset this GPU` : ''}`);
      out.push(
        finding('libvirt/reset', ctx.range(hostdevAnchor(h)), `${dev.address} has no usable reset: ${why.join('; ')}. Consequence: ${CONSEQUENCE}. For the listed AMD GPUs load the vendor-reset module (and set reset_method to device_specific); otherwise plan a host reboot between guest runs`),
      );
    }
    return out;
  },
);
