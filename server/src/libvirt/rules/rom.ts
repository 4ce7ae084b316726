import { NVIDIA_VENDOR_ID } from '../../catalog/gpus';
import { findRomImage, readRomHead, ROM_READ_CAP } from '../../host/romFile';
import { defineRule, finding } from '../../service/rule';
import type { Finding } from '../../service/types';
import type { LibvirtContext } from '../context';
import { clip, hostDeviceOf, vendorDevice } from '../host/facts';
import { attr, child } from '../xml/dom';

const hex4 = (n: number) => n.toString(16).padStart(4, '0');

/**
 * <rom file='…'/> replaces the device's option ROM: QEMU exposes that file as the ROM BAR. A file that
 * cannot be read stops the domain; one that is not a ROM image, or is another device's, gives the
 * guest firmware no (or the wrong) GOP/VBIOS. Only checked on the host (the path is a host path).
 */
export const romRule = defineRule<LibvirtContext>(
  { id: 'libvirt/rom', defaultSeverity: 'error', description: '<rom file> missing, unreadable, not a ROM image, for another device, or with a flash-tool header before the image.', fixable: false },
  (ctx) => {
    const host = ctx.host;
    if (!host || !ctx.domain) return [];
    const out: Finding[] = [];
    for (const h of ctx.domain.hostdevs) {
      if (h.kind !== 'pci') continue;
      const fileAttr = attr(child(h.el, 'rom'), 'file');
      if (!fileAttr?.valueSpan) continue;
      const file = fileAttr.value.trim();
      if (!file.startsWith('/')) continue; // libvirt takes absolute paths; a relative one is a schema matter
      const range = ctx.range(fileAttr.valueSpan);
      const shown = `'${clip(file)}'`;
      const read = readRomHead(file);
      if (!read.ok) {
        out.push(finding('libvirt/rom', range, `ROM file ${shown} ${read.reason}: QEMU cannot load it and the domain does not start`));
        continue;
      }
      if (read.size === 0) {
        out.push(finding('libvirt/rom', range, `ROM file ${shown} is empty`));
        continue;
      }
      const img = findRomImage(read.bytes);
      if (!img) {
        out.push(finding('libvirt/rom', range, `ROM file ${shown} has no PCI option ROM image (no 0x55AA signature with a PCIR structure in its first ${ROM_READ_CAP / 1024} KiB): it is not a vBIOS dump`));
        continue;
      }
      if (img.offset > 0) {
        const nvidia = img.vendorId === NVIDIA_VENDOR_ID ? ' – an NVIDIA flash-tool (nvflash) header' : '';
        out.push(finding('libvirt/rom', range, `ROM file ${shown} starts with ${img.offset} bytes before the 0x55AA signature${nvidia}: firmware looks for the signature at offset 0, so the guest sees no ROM. Strip the first ${img.offset} bytes (e.g. dd bs=1 skip=${img.offset})`));
        continue;
      }
      const dev = hostDeviceOf(host, h);
      if (dev && (img.vendorId !== dev.vendorId || hex4(img.deviceId) !== dev.deviceId)) {
        out.push(finding('libvirt/rom', range, `ROM file ${shown} is for ${hex4(img.vendorId)}:${hex4(img.deviceId)} (its PCIR structure), but ${dev.address} is ${vendorDevice(dev)} (host sysfs): the guest firmware would run another device's ROM`));
      }
    }
    return out;
  },
);
