// Shared test helpers for the libvirt front end: run the service, apply fixes, a fake host inventory.
import type { TextEdit } from 'vscode-languageserver-types';
import type { HostInventory, HostMdev, HostPciDevice, MdevType } from '../../server/src/host/inventory';
import { LanguageService } from '../../server/src/service/languageService';
import { LineIndex } from '../../server/src/service/text';
import { DEFAULT_SETTINGS, Settings } from '../../server/src/service/types';

export const NO_HOST_SETTINGS: Settings = { ...DEFAULT_SETTINGS, host: { ...DEFAULT_SETTINGS.host, enabled: false } };

import { applyEdits } from '../helpers/applyEdits';
export { applyEdits };

export function service(host?: HostInventory): LanguageService {
  return new LanguageService(host ? { host: () => host } : {});
}

export function findingsOf(text: string, opts: { host?: HostInventory; uri?: string; settings?: Settings } = {}) {
  const settings = opts.settings ?? (opts.host ? DEFAULT_SETTINGS : NO_HOST_SETTINGS);
  return service(opts.host).findings({ uri: opts.uri ?? 'file:///vm.xml', text }, settings);
}

export function only(text: string, ruleId: string, opts: { host?: HostInventory; settings?: Settings } = {}) {
  return findingsOf(text, opts).filter((f) => f.ruleId === ruleId);
}

/** The text after applying the finding's first (or n-th) fix. */
export function fixed(text: string, f: { fixes?: { edits: TextEdit[] }[] }, n = 0): string {
  const fix = f.fixes?.[n];
  if (!fix) throw new Error('finding has no fix');
  return applyEdits(text, fix.edits);
}

export const A100_80_ADDRESS = '0000:3b:00.0';
export const P4_ADDRESS = '0000:83:00.0';
export const MDEV_UUID = '98d19132-f8f0-4d19-8743-9efa23e6c493';

const MiB = 1;
const GiB = 1024;

function p4Types(): MdevType[] {
  const t = (id: string, name: string, fb: string): MdevType => ({
    id,
    name,
    description: `num_heads=1, frl_config=60, framebuffer=${fb}, max_resolution=4096x2160, max_instance=1`,
    availableInstances: 1,
    parent: P4_ADDRESS,
  });
  return [t('nvidia-289', 'GRID P4-8C', '8192M'), t('nvidia-288', 'GRID P4-4C', '4096M'), t('nvidia-157', 'GRID P4-2B', '2048M')];
}

/**
 * A host with an A100 PCIe 80 GB (10de:20b5) whose sysfs regions are BAR0 16 MB, BAR1 128 GB, BAR3 32 MB
 * (the layout in the catalog's source), and a Tesla P4 (10de:1bb3) offering three vGPU types, one instantiated.
 */
export function fakeHost(): HostInventory {
  const devices: HostPciDevice[] = [
    {
      address: A100_80_ADDRESS,
      vendorId: 0x10de,
      deviceId: '20b5',
      classCode: 0x030200,
      bars: [
        { index: 0, sizeMb: 16 * MiB, is64Bit: false, prefetchable: false },
        { index: 1, sizeMb: 128 * GiB, is64Bit: true, prefetchable: true },
        { index: 3, sizeMb: 32 * MiB, is64Bit: true, prefetchable: true },
      ],
      mdevTypes: [],
      creatableVgpuTypes: [],
    },
    { address: P4_ADDRESS, vendorId: 0x10de, deviceId: '1bb3', classCode: 0x030200, bars: [], mdevTypes: p4Types(), creatableVgpuTypes: [] },
  ];
  const mdevs: HostMdev[] = [{ uuid: MDEV_UUID, typeId: 'nvidia-289', parent: P4_ADDRESS }];
  return {
    root: 'test/fake-sysfs',
    device: (address) => devices.find((d) => d.address === address),
    devices: () => devices,
    mdevTypes: (parent) => devices.filter((d) => parent === undefined || d.address === parent).flatMap((d) => d.mdevTypes),
    mdevs: () => mdevs,
  };
}

/** A minimal valid domain with `os`, `extra` top-level elements and `devices` inside <devices>. */
export function domain(opts: { attrs?: string; os?: string; extra?: string; devices?: string } = {}): string {
  return [
    `<domain type='kvm'${opts.attrs ?? ''}>`,
    '  <name>gpu-vm</name>',
    "  <memory unit='GiB'>16</memory>",
    "  <vcpu placement='static'>4</vcpu>",
    opts.os ?? "  <os>\n    <type arch='x86_64' machine='pc-q35-8.2'>hvm</type>\n  </os>",
    ...(opts.extra ? [opts.extra] : []),
    '  <devices>',
    ...(opts.devices ? [opts.devices] : []),
    '  </devices>',
    '</domain>',
    '',
  ].join('\n');
}

export function pciHostdev(address = A100_80_ADDRESS): string {
  const [d, b, sf] = address.split(':');
  const [s, f] = sf.split('.');
  return [
    "    <hostdev mode='subsystem' type='pci' managed='yes'>",
    '      <source>',
    `        <address domain='0x${d}' bus='0x${b}' slot='0x${s}' function='0x${f}'/>`,
    '      </source>',
    '    </hostdev>',
  ].join('\n');
}

/** LSP range of the n-th occurrence of `needle` in `text` (exact positions without counting by hand). */
export function rangeOf(text: string, needle: string, nth = 0): { start: { line: number; character: number }; end: { line: number; character: number } } {
  let at = -1;
  for (let i = 0; i <= nth; i++) {
    at = text.indexOf(needle, at + 1);
    if (at < 0) throw new Error(`"${needle}" not found`);
  }
  const index = new LineIndex(text);
  return index.range({ start: at, end: at + needle.length });
}
