import type { HostPciDevice } from '../../host/inventory';
import { defineRule, finding } from '../../service/rule';
import type { Finding } from '../../service/types';
import { hostdevAnchor, hostLookups } from '../adapter';
import type { LibvirtContext } from '../context';
import type { HostdevInfo } from '../facts';
import { clip, hostDeviceOf, vgpuSizeGb } from '../host/facts';
import { isVgpuVf } from './vgpuSriov';

interface Slice {
  gb: number;
  name: string;
  where: string;
  hostdev?: HostdevInfo;
}

function vfTypeName(d: HostPciDevice): string | undefined {
  return d.creatableVgpuTypes.find((t) => t.id === d.currentVgpuType)?.name;
}

/**
 * Time-sliced vGPUs on one physical GPU must all have the same framebuffer size unless the GPU runs in
 * heterogeneous (mixed-size) mode. NVIDIA exposes that mode through NVML
 * (nvmlDeviceGetVgpuHeterogeneousMode) and nvidia-smi, not in sysfs: the host inventory cannot see
 * it, so the finding says it is unconfirmed instead of guessing.
 */
export const vgpuMixedProfilesRule = defineRule<LibvirtContext>(
  { id: 'libvirt/vgpu-mixed-profiles', defaultSeverity: 'warning', description: 'Time-sliced vGPUs of different sizes on one physical GPU (this domain plus the vGPUs that exist on the host).', fixable: false },
  (ctx) => {
    const host = ctx.host;
    const lookups = hostLookups(host);
    if (!host || !lookups || !ctx.domain) return [];
    const byGpu = new Map<string, Slice[]>();
    const add = (gpu: string, s: Slice) => byGpu.set(gpu, [...(byGpu.get(gpu) ?? []), s]);
    const seenMdev = new Set<string>();
    const seenVf = new Set<string>();
    for (const h of ctx.domain.hostdevs) {
      if (h.kind === 'mdev') {
        const uuid = h.uuid?.value.trim().toLowerCase();
        const m = uuid ? lookups.mdevByUuid.get(uuid) : undefined;
        const name = m ? lookups.typeOf(m)?.name : undefined;
        const gb = vgpuSizeGb(name);
        if (!m?.parent || gb === undefined || !name || !uuid) continue;
        seenMdev.add(uuid);
        add(m.parent, { gb, name, where: `this VM (mdev ${uuid})`, hostdev: h });
      } else if (h.kind === 'pci') {
        const d = hostDeviceOf(host, h);
        if (!d || !isVgpuVf(d) || !d.physfn) continue;
        const name = vfTypeName(d);
        const gb = vgpuSizeGb(name);
        if (gb === undefined || !name) continue;
        seenVf.add(d.address);
        add(d.physfn, { gb, name, where: `this VM (VF ${d.address})`, hostdev: h });
      }
    }
    if (!byGpu.size) return [];
    for (const m of host.mdevs()) {
      if (!m.parent || !byGpu.has(m.parent) || seenMdev.has(m.uuid.toLowerCase())) continue;
      const name = lookups.typeOf(m)?.name;
      const gb = vgpuSizeGb(name);
      if (gb !== undefined && name) add(m.parent, { gb, name, where: `mdev ${m.uuid}` });
    }
    for (const gpu of byGpu.keys()) {
      for (const vf of host.device(gpu)?.virtfns ?? []) {
        const d = host.device(vf);
        if (!d || seenVf.has(vf) || !d.currentVgpuType || d.currentVgpuType === '0') continue;
        const name = vfTypeName(d);
        const gb = vgpuSizeGb(name);
        if (gb !== undefined && name) add(gpu, { gb, name, where: `VF ${vf}` });
      }
    }
    const out: Finding[] = [];
    for (const [gpu, slices] of byGpu) {
      const sizes = new Set(slices.map((s) => s.gb));
      if (sizes.size < 2) continue;
      const first = slices.find((s) => s.hostdev)!;
      const list = slices.slice(0, 8).map((s) => `${clip(s.name, 40)} ${s.gb} GB on ${s.where}`).join('; ');
      out.push(
        finding('libvirt/vgpu-mixed-profiles', ctx.range(hostdevAnchor(first.hostdev!)), `Time-sliced vGPUs of different sizes on ${gpu}: ${list} (host sysfs). A GPU runs vGPUs of one framebuffer size unless heterogeneous (mixed-size) mode is enabled, and sysfs does not show that mode (NVML/nvidia-smi do), so it is unconfirmed here: without it the later vGPU fails to start. Use one size per GPU, or enable mixed-size mode and check with nvidia-smi`),
      );
    }
    return out;
  },
);
