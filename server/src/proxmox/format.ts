// The Proxmox VE VM config format (/etc/pve/qemu-server/<vmid>.conf) as the registry (server/src/formats.ts) sees it.
import type { DocumentFormat } from '../service/format';
import { analyseProxmox, ProxmoxAnalysis } from './analyse';
import { proxmoxFeatures } from './features';
import { isKnownKey } from './keys';
import { PROXMOX_RULES } from './rules';

const PATH = /(^|[/\\])qemu-server[/\\][^/\\]+\.conf$/i;

function pathOf(uri: string): string {
  return decodeURIComponent(uri.replace(/[?#].*$/, ''));
}

/** The VMID of a config named <vmid>.conf (Proxmox's own names; VMIDs are 100–999999999). */
export function vmidOf(uri: string): number | undefined {
  const m = /(?:^|[/\\])(\d{3,9})\.conf$/i.exec(pathOf(uri));
  return m ? Number(m[1]) : undefined;
}

/** Keys that only a Proxmox VM config has together: a file with two of them and no foreign line is one. */
const TELLTALE = /^(vmgenid|smbios1|scsihw|ostype|bootdisk|boot|hostpci\d+|efidisk0|net\d+|scsi\d+|sockets|cores|numa|balloon|agent|bios|machine):/;

export function looksLikeProxmox(text: string): boolean {
  let telltale = 0;
  let other = 0;
  for (const raw of text.slice(0, 64 * 1024).split('\n')) {
    const line = raw.replace(/\r$/, '');
    if (/^\s*$/.test(line) || line.startsWith('#') || /^\[[^\]]*\]\s*$/.test(line)) continue;
    const m = /^([a-z][a-z_-]*\d*):\s*\S/.exec(line);
    if (m && isKnownKey(m[1])) {
      if (TELLTALE.test(line)) telltale++;
    } else other++;
  }
  return telltale >= 2 && other <= telltale / 4;
}

export const proxmoxFormat: DocumentFormat<ProxmoxAnalysis> = {
  id: 'proxmox',
  languageIds: ['proxmox'],
  byName: (uri) => PATH.test(pathOf(uri)),
  byContent: (uri, text) => /\.conf$/i.test(pathOf(uri)) || /^untitled:/.test(uri) ? looksLikeProxmox(text) : false,
  analyse: (text, settings, host, client, uri) => analyseProxmox(text, settings, host, client, uri === undefined ? undefined : vmidOf(uri)),
  rules: PROXMOX_RULES.map((r) => r.meta),
  features: proxmoxFeatures,
  comments: 'hash',
  walks: (name, parent) => /\.conf$/i.test(name) && parent === 'qemu-server',
  skipReason: 'not a Proxmox VE VM config',
};
