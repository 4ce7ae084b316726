// Which libvirt RelaxNG schema folder libvirt/schema validates against, and how to name it to users.
// Order: a folder the user set (vgpuLint.libvirt.schemaDir, .vgpu-lint.json, --schema-dir) when it
// holds domain.rng; otherwise the schemas libvirt installed on this machine; otherwise the copy of
// libvirt's schemas bundled with vgpu-lint (server/schemas/libvirt, dist/schemas/libvirt once built).
// A folder the user set that is missing or has no domain.rng is not silently ignored: the set carries
// a `problem` that the CLI prints once on stderr and the server logs once, and the bundled set is used.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Where libvirt installs its schemas: distribution packages, then a source build with the default prefix. */
export const HOST_SCHEMA_DIRS = ['/usr/share/libvirt/schemas', '/usr/local/share/libvirt/schemas'];

/**
 * Test-only: a folder that stands in for `/` when looking for the host's schemas and its dpkg
 * database (an empty folder = a machine without libvirt). Never needed in normal use.
 */
export const HOST_ROOT_ENV = 'VGPU_LINT_TEST_HOST_ROOT';

export type SchemaOrigin = 'user' | 'host' | 'bundled';

export interface SchemaSet {
  origin: SchemaOrigin;
  /** Absolute folder holding domain.rng and nodedev.rng. */
  dir: string;
  /** libvirt version of the schemas, when it can be told (bundled: always). */
  version?: string;
  /** For logs and `vgpu-lint --verbose`: `bundled (libvirt 9.0.0)`, `host /usr/share/libvirt/schemas (libvirt 9.0.0)`. */
  label: string;
  /** For the hover of a schema finding: `bundled libvirt 9.0.0`, `host libvirt 10.0.0`, `/my/schemas`. */
  short: string;
  /** Set when a folder the user chose could not be used: what was wrong and what is used instead. */
  problem?: string;
}

export interface SchemaSetOptions {
  /** Folders to look for the host's schemas in (default: HOST_SCHEMA_DIRS under the host root). */
  hostDirs?: string[];
  /** The bundled copy (default: found beside the running code). */
  bundledDir?: string;
  /** dpkg's status file, to tell the version of host schemas that differ from the bundled ones. */
  dpkgStatus?: string;
}

const hasDomainRng = (dir: string) => {
  try {
    return fs.statSync(path.join(dir, 'domain.rng')).isFile();
  } catch {
    return false;
  }
};

/** The bundled schemas: dist/schemas/libvirt beside the bundles, or server/schemas/libvirt when run from source. */
export function bundledSchemaDir(): string {
  const candidates = [path.join(__dirname, 'schemas', 'libvirt'), path.resolve(__dirname, '..', '..', '..', 'schemas', 'libvirt')];
  return candidates.find(hasDomainRng) ?? candidates[candidates.length - 1];
}

function hostRoot(): string {
  return process.env[HOST_ROOT_ENV] || '/';
}

function defaultHostDirs(): string[] {
  const root = hostRoot();
  return root === '/' ? HOST_SCHEMA_DIRS : HOST_SCHEMA_DIRS.map((d) => path.join(root, d));
}

const digests = new Map<string, string | undefined>();

/** SHA-256 over the names and contents of the folder's *.rng files: equal digests, equal schemas. */
function schemaDigest(dir: string): string | undefined {
  if (digests.has(dir)) return digests.get(dir);
  let digest: string | undefined;
  try {
    const hash = createHash('sha256');
    for (const name of fs.readdirSync(dir).filter((n) => n.endsWith('.rng')).sort()) {
      hash.update(`${name}\0`);
      hash.update(fs.readFileSync(path.join(dir, name)));
      hash.update('\0');
    }
    digest = hash.digest('hex');
  } catch {
    digest = undefined;
  }
  digests.set(dir, digest);
  return digest;
}

function bundledVersion(bundledDir: string): string | undefined {
  try {
    return fs.readFileSync(path.join(bundledDir, 'VERSION'), 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}

/** Upstream version of Debian/Ubuntu's installed libvirt0 (`9.0.0-4+deb12u2` → `9.0.0`), from dpkg's status file. */
export function dpkgLibvirtVersion(statusFile: string): string | undefined {
  let text: string;
  try {
    text = fs.readFileSync(statusFile, 'utf8');
  } catch {
    return undefined;
  }
  for (const para of text.split(/\n\n+/)) {
    if (!/^Package: libvirt0$/m.test(para) || !/^Status: install ok installed$/m.test(para)) continue;
    const v = /^Version: (.+)$/m.exec(para)?.[1].trim();
    if (v) return v.replace(/^\d+:/, '').replace(/-[^-]*$/, '');
  }
  return undefined;
}

/** The libvirt version of the schemas in `dir`: the bundled version when the files are identical, else dpkg's for the usual host folder. */
function versionOf(dir: string, bundledDir: string, dpkgStatus: string | undefined): string | undefined {
  const bundled = bundledVersion(bundledDir);
  if (path.resolve(dir) === path.resolve(bundledDir)) return bundled;
  const d = schemaDigest(dir);
  if (d !== undefined && d === schemaDigest(bundledDir)) return bundled;
  const isDebianDir = HOST_SCHEMA_DIRS[0] === dir || path.join(hostRoot(), HOST_SCHEMA_DIRS[0]) === dir;
  return isDebianDir ? dpkgLibvirtVersion(dpkgStatus ?? path.join(hostRoot(), 'var', 'lib', 'dpkg', 'status')) : undefined;
}

const withVersion = (v: string | undefined) => (v ? `libvirt ${v}` : 'libvirt version unknown');

function bundledSet(bundledDir: string, problem?: string): SchemaSet {
  const version = bundledVersion(bundledDir);
  return {
    origin: 'bundled',
    dir: bundledDir,
    ...(version ? { version } : {}),
    label: `bundled (${withVersion(version)})`,
    short: `bundled ${withVersion(version)}`,
    ...(problem ? { problem } : {}),
  };
}

const resolved = new Map<string, SchemaSet>();

/**
 * The schema set for a `schemaDir` setting (undefined or '' = not set: automatic). Cached per
 * setting and lookup folders; the file system is looked at once per process for each.
 */
export function resolveSchemaSet(schemaDir: string | undefined, opts: SchemaSetOptions = {}): SchemaSet {
  const hostDirs = opts.hostDirs ?? defaultHostDirs();
  const bundledDir = path.resolve(opts.bundledDir ?? bundledSchemaDir());
  const key = [schemaDir ?? '', bundledDir, opts.dpkgStatus ?? '', ...hostDirs].join('\0');
  let set = resolved.get(key);
  if (!set) {
    set = compute(schemaDir || undefined, hostDirs, bundledDir, opts.dpkgStatus);
    resolved.set(key, set);
  }
  return set;
}

function compute(schemaDir: string | undefined, hostDirs: string[], bundledDir: string, dpkgStatus: string | undefined): SchemaSet {
  if (schemaDir !== undefined) {
    const dir = path.resolve(schemaDir);
    if (hasDomainRng(dir)) {
      const version = versionOf(dir, bundledDir, dpkgStatus);
      return { origin: 'user', dir, ...(version ? { version } : {}), label: `${dir} (${withVersion(version)}, set by the user)`, short: version ? `${dir}, libvirt ${version}` : dir };
    }
    const why = fs.existsSync(dir) ? 'has no domain.rng' : 'does not exist';
    const fallback = bundledSet(bundledDir);
    return bundledSet(bundledDir, `libvirt schema folder ${dir} ${why}: using the ${fallback.label.replace(/^bundled/, 'bundled schemas')} instead`);
  }
  for (const d of hostDirs) {
    const dir = path.resolve(d);
    if (!hasDomainRng(dir)) continue;
    const version = versionOf(dir, bundledDir, dpkgStatus);
    return { origin: 'host', dir, ...(version ? { version } : {}), label: `host ${dir} (${withVersion(version)})`, short: `host ${withVersion(version)}` };
  }
  return bundledSet(bundledDir);
}
