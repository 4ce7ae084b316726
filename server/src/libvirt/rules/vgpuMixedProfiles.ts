import { mixedSizeGpus, mixedSizeMessage, ownVgpus, vfTypeName, vgpuSizeGb } from '../../host/vgpuMix';
import { defineRule, finding } from '../../service/rule';
import { hostdevAnchor, hostLookups } from '../adapter';
import type { LibvirtContext } from '../context';
import type { HostdevInfo } from '../facts';
import { hostDeviceOf } from '../host/facts';
import { isVgpuVf } from '../../host/inventory';

/**
 * Time-sliced vGPUs on one physical GPU must all have the same framebuffer size unless the GPU runs in
 * heterogeneous (mixed-size) mode, which sysfs does not show (host/vgpuMix.ts): a warning, never an error.
 */
export const vgpuMixedProfilesRule = defineRule<LibvirtContext>(
  { id: 'libvirt/vgpu-mixed-profiles', defaultSeverity: 'warning', description: 'Time-sliced vGPUs of different sizes on one physical GPU (this domain plus the vGPUs that exist on the host).', fixable: false },
  (ctx) => {
    const host = ctx.host;
    const lookups = hostLookups(host);
    if (!host || !lookups || !ctx.domain) return [];
    const own = ownVgpus<HostdevInfo>();
    for (const h of ctx.domain.hostdevs) {
      if (h.kind === 'mdev') {
        const uuid = h.uuid?.value.trim().toLowerCase();
        const m = uuid ? lookups.mdevByUuid.get(uuid) : undefined;
        const name = m ? lookups.typeOf(m)?.name : undefined;
        const gb = vgpuSizeGb(name);
        if (!m?.parent || gb === undefined || !name || !uuid) continue;
        own.mdevUuids.add(uuid);
        own.add(m.parent, { gb, name, where: `this VM (mdev ${uuid})`, anchor: h });
      } else if (h.kind === 'pci') {
        const d = hostDeviceOf(host, h);
        if (!d || !isVgpuVf(d) || !d.physfn) continue;
        const name = vfTypeName(d);
        const gb = vgpuSizeGb(name);
        if (gb === undefined || !name) continue;
        own.vfs.add(d.address);
        own.add(d.physfn, { gb, name, where: `this VM (VF ${d.address})`, anchor: h });
      }
    }
    return mixedSizeGpus(host, own).map(({ gpu, slices, anchor }) => finding('libvirt/vgpu-mixed-profiles', ctx.range(hostdevAnchor(anchor)), mixedSizeMessage(gpu, slices)));
  },
);
