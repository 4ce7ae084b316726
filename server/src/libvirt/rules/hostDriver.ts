import { defineRule, finding } from '../../service/rule';
import type { Finding } from '../../service/types';
import { hostdevAnchor } from '../adapter';
import type { LibvirtContext } from '../context';
import { clip, hostPciHostdevs, isVfioDriver } from '../host/facts';
import { attr } from '../xml/dom';

/**
 * managed='no' means libvirt leaves the device on whatever driver holds it: QEMU can open it only
 * through vfio-pci (or a vfio-pci variant driver). managed='yes' detaches it at start; that detach
 * hangs or fails while the nvidia driver is held open (nvidia-persistenced), and on the boot VGA it
 * takes the host console away.
 */
export const hostDriverRule = defineRule<LibvirtContext>(
  { id: 'libvirt/host-driver', defaultSeverity: 'error', description: "managed='no' hostdev bound to a host driver instead of vfio-pci (hints for nvidia and the boot VGA with managed='yes').", fixable: true },
  (ctx) => {
    const out: Finding[] = [];
    for (const { h, dev } of hostPciHostdevs(ctx)) {
      const managed = attr(h.el, 'managed');
      const range = ctx.range(hostdevAnchor(h));
      const driver = dev.driver ? clip(dev.driver, 60) : undefined;
      if (managed?.value.trim() === 'no') {
        if (isVfioDriver(dev.driver)) continue;
        const now = driver ? `is bound to ${driver}` : 'is bound to no driver';
        out.push(
          finding('libvirt/host-driver', range, `${dev.address} ${now} (host sysfs: bus/pci/devices/${dev.address}/driver), and managed='no' tells libvirt not to detach it: QEMU cannot open it. Bind it to vfio-pci before the VM starts, or let libvirt do it with managed='yes'`, {
            fixes: [{ title: "Set managed='yes' (libvirt binds vfio-pci at start)", edits: [ctx.edits.setAttributeValue(managed, 'yes')], safe: false }],
          }),
        );
        continue;
      }
      if (dev.driver === 'nvidia') {
        out.push(
          finding('libvirt/host-driver', range, `${dev.address} is bound to the nvidia driver (host sysfs: driver link): libvirt unbinds it at start, which blocks or fails while nvidia-persistenced, nvidia-smi or a display server holds the GPU. Stop them first, or bind the GPU to vfio-pci at boot (vfio-pci.ids= / driverctl)`, { severity: 'hint' }),
        );
      } else if (dev.bootVga) {
        out.push(
          finding('libvirt/host-driver', range, `${dev.address} is the host's boot VGA (host sysfs: boot_vga = 1): detaching it at start takes the host console with it${driver ? ` (now on ${driver})` : ''}`, { severity: 'hint' }),
        );
      }
    }
    return out;
  },
);
