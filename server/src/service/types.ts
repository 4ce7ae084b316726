// Plain types shared by the language service, the rules, the server and the CLI.
// Only LSP *types* are used here (vscode-languageserver-types), never a connection or an editor API.
import type { Range, TextEdit } from 'vscode-languageserver-types';

export type SeverityLevel = 'off' | 'hint' | 'info' | 'warning' | 'error';

/** Who asks: messages name the editor's settings or the command line's flags and config file accordingly. */
export type Client = 'editor' | 'cli';

export type DocumentKind = 'vmx' | 'libvirt-domain' | 'libvirt-nodedev' | 'other-xml' | 'proxmox' | 'iac';

/** A host PCI address mapped to a GPU catalog id, for editing away from the host. */
export type GpuMap = Record<string, string>;

export interface Settings {
  /** Per-rule severity overrides; the key is the rule id. */
  rules: Record<string, SeverityLevel>;
  host: { enabled: boolean; sysfsRoot: string };
  /** schemaDir: a folder of libvirt RelaxNG schemas the user chose; unset = automatic (host's, else bundled). */
  libvirt: { schemaDir?: string };
  gpuMap: GpuMap;
}

export const DEFAULT_SETTINGS: Settings = {
  rules: {},
  host: { enabled: true, sysfsRoot: '/sys' },
  libvirt: {},
  gpuMap: {},
};

/** A mechanical change that resolves a finding. Edits are minimal range edits on the original text. */
export interface Fix {
  title: string;
  edits: TextEdit[];
  /** Safe fixes are applied by `vgpu-lint --fix` and the "fix all" action; unsafe ones only on request. */
  safe: boolean;
  /** Shown with the fix when it has a consequence the user must know (e.g. a guest reinstall). */
  warning?: string;
}

/** What a rule reports; the service turns it into an LSP Diagnostic with `code: ruleId`. */
export interface Finding {
  ruleId: string;
  range: Range;
  message: string;
  fixes?: Fix[];
  /** Overrides the rule's default severity for this one finding (e.g. downgraded in a fragment). */
  severity?: Exclude<SeverityLevel, 'off'>;
}

export interface RuleMeta {
  id: string;
  defaultSeverity: Exclude<SeverityLevel, 'off'>;
  /** One line: what the rule finds. */
  description: string;
  fixable: boolean;
}

export const DOCS_BASE_URL = 'https://github.com/vgpu-tools/vgpu-config-assistant/blob/main/docs/rules/';

export function ruleDocUrl(id: string): string {
  return `${DOCS_BASE_URL}${id.replace('/', '-')}.md`;
}
