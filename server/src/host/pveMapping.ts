// Proxmox VE's cluster-wide PCI resource mappings (/etc/pve/mapping/pci.cfg, Datacenter → Resource Mappings),
// read beside the sysfs root like the OVMF version (/sys → /etc/pve/mapping/pci.cfg; a fake tree's parent folder
// in tests): read-only, a regular file of at most 1 MiB. The format is PVE's section config as PVE::Mapping::PCI
// writes it (proxmox/pve-guest-common src/PVE/Mapping/PCI.pm): an id at the start of a line, then indented
// properties, `map` once per node: `map id=10de:20b5,node=pve1,path=0000:3b:00.0,subsystem-id=10de:1533,iommugroup=15`.
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface PveMappingEntry {
  node?: string;
  /** One or more addresses, `;`-separated as in hostpci. */
  path?: string;
  vendorId?: number;
  deviceId?: string;
  subsystemId?: string;
}

export interface PveMappings {
  source: string;
  ids: Map<string, PveMappingEntry[]>;
}

const MAX_BYTES = 1024 * 1024;

export function parsePveMappings(text: string, source: string): PveMappings {
  const ids = new Map<string, PveMappingEntry[]>();
  let current: PveMappingEntry[] | undefined;
  for (const line of text.split(/\r?\n/)) {
    if (/^\S/.test(line)) {
      const id = line.trim().replace(/^pci:\s*/, '');
      current = [];
      ids.set(id, current);
      continue;
    }
    const m = /^\s+map\s+(\S+)\s*$/.exec(line);
    if (!m || !current) continue;
    const entry: PveMappingEntry = {};
    for (const item of m[1].split(',')) {
      const eq = item.indexOf('=');
      if (eq < 0) continue;
      const k = item.slice(0, eq);
      const v = item.slice(eq + 1);
      if (k === 'node') entry.node = v;
      else if (k === 'path') entry.path = v;
      else if (k === 'id') {
        const ids2 = /^([0-9a-f]{4}):([0-9a-f]{4})$/i.exec(v);
        if (ids2) {
          entry.vendorId = parseInt(ids2[1], 16);
          entry.deviceId = ids2[2].toLowerCase();
        }
      } else if (k === 'subsystem-id') {
        const s = /^([0-9a-f]{4}):([0-9a-f]{4})$/i.exec(v);
        if (s) entry.subsystemId = s[2].toLowerCase();
      }
    }
    current.push(entry);
  }
  return { source, ids };
}

/** `hostRoot` is the host's file system root ("/" for sysfs at "/sys"). */
export function readPveMappings(hostRoot: string): PveMappings | undefined {
  const file = path.join(hostRoot, 'etc', 'pve', 'mapping', 'pci.cfg');
  try {
    const st = fs.lstatSync(file);
    if (!st.isFile() || st.size > MAX_BYTES) return undefined;
    return parsePveMappings(fs.readFileSync(file, 'utf8'), file);
  } catch {
    return undefined;
  }
}
