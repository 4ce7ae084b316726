// Command-line parsing for `vgpu-lint`. Bad usage is a UsageError (exit code 2).
import { parseArgs } from 'node:util';
import { isSeverityLevel } from '../config/configFile';
import type { SettingsOverrides } from '../config/settings';
import { checkGpuMapEntry, unknownRuleProblem } from '../config/validate';
import type { SeverityLevel } from '../service/types';

export type OutputFormat = 'text' | 'json' | 'sarif' | 'gitlab';

export interface CliOptions {
  format: OutputFormat;
  fix: boolean;
  quiet: boolean;
  verbose: boolean;
  config?: string;
  overrides: SettingsOverrides;
  paths: string[];
  help: boolean;
  version: boolean;
}

export class UsageError extends Error {}

export const USAGE = `usage: vgpu-lint [options] PATH...
       vgpu-lint convert --to libvirt|proxmox [--gpu ADDR=MODEL] FILE.vmx   (see vgpu-lint convert --help)

Lints VMware .vmx/.vmtx files, libvirt domain / node-device XML, and the vSphere VMs of Terraform (*.tf) and
Packer (*.pkr.hcl, *.pkr.json) files for GPU passthrough and vGPU. Folders are searched for all of these; XML that
is not libvirt's and Terraform/Packer files without a vSphere VM are skipped.

options:
  --format text|json|sarif|gitlab
                             output format (default: text); gitlab = GitLab Code Quality JSON
  --fix                      apply the safe fixes in place, then report what remains
  --no-host                  do not read the host's GPUs from sysfs
  --sysfs-root DIR           read the host inventory from DIR instead of /sys
  --schema-dir DIR           libvirt RelaxNG schema folder (default: the host's libvirt schemas,
                             else the copy bundled with vgpu-lint; --verbose says which)
  --gpu ADDR=MODEL           treat the host PCI device ADDR as GPU MODEL (repeatable), e.g. 0000:3b:00.0=A100-PCIE-80GB
  --rule ID=LEVEL            set a rule's level: off|hint|info|warning|error (repeatable)
  --config FILE              use FILE instead of the nearest .vgpu-lint.json
  --quiet                    report errors only
  --verbose                  say on stderr what the analysis can use (host inventory, libvirt schemas)
  -h, --help                 show this help
  -v, --version              print the version

exit codes: 0 no error-level problem, 1 error-level problems remain, 2 bad usage or unreadable path.`;

function splitPair(flag: string, value: string, shape = 'KEY=VALUE'): [string, string] {
  const i = value.lastIndexOf('=');
  if (i <= 0 || i === value.length - 1) throw new UsageError(`${flag} expects ${shape}, got "${value}"`);
  return [value.slice(0, i), value.slice(i + 1)];
}

/** The options both `vgpu-lint` and `vgpu-lint convert` declare for the GPU map and the host inventory. */
export const GPU_AND_HOST_OPTIONS = {
  gpu: { type: 'string', multiple: true },
  'no-host': { type: 'boolean' },
  'sysfs-root': { type: 'string' },
} as const;

/**
 * The overrides both `vgpu-lint` and `vgpu-lint convert` take from --gpu, --no-host and --sysfs-root.
 * A malformed --gpu is a UsageError.
 */
export function gpuAndHostOverrides(v: { gpu?: string[]; 'no-host'?: boolean; 'sysfs-root'?: string }): SettingsOverrides {
  const gpuMap: Record<string, string> = {};
  for (const g of v.gpu ?? []) {
    const entry = checkGpuMapEntry(...splitPair('--gpu', g, 'ADDR=MODEL'));
    if (!entry.ok) throw new UsageError(`--gpu: ${entry.problem}`);
    gpuMap[entry.value[0]] = entry.value[1];
  }
  const overrides: SettingsOverrides = {};
  if (Object.keys(gpuMap).length) overrides.gpuMap = gpuMap;
  if (v['no-host'] || v['sysfs-root'] !== undefined) {
    overrides.host = {
      ...(v['no-host'] ? { enabled: false } : {}),
      ...(v['sysfs-root'] !== undefined ? { sysfsRoot: v['sysfs-root'] } : {}),
    };
  }
  return overrides;
}

export function parseCliArgs(argv: string[]): CliOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        format: { type: 'string' },
        fix: { type: 'boolean' },
        ...GPU_AND_HOST_OPTIONS,
        'schema-dir': { type: 'string' },
        rule: { type: 'string', multiple: true },
        config: { type: 'string' },
        quiet: { type: 'boolean' },
        verbose: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
    });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const v = parsed.values;
  const format = v.format ?? 'text';
  if (format !== 'text' && format !== 'json' && format !== 'sarif' && format !== 'gitlab') throw new UsageError(`--format must be text, json, sarif or gitlab, got "${format}"`);

  const rules: Record<string, SeverityLevel> = {};
  for (const r of v.rule ?? []) {
    const [id, level] = splitPair('--rule', r);
    const unknown = unknownRuleProblem(id);
    if (unknown) throw new UsageError(`--rule ${id}: ${unknown}`);
    if (!isSeverityLevel(level)) throw new UsageError(`--rule ${id}: level must be off|hint|info|warning|error, got "${level}"`);
    rules[id] = level;
  }
  const overrides: SettingsOverrides = gpuAndHostOverrides(v);
  if (Object.keys(rules).length) overrides.rules = rules;
  if (v['schema-dir'] !== undefined) overrides.libvirt = { schemaDir: v['schema-dir'] };

  const opts: CliOptions = {
    format,
    fix: !!v.fix,
    quiet: !!v.quiet,
    verbose: !!v.verbose,
    overrides,
    paths: parsed.positionals,
    help: !!v.help,
    version: !!v.version,
    ...(v.config !== undefined ? { config: v.config } : {}),
  };
  if (!opts.help && !opts.version && opts.paths.length === 0) throw new UsageError('no PATH given');
  return opts;
}
