// Which OVMF build the host has installed, read from the Debian/Ubuntu package database (read-only, a regular
// file only). OVMF from edk2-stable202211 on sizes its 64-bit PCI window from the CPU's address bits; older builds
// use a fixed 32 GiB (model/firmware/placement.ts), so the version decides verdicts the domain XML cannot.
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface OvmfVersion {
  /** As the package database states it: "2022.11-6+deb12u2". */
  version: string;
  /** edk2 stable tag as YYYYMM: 202211. */
  release: number;
  /** Where it was read. */
  source: string;
}

const MAX_STATUS_BYTES = 64 * 1024 * 1024;

/** `hostRoot` is the host's file system root ("/" for sysfs at "/sys"). */
export function readOvmfVersion(hostRoot: string): OvmfVersion | undefined {
  const file = path.join(hostRoot, 'var', 'lib', 'dpkg', 'status');
  let text: string;
  try {
    const st = fs.lstatSync(file);
    if (!st.isFile() || st.size > MAX_STATUS_BYTES) return undefined;
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  const stanza = /(?:^|\n)Package: ovmf\n(?:[^\n]+\n)*?Version: ([^\n]+)/.exec(text);
  if (!stanza) return undefined;
  const version = stanza[1].trim();
  // Debian: 2022.11-6+deb12u2; Ubuntu: 2022.02-3ubuntu0.22.04.1, 2024.02-2; older: 0~20191122.bd85bf54-2.
  const m = /^(?:\d+:)?(?:0~)?(\d{4})\.?(\d{2})/.exec(version);
  if (!m) return undefined;
  return { version, release: Number(m[1]) * 100 + Number(m[2]), source: file };
}
