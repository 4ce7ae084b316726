// Merging the layers of settings. Precedence, strongest first:
//   CLI flags / editor settings  >  .vgpu-lint.json  >  built-in defaults.
import type { GpuMap, Settings, SeverityLevel } from '../service/types';
import { DEFAULT_SETTINGS } from '../service/types';
import type { ConfigFile } from './configFile';
import { isSeverityLevel } from './configFile';
import { checkGpuMapEntry, unknownRuleProblem } from './validate';

export interface SettingsOverrides {
  rules?: Record<string, SeverityLevel>;
  host?: { enabled?: boolean; sysfsRoot?: string };
  libvirt?: { schemaDir?: string };
  gpuMap?: GpuMap;
}

export function mergeSettings(base: Settings, config: ConfigFile | undefined, overrides: SettingsOverrides = {}): Settings {
  return {
    rules: { ...base.rules, ...config?.rules, ...overrides.rules },
    host: {
      enabled: overrides.host?.enabled ?? config?.host?.enabled ?? base.host.enabled,
      sysfsRoot: overrides.host?.sysfsRoot ?? config?.host?.sysfsRoot ?? base.host.sysfsRoot,
    },
    libvirt: schemaDirOf(overrides.libvirt?.schemaDir ?? config?.libvirt?.schemaDir ?? base.libvirt.schemaDir),
    gpuMap: { ...base.gpuMap, ...config?.gpuMap, ...overrides.gpuMap },
  };
}

/** `{}` when no layer sets a folder (automatic choice), so an unset value never turns into a path. */
function schemaDirOf(dir: string | undefined): Settings['libvirt'] {
  return dir ? { schemaDir: dir } : {};
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Reads the editor's `vgpuLint` section (as workspace/configuration returns it) leniently:
 * an invalid value is dropped and reported, never fatal, so a typo in settings.json cannot stop the server.
 */
export function editorSettings(raw: unknown, problems: string[] = []): SettingsOverrides {
  const out: SettingsOverrides = {};
  if (!isRecord(raw)) return out;
  if (isRecord(raw.rules)) {
    out.rules = {};
    for (const [id, level] of Object.entries(raw.rules)) {
      const unknown = unknownRuleProblem(id);
      if (unknown) problems.push(`vgpuLint.rules["${id}"]: ignoring an ${unknown}`);
      else if (isSeverityLevel(level)) out.rules[id] = level;
      else problems.push(`vgpuLint.rules["${id}"]: ignoring level ${JSON.stringify(level)}`);
    }
  }
  if (isRecord(raw.host)) {
    out.host = {};
    if (typeof raw.host.enabled === 'boolean') out.host.enabled = raw.host.enabled;
    if (typeof raw.host.sysfsRoot === 'string' && raw.host.sysfsRoot) out.host.sysfsRoot = raw.host.sysfsRoot;
  }
  if (isRecord(raw.libvirt) && typeof raw.libvirt.schemaDir === 'string' && raw.libvirt.schemaDir) {
    out.libvirt = { schemaDir: raw.libvirt.schemaDir };
  }
  if (isRecord(raw.gpuMap)) {
    out.gpuMap = {};
    for (const [addr, model] of Object.entries(raw.gpuMap)) {
      const entry = checkGpuMapEntry(addr, model);
      if (entry.ok) out.gpuMap[entry.value[0]] = entry.value[1];
      else problems.push(`vgpuLint.gpuMap["${addr}"]: ignoring this entry: ${entry.problem}`);
    }
  }
  return out;
}

export { DEFAULT_SETTINGS };
