// How a host device is named in messages, for every format's host rules.
import type { HostPciDevice } from './inventory';
import { describeClass } from './inventory';

/** Quoted host or user strings stay short in messages. */
export function clip(text: string, max = 200): string {
  const oneLine = text.replace(/[\r\n\t]+/g, ' ');
  return oneLine.length > max ? `${oneLine.slice(0, max - 1)}…` : oneLine;
}

/** vfio-pci itself, or a vfio-pci variant driver (nvgrace_gpu_vfio_pci, mlx5_vfio_pci, a vendor's vGPU VFIO driver). */
export function isVfioDriver(driver: string | undefined): boolean {
  return driver !== undefined && (driver === 'vfio-pci' || /vfio/i.test(driver));
}

/** "0000:09:00.1 (audio 0x0403, driver snd_hda_intel)". */
export function describeMember(d: HostPciDevice): string {
  const extra = d.netUp?.length ? `, interface ${clip(d.netUp.join('/'), 60)} up` : '';
  return `${d.address} (${describeClass(d.classCode)}, ${d.driver ? `driver ${clip(d.driver, 60)}` : 'no driver'}${extra})`;
}

export function vendorDevice(d: HostPciDevice): string {
  return `${d.vendorId.toString(16).padStart(4, '0')}:${d.deviceId}`;
}

/** Why the host's boot GPU cannot be assigned as it is, and what to do (kernel sysfb/simpledrm, efifb). */
export function bootVgaExplanation(address: string, console: string): string {
  return `${address} is the host's boot GPU (host sysfs: boot_vga = 1): the firmware framebuffer (efifb or simpledrm) keeps part of its BAR reserved, so vfio-pci reports "BAR 0: can't reserve" and the guest driver fails to start. Keep the ${console} console off it: boot with initcall_blacklist=sysfb_init (kernels with simpledrm) or video=efifb:off (efifb), or make another GPU the primary display in the firmware setup`;
}

/** Types as "1155 (NVIDIA L40S-1B), 1156 (NVIDIA L40S-2B), … 3 more"; `empty` when there are none. */
export function typeList(types: { id: string; name?: string }[], empty = 'none', max = 8): string {
  if (!types.length) return empty;
  return types.slice(0, max).map((t) => `${t.id}${t.name ? ` (${clip(t.name, 40)})` : ''}`).join(', ') + (types.length > max ? `, … ${types.length - max} more` : '');
}
