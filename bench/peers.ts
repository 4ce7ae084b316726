// Peers measured in the same run on the same XML files: libxml2's `xmllint` (parse only, and RelaxNG
// validation against libvirt's installed domain schema, which is what `virt-xml-validate` runs).
// Their times include one process start; that is how people run them, and it is a few ms against
// hundreds.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mb } from './generate';
import { median } from './stats';
import { performance } from 'node:perf_hooks';

export const DOMAIN_RNG = '/usr/share/libvirt/schemas/domain.rng';

export interface PeerAvailability {
  xmllint: boolean;
  relaxng: boolean;
  reason?: string;
}

export function peerAvailability(): PeerAvailability {
  const r = spawnSync('xmllint', ['--version'], { encoding: 'utf8' });
  if (r.error || r.status !== 0) {
    return { xmllint: false, relaxng: false, reason: 'xmllint not found (apt-get install -y --no-install-recommends libxml2-utils libvirt-clients)' };
  }
  if (!existsSync(DOMAIN_RNG)) return { xmllint: true, relaxng: false, reason: `${DOMAIN_RNG} not found (apt-get install -y --no-install-recommends libvirt-clients)` };
  return { xmllint: true, relaxng: true };
}

export interface PeerFigure {
  bytes: number;
  parse: number | null;
  relaxng: number | null;
  /** Whether xmllint accepted the file under the schema (the generator must produce valid libvirt). */
  valid: boolean | null;
}

function timeCommand(args: string[], repeats: number): { ms: number; ok: boolean } {
  const times: number[] = [];
  let ok = true;
  for (let i = 0; i < repeats; i++) {
    const t0 = performance.now();
    const r = spawnSync('xmllint', args, { encoding: 'utf8', maxBuffer: 1 << 26 });
    times.push(performance.now() - t0);
    if (r.status !== 0) ok = false;
  }
  return { ms: median(times), ok };
}

export function runPeers(texts: Map<number, string>, repeats: number, avail: PeerAvailability): Map<number, PeerFigure> {
  const out = new Map<number, PeerFigure>();
  if (!avail.xmllint) return out;
  const dir = mkdtempSync(join(tmpdir(), 'vgpu-bench-xml-'));
  for (const [bytes, text] of texts) {
    const file = join(dir, `domain-${mb(bytes).replace(/\W+/g, '_')}.xml`);
    writeFileSync(file, text);
    const n = bytes >= 8e6 ? Math.max(3, repeats >> 2) : Math.max(3, repeats >> 1);
    const parse = timeCommand(['--noout', file], n);
    const rng = avail.relaxng ? timeCommand(['--noout', '--relaxng', DOMAIN_RNG, file], n) : null;
    out.set(bytes, { bytes, parse: parse.ms, relaxng: rng?.ms ?? null, valid: rng ? rng.ok : null });
  }
  return out;
}
