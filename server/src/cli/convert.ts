// `vgpu-lint convert --to libvirt|proxmox [--gpu ADDR=MODEL] FILE.vmx`: the .vmx's GPU settings as a libvirt domain
// or a Proxmox config on stdout. Exit codes: 0 converted, 1 the input has errors that make the result meaningless,
// 2 bad usage or an unreadable file.
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { CONVERT_TARGETS, ConvertTarget } from '../convert';
import { hostInventoryFor } from '../config/hostInventory';
import { mergeSettings, SettingsOverrides } from '../config/settings';
import { isVmxUri, LanguageService } from '../service/languageService';
import { DEFAULT_SETTINGS } from '../service/types';
import { escapeControls } from '../util/userText';
import { GPU_AND_HOST_OPTIONS, gpuAndHostOverrides, UsageError } from './args';
import { PathError, readTextFile } from './files';

export const CONVERT_USAGE = `usage: vgpu-lint convert --to libvirt|proxmox [options] FILE.vmx

Prints the GPU settings of a VMware .vmx as a libvirt domain XML or a Proxmox VE config
(/etc/pve/qemu-server/<vmid>.conf) on stdout. What cannot be carried is listed in a comment at the top.

options:
  --to libvirt|proxmox       the target format (required)
  --gpu ADDR=MODEL           treat the host PCI device ADDR as GPU MODEL (repeatable)
  --no-host                  do not read the host's GPUs and vGPU types from sysfs
  --sysfs-root DIR           read the host inventory from DIR instead of /sys
  -h, --help                 show this help

exit codes: 0 converted, 1 the .vmx has errors that make the result meaningless, 2 bad usage or unreadable file.`;

interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
}

export function runConvert(argv: string[], io: Io): number {
  const usage = (message: string): number => {
    io.err(`vgpu-lint convert: ${escapeControls(message)}\n${CONVERT_USAGE}\n`);
    return 2;
  };
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        to: { type: 'string' },
        ...GPU_AND_HOST_OPTIONS,
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    return usage((e as Error).message);
  }
  const v = parsed.values;
  if (v.help) {
    io.out(CONVERT_USAGE + '\n');
    return 0;
  }
  const target = v.to as ConvertTarget | undefined;
  if (!target || !CONVERT_TARGETS.includes(target)) return usage(target ? `--to must be libvirt or proxmox, got "${target}"` : '--to libvirt|proxmox is required');
  if (parsed.positionals.length !== 1) return usage(parsed.positionals.length ? 'give exactly one FILE.vmx' : 'no FILE.vmx given');
  const file = parsed.positionals[0];
  if (!isVmxUri(file)) return usage(`${file} is not a .vmx/.vmtx file`);
  let overrides: SettingsOverrides;
  try {
    overrides = gpuAndHostOverrides(v);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    return usage(e.message);
  }
  const settings = mergeSettings(DEFAULT_SETTINGS, undefined, overrides);
  const absolute = path.resolve(file);
  let text: string;
  try {
    text = readTextFile({ display: file, absolute, explicit: true }).text;
  } catch (e) {
    if (e instanceof PathError) {
      io.err(`vgpu-lint convert: ${escapeControls(e.message)}\n`);
      return 2;
    }
    throw e;
  }
  const service = new LanguageService({ host: hostInventoryFor, client: 'cli' });
  const result = service.convert({ uri: pathToFileURL(absolute).href, text }, target, settings);
  if (!result) return usage(`${file} is not a .vmx/.vmtx file`);
  if (!result.ok) {
    for (const p of result.problems) io.err(`${escapeControls(file)}:${p.line + 1}: ${escapeControls(p.message)}\n`);
    io.err(`vgpu-lint convert: not converted: fix these lines first\n`);
    return 1;
  }
  io.out(result.text);
  return 0;
}
