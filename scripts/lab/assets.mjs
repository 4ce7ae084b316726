// Guest assets of the firmware lab: a Debian cloud kernel and a busybox initramfs.
// Both come from the Debian archive with `apt-get download` and are unpacked with `dpkg-deb -x` into
// the gitignored cache folder; nothing binary is committed.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync, readFileSync, chmodSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

function sh(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', ...opts });
  if (r.error) throw new Error(`${cmd}: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}: ${(r.stderr || '').trim()}`);
  return r.stdout;
}

/** The real package behind the `linux-image-cloud-amd64` meta-package, e.g. linux-image-6.1.0-57-cloud-amd64. */
export function resolveKernelPackage(meta = 'linux-image-cloud-amd64') {
  const out = sh('apt-cache', ['depends', meta]);
  const m = out.match(/Depends:\s*(linux-image-[0-9][^\s]*-cloud-amd64)/);
  if (!m) throw new Error(`cannot resolve the kernel package behind ${meta} (apt-cache depends said: ${out.trim()})`);
  return m[1];
}

/** Downloads `pkg` (once) into `dir/debs` and unpacks it into `dir/<pkg>`; returns the unpack folder. */
function fetchDeb(dir, pkg) {
  const unpacked = join(dir, pkg);
  if (existsSync(join(unpacked, '.complete'))) return unpacked;
  const debs = join(dir, 'debs');
  mkdirSync(debs, { recursive: true });
  chmodSync(debs, 0o777); // lets apt's sandbox user write here
  let deb = readdirSync(debs).find((f) => f.startsWith(`${pkg}_`) && f.endsWith('.deb'));
  if (!deb) {
    console.log(`lab: apt-get download ${pkg}`);
    sh('apt-get', ['download', '-q', pkg], { cwd: debs });
    deb = readdirSync(debs).find((f) => f.startsWith(`${pkg}_`) && f.endsWith('.deb'));
    if (!deb) throw new Error(`apt-get download ${pkg} produced no .deb`);
  }
  rmSync(unpacked, { recursive: true, force: true });
  sh('dpkg-deb', ['-x', join(debs, deb), unpacked]);
  writeFileSync(join(unpacked, '.complete'), deb + '\n');
  return unpacked;
}

/**
 * Returns { kernel, initrd, kernelRelease, kernelPackage, kernelDeb, busyboxDeb }.
 * `kernelOverride` / `busyboxOverride` (paths) skip the download for other builds.
 */
export function prepareAssets(cacheDir, { kernelOverride, busyboxOverride } = {}) {
  mkdirSync(cacheDir, { recursive: true });
  let kernel = kernelOverride;
  let kernelPackage = null;
  let kernelDeb = null;
  if (!kernel) {
    kernelPackage = resolveKernelPackage();
    const dir = fetchDeb(cacheDir, kernelPackage);
    const boot = join(dir, 'boot');
    const vmlinuz = readdirSync(boot).find((f) => f.startsWith('vmlinuz-'));
    if (!vmlinuz) throw new Error(`no vmlinuz in ${kernelPackage}`);
    kernel = join(boot, vmlinuz);
    kernelDeb = readFileSync(join(dir, '.complete'), 'utf8').trim();
  }
  if (!existsSync(kernel)) throw new Error(`kernel not found: ${kernel}`);
  const kernelRelease = kernel.split('/').pop().replace(/^vmlinuz-/, '');

  let busybox = busyboxOverride;
  let busyboxDeb = null;
  if (!busybox) {
    const dir = fetchDeb(cacheDir, 'busybox-static');
    busybox = join(dir, 'bin', 'busybox');
    busyboxDeb = readFileSync(join(dir, '.complete'), 'utf8').trim();
  }
  if (!existsSync(busybox)) throw new Error(`busybox not found: ${busybox}`);

  // The initramfs is rebuilt every run (a fraction of a second) so an edited init.sh always takes effect.
  const root = join(cacheDir, 'initramfs-root');
  rmSync(root, { recursive: true, force: true });
  for (const d of ['bin', 'proc', 'sys', 'dev']) mkdirSync(join(root, d), { recursive: true });
  cpSync(busybox, join(root, 'bin', 'busybox'));
  chmodSync(join(root, 'bin', 'busybox'), 0o755);
  cpSync(join(here, 'init.sh'), join(root, 'init'));
  chmodSync(join(root, 'init'), 0o755);
  const initrd = join(cacheDir, 'initrd.cpio.gz');
  sh('bash', ['-c', `set -o pipefail; cd "$1" && find . | sort | cpio -o -H newc --quiet | gzip -1 > "$2"`, 'bash', root, initrd]);
  return { kernel, initrd, kernelRelease, kernelPackage, kernelDeb, busyboxDeb };
}
