// The JSON Schema of `.vgpu-lint.json`, built from the same tables the config parser checks against: the rule
// registry (rule ids), the severity levels, the PCI address grammar and the GPU catalog (model names). The file
// `schemas/vgpu-lint.schema.json` is this object, written by `node --import tsx scripts/gen-config-schema.mjs`;
// a test fails when the two differ, so the schema cannot drift from the registry.
import { GPUS } from '../catalog/gpus';
import { allRuleMeta, RETIRED_RULE_IDS } from '../service/registry';
import { CONFIG_FILE_NAME, SEVERITY_LEVELS } from './configFile';

/** parseLspciAddress's grammar: optional 1–4 hex digit domain, bus, slot, function 0–7 (surrounding blanks allowed). */
export const PCI_ADDRESS_PATTERN = '^\\s*(?:[0-9a-fA-F]{1,4}:)?[0-9a-fA-F]{1,2}:[0-9a-fA-F]{1,2}\\.[0-7]\\s*$';

/** A regular expression matching `word` in any letter case (JSON Schema patterns have no case-insensitive flag). */
function anyCase(word: string): string {
  return [...word]
    .map((c) => {
      if (/[a-z]/i.test(c) && c.toLowerCase() !== c.toUpperCase()) return `[${c.toUpperCase()}${c.toLowerCase()}]`;
      return /[\\^$.*+?()[\]{}|]/.test(c) ? `\\${c}` : c;
    })
    .join('');
}

/** Every id a configuration may name: the registered rules and the retired ones (accepted, without effect). */
export function ruleIds(): string[] {
  return [...allRuleMeta().keys(), ...RETIRED_RULE_IDS.keys()].sort();
}

export function configSchema(): Record<string, unknown> {
  const ids = GPUS.map((g) => g.id);
  const names = GPUS.map((g) => g.name);
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://github.com/vgpu-tools/vgpu-config-assistant/schemas/vgpu-lint.schema.json',
    title: CONFIG_FILE_NAME,
    description: 'vgpu-lint project configuration: rule levels, ignore globs, GPU map, host and libvirt options. Found by walking up from each linted file.',
    type: 'object',
    additionalProperties: false,
    properties: {
      $schema: { type: 'string' },
      rules: {
        description: 'Rule id → level. Every rule and its default level: docs/rules/README.md.',
        type: 'object',
        propertyNames: { enum: ruleIds() },
        additionalProperties: { enum: [...SEVERITY_LEVELS] },
      },
      ignore: {
        description: 'Globs (picomatch) relative to this file\'s folder; a glob naming a folder ignores everything below it.',
        type: 'array',
        items: { type: 'string', minLength: 1 },
      },
      gpuMap: {
        description: 'Host PCI address (lspci form, e.g. 0000:3b:00.0) → GPU model, for editing away from the host.',
        type: 'object',
        propertyNames: { pattern: PCI_ADDRESS_PATTERN },
        additionalProperties: {
          description: 'A GPU of the catalog, by id (e.g. A100-PCIE-80GB) or name, in any letter case.',
          anyOf: [{ enum: [...ids, ...names] }, { type: 'string', pattern: `^\\s*(?:${[...ids, ...names].map(anyCase).join('|')})\\s*$` }],
        },
        examples: [{ '0000:83:00.0': 'A100-PCIE-80GB' }],
      },
      host: {
        type: 'object',
        additionalProperties: false,
        properties: {
          enabled: { type: 'boolean', description: 'Read the host\'s GPUs, BAR sizes and mdev types from sysfs (read-only).' },
          sysfsRoot: { type: 'string', description: 'sysfs root, relative to this file\'s folder.' },
        },
      },
      libvirt: {
        type: 'object',
        additionalProperties: false,
        properties: { schemaDir: { type: 'string', description: 'libvirt RelaxNG schema folder, relative to this file\'s folder.' } },
      },
    },
  };
}
