// What a document format is, for the facade, the rule registry and the CLI: a detector, the analysis
// (parse → facts → model → rules), its rules' metadata, its editor features and its comment syntax.
// Each format lives in one folder (vmx/, libvirt/, proxmox/) and exports one DocumentFormat from
// its format.ts; server/src/formats.ts lists them. The service never imports a format folder directly.
import type { HostInventory } from '../host/inventory';
import type { FormatFeatures } from './features';
import type { LineIndex } from './text';
import type { Client, Finding, RuleMeta, Settings } from './types';

/** What every format's analysis carries; the features receive the format's own, richer, analysis. */
export interface BaseAnalysis {
  kind: string;
  index: LineIndex;
  findings: Finding[];
}

export interface DocumentFormat<A extends BaseAnalysis = BaseAnalysis> {
  /** Short name: the rule id prefix ("vmx", "libvirt", "proxmox"). */
  id: string;
  /** Editor language ids the format serves (the VS Code client's document selector). */
  languageIds: string[];
  /**
   * Whether the document is this format's. `byName` looks only at the URI (cheap, decisive: a .vmx is VMX
   * whatever it holds); `byContent` is asked, in registry order, when no format claims the name.
   */
  byName(uri: string): boolean;
  byContent?(uri: string, text: string): boolean;
  /** Undefined when, after all, the document is not this format's (XML that is not libvirt's). */
  /** `uri` names the document (a format may read something from its name, as Proxmox its VMID). */
  analyse(text: string, settings: Settings, host: HostInventory | undefined, client: Client, uri?: string): A | undefined;
  rules: RuleMeta[];
  features: FormatFeatures<A>;
  /** How a suppression comment is written: `# …` or `<!-- … -->`. */
  comments: 'hash' | 'xml';
  /** The CLI walks folders for these files (name and parent folder name); explicit files are always tried. */
  walks(fileName: string, parentDir: string): boolean;
  /** A note the hover adds on a finding of this rule (the schema set libvirt/schema checked against). */
  findingNote?(ruleId: string, settings: Settings): string | undefined;
  /** Why the CLI skips an explicitly named file of this format's kind (only asked when `walks` says yes). */
  skipReason?: string;
  /** True when the analysis is a placeholder (a parser still loading): the service does not cache it. */
  transient?(analysis: A): boolean;
}
