// `.vgpu-lint.json`: per-project rule levels, ignore globs, GPU map and host options.
// Shared by the CLI and the language server so both read a project the same way.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import picomatch from 'picomatch';
import type { GpuMap, SeverityLevel } from '../service/types';
import { checkGpuMapEntry, unknownRuleProblem } from './validate';

export const CONFIG_FILE_NAME = '.vgpu-lint.json';

export const SEVERITY_LEVELS: readonly SeverityLevel[] = ['off', 'hint', 'info', 'warning', 'error'];
const LEVELS = SEVERITY_LEVELS;

export interface ConfigFile {
  /** Absolute path of the file it was read from. */
  path: string;
  rules: Record<string, SeverityLevel>;
  /** Globs relative to the config file's directory. */
  ignore: string[];
  gpuMap: GpuMap;
  host?: { enabled?: boolean; sysfsRoot?: string };
  libvirt?: { schemaDir?: string };
}

export class ConfigError extends Error {
  constructor(readonly file: string, detail: string) {
    super(`${file}: ${detail}`);
    this.name = 'ConfigError';
  }
}

export function isSeverityLevel(v: unknown): v is SeverityLevel {
  return typeof v === 'string' && (LEVELS as readonly string[]).includes(v);
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Validates a parsed config object; every problem is an error because a silently ignored setting misleads CI. */
export function parseConfig(text: string, file: string): ConfigFile {
  let raw: unknown;
  try {
    raw = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new ConfigError(file, `not valid JSON (${(e as Error).message})`);
  }
  if (!isPlainObject(raw)) throw new ConfigError(file, 'expected a JSON object');
  const known = new Set(['$schema', 'rules', 'ignore', 'gpuMap', 'host', 'libvirt']);
  for (const key of Object.keys(raw)) {
    if (!known.has(key)) throw new ConfigError(file, `unknown property "${key}" (expected ${[...known].slice(1).join(', ')})`);
  }
  const config: ConfigFile = { path: file, rules: {}, ignore: [], gpuMap: {} };

  if (raw.rules !== undefined) {
    if (!isPlainObject(raw.rules)) throw new ConfigError(file, '"rules" must be an object of rule id → level');
    for (const [id, level] of Object.entries(raw.rules)) {
      const unknown = unknownRuleProblem(id);
      if (unknown) throw new ConfigError(file, `rule "${id}": ${unknown}`);
      if (!isSeverityLevel(level)) throw new ConfigError(file, `rule "${id}": level must be one of ${LEVELS.join('|')}, got ${JSON.stringify(level)}`);
      config.rules[id] = level;
    }
  }
  if (raw.ignore !== undefined) {
    if (!Array.isArray(raw.ignore) || raw.ignore.some((g) => typeof g !== 'string' || g === '')) {
      throw new ConfigError(file, '"ignore" must be an array of non-empty glob strings');
    }
    config.ignore = raw.ignore as string[];
  }
  if (raw.gpuMap !== undefined) {
    if (!isPlainObject(raw.gpuMap)) throw new ConfigError(file, '"gpuMap" must be an object of PCI address → GPU model');
    for (const [addr, model] of Object.entries(raw.gpuMap)) {
      const entry = checkGpuMapEntry(addr, model);
      if (!entry.ok) throw new ConfigError(file, `gpuMap "${addr}": ${entry.problem}`);
      config.gpuMap[entry.value[0]] = entry.value[1];
    }
  }
  if (raw.host !== undefined) {
    if (!isPlainObject(raw.host)) throw new ConfigError(file, '"host" must be an object { enabled?, sysfsRoot? }');
    const { enabled, sysfsRoot, ...rest } = raw.host;
    if (Object.keys(rest).length) throw new ConfigError(file, `unknown property "host.${Object.keys(rest)[0]}"`);
    if (enabled !== undefined && typeof enabled !== 'boolean') throw new ConfigError(file, '"host.enabled" must be true or false');
    if (sysfsRoot !== undefined && typeof sysfsRoot !== 'string') throw new ConfigError(file, '"host.sysfsRoot" must be a string');
    config.host = {
      ...(enabled !== undefined ? { enabled } : {}),
      ...(sysfsRoot !== undefined ? { sysfsRoot: path.resolve(path.dirname(file), sysfsRoot) } : {}),
    };
  }
  if (raw.libvirt !== undefined) {
    if (!isPlainObject(raw.libvirt)) throw new ConfigError(file, '"libvirt" must be an object { schemaDir? }');
    const { schemaDir, ...rest } = raw.libvirt;
    if (Object.keys(rest).length) throw new ConfigError(file, `unknown property "libvirt.${Object.keys(rest)[0]}"`);
    if (schemaDir !== undefined && typeof schemaDir !== 'string') throw new ConfigError(file, '"libvirt.schemaDir" must be a string');
    config.libvirt = schemaDir !== undefined ? { schemaDir: path.resolve(path.dirname(file), schemaDir) } : {};
  }
  return config;
}

export function loadConfig(file: string): ConfigFile {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new ConfigError(file, `cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  return parseConfig(text, path.resolve(file));
}

/** True when `file` matches one of the config's ignore globs (relative to the config's directory). */
export function isIgnored(config: ConfigFile, file: string): boolean {
  if (config.ignore.length === 0) return false;
  const rel = path.relative(path.dirname(config.path), path.resolve(file)).split(path.sep).join('/');
  if (rel.startsWith('../') || rel === '..' || path.isAbsolute(rel)) return false;
  const match = picomatch(config.ignore, { dot: true });
  // A glob naming a folder ("legacy", "build/**") also ignores everything below it.
  const parts = rel.split('/');
  for (let i = parts.length; i > 0; i--) if (match(parts.slice(0, i).join('/'))) return true;
  return false;
}
