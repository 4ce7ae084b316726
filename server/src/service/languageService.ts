// The language service facade: one entry point per feature, no LSP connection, no editor API.
// The server, the CLI and the tests all call this.
import type {
  CodeAction,
  CodeLens,
  CompletionItem,
  Diagnostic,
  DocumentSymbol,
  FoldingRange,
  Hover,
  Position,
  Range,
  TextEdit,
} from 'vscode-languageserver-types';
import { CodeActionKind, DiagnosticSeverity, MarkupKind } from 'vscode-languageserver-types';
import type { HostInventory } from '../host/inventory';
import { FORMATS, formatFor } from '../formats';
import type { BaseAnalysis, DocumentFormat } from './format';
import type { FeatureEnv } from './features';
import { allRuleMeta, knownRuleIds } from './registry';
import { suppressions } from './suppressions';
import { LineIndex } from './text';
import { SpanSet } from './spanSet';
import { Client, DocumentKind, Finding, Fix, ruleDocUrl, Settings, SeverityLevel } from './types';
import { boundMessage } from '../util/userText';
import { ConversionResult, convertDocument, ConvertTarget, sourceName } from '../convert';

export interface OtherAnalysis {
  kind: 'other';
  index: LineIndex;
  findings: Finding[];
}

/** A format's analysis (its `kind` says which: 'vmx', 'libvirt-domain', 'proxmox', …), or 'other'. */
export type DocumentAnalysis = BaseAnalysis;

export interface ServiceOptions {
  /** The host inventory to use for these settings (undefined: none). Called per analysis; cache inside. */
  host?: (settings: Settings) => HostInventory | undefined;
  /** Who the messages are for: the editor (settings) or the command line (flags, .vgpu-lint.json). Default: editor. */
  client?: Client;
}

export interface DocumentInput {
  uri: string;
  text: string;
}

export const DIAGNOSTIC_SOURCE = 'vgpu-lint';

const SEVERITY: Record<Exclude<SeverityLevel, 'off'>, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export { isVmxUri } from '../vmx/format';

const OTHER: OtherAnalysis = { kind: 'other', index: new LineIndex(''), findings: [] };

export class LanguageService {
  private cache: { uri: string; text: string; settings: Settings; analysis: DocumentAnalysis; format?: DocumentFormat } | undefined;

  constructor(private readonly options: ServiceOptions = {}) {}

  private env(settings: Settings): FeatureEnv {
    const host = settings.host.enabled ? this.options.host?.(settings) : undefined;
    return { settings, ...(host ? { host } : {}) };
  }

  documentKind(input: DocumentInput, settings: Settings): DocumentKind | 'other' {
    const a = this.analyse(input, settings);
    return a.kind as DocumentKind | 'other';
  }

  /** The registered format that analysed the document (undefined: none took it). */
  formatOf(input: DocumentInput, settings: Settings): DocumentFormat | undefined {
    this.analyse(input, settings);
    return this.cache?.format;
  }

  /** Parses and runs every rule; cached for the last (uri, text, settings). */
  analyse(input: DocumentInput, settings: Settings): DocumentAnalysis {
    const c = this.cache;
    if (c && c.uri === input.uri && c.text === input.text && c.settings === settings) return c.analysis;
    const env = this.env(settings);
    const client = this.options.client ?? 'editor';
    const format = formatFor(input.uri, input.text);
    const analysis = format?.analyse(input.text, settings, env.host, client, input.uri);
    const entry = { uri: input.uri, text: input.text, settings, analysis: analysis ?? OTHER, ...(analysis && format ? { format } : {}) };
    // A format may say its result is a placeholder (a parser still loading): then the next call analyses again.
    if (!(analysis && format?.transient?.(analysis))) this.cache = entry;
    else this.cache = undefined;
    return analysis ?? OTHER;
  }

  /** Findings after suppression comments and severity settings, each with its effective severity. */
  findings(input: DocumentInput, settings: Settings): (Finding & { level: Exclude<SeverityLevel, 'off'> })[] {
    const a = this.analyse(input, settings);
    if (a.findings.length === 0) return [];
    const meta = allRuleMeta();
    const suppressed = suppressions(input.text, a.index, this.formatOf(input, settings)?.comments === 'xml' ? 'xml' : 'vmx', knownRuleIds());
    const out: (Finding & { level: Exclude<SeverityLevel, 'off'> })[] = [];
    for (const f of a.findings) {
      const s = suppressed.get(f.range.start.line);
      if (s === 'all' || s?.has(f.ruleId)) continue;
      const configured = settings.rules[f.ruleId];
      if (configured === 'off') continue;
      const level = configured ?? f.severity ?? meta.get(f.ruleId)?.defaultSeverity ?? 'warning';
      // Every message and fix title leaves the service bounded and with its control characters escaped.
      const message = boundMessage(f.message);
      const fixes = f.fixes?.some(unsafeFixText) ? f.fixes.map(safeFix) : f.fixes;
      out.push(message === f.message && fixes === f.fixes ? { ...f, level } : { ...f, message, ...(fixes ? { fixes } : {}), level });
    }
    return out.sort(
      (x, y) => x.range.start.line - y.range.start.line || x.range.start.character - y.range.start.character || x.ruleId.localeCompare(y.ruleId),
    );
  }

  diagnose(input: DocumentInput, settings: Settings): Diagnostic[] {
    return this.findings(input, settings).map((f) => toDiagnostic(f, f.level));
  }

  /** Quick fixes for the findings whose range touches `range`, plus a "fix all" source action. */
  codeActions(input: DocumentInput, range: Range, settings: Settings, only?: string[]): CodeAction[] {
    const findings = this.findings(input, settings);
    const out: CodeAction[] = [];
    const wantQuickFix = !only || only.some((k) => CodeActionKind.QuickFix.startsWith(k) || k === CodeActionKind.QuickFix);
    const wantFixAll = !only || only.some((k) => k === CodeActionKind.Source || k.startsWith(CodeActionKind.SourceFixAll) || CodeActionKind.SourceFixAll.startsWith(k));
    if (wantQuickFix) {
      for (const f of findings) {
        if (!f.fixes?.length || !rangesTouch(f.range, range)) continue;
        const diagnostic = toDiagnostic(f, f.level);
        f.fixes.forEach((fix, i) => {
          out.push({
            title: fix.warning ? `${fix.title} – ${fix.warning}` : fix.title,
            kind: CodeActionKind.QuickFix,
            diagnostics: [diagnostic],
            isPreferred: i === 0 && fix.safe,
            edit: { changes: { [input.uri]: fix.edits } },
          });
        });
      }
    }
    if (wantFixAll) {
      const edits = this.fixAll(input, settings);
      if (edits.length) {
        out.push({ title: 'Fix all auto-fixable GPU config problems', kind: CodeActionKind.SourceFixAll + '.vgpu-lint', edit: { changes: { [input.uri]: edits } } });
      }
    }
    return out;
  }

  /** Every safe fix of one pass whose edits do not overlap an earlier one. Apply, re-run to converge. */
  fixAll(input: DocumentInput, settings: Settings): TextEdit[] {
    return this.fixAllWithRules(input, settings).edits;
  }

  /** fixAll, and the rule id of each fix it took (in order), for reporting what was changed. */
  fixAllWithRules(input: DocumentInput, settings: Settings): { edits: TextEdit[]; ruleIds: string[] } {
    const a = this.analyse(input, settings);
    const index = a.index;
    const taken = new SpanSet(index);
    const edits: TextEdit[] = [];
    const ruleIds: string[] = [];
    for (const f of this.findings(input, settings)) {
      const fix: Fix | undefined = f.fixes?.find((x) => x.safe);
      if (!fix) continue;
      const spans = fix.edits.map((e) => ({ start: index.offsetAt(e.range.start), end: index.offsetAt(e.range.end) }));
      if (spans.some((s) => taken.conflicts(s))) continue;
      spans.forEach((s) => taken.add(s));
      edits.push(...fix.edits);
      ruleIds.push(f.ruleId);
    }
    return { edits, ruleIds };
  }

  /** The .vmx's GPU settings as a libvirt domain or a Proxmox config (convert/); undefined for a document that is not a .vmx. */
  convert(input: DocumentInput, target: ConvertTarget, settings: Settings): ConversionResult | undefined {
    return convertDocument(this.analyse(input, settings), target, sourceName(input.uri), this.env(settings).host);
  }

  private features(input: DocumentInput, settings: Settings) {
    return this.formatOf(input, settings)?.features;
  }

  complete(input: DocumentInput, position: Position, settings: Settings): CompletionItem[] {
    const a = this.analyse(input, settings);
    return this.features(input, settings)?.complete(a, position, this.env(settings)) ?? [];
  }

  hover(input: DocumentInput, position: Position, settings: Settings): Hover | null {
    const a = this.analyse(input, settings);
    const h = this.features(input, settings)?.hover(a, position, this.env(settings)) ?? null;
    return this.withFindingNote(h, input, position, settings);
  }

  /** On a finding whose format adds a note (libvirt/schema: the schema set it was checked against), the hover shows it (the editor shows the message beside it). */
  private withFindingNote(h: Hover | null, input: DocumentInput, position: Position, settings: Settings): Hover | null {
    const format = this.formatOf(input, settings);
    if (!format?.findingNote) return h;
    const at = this.findings(input, settings).find((f) => contains(f.range, position) && format.findingNote!(f.ruleId, settings) !== undefined);
    if (!at) return h;
    const note = format.findingNote(at.ruleId, settings)!;
    if (!h) return { contents: { kind: MarkupKind.Markdown, value: note }, range: at.range };
    const value = typeof h.contents === 'object' && 'kind' in h.contents ? h.contents.value : '';
    return { ...h, contents: { kind: MarkupKind.Markdown, value: value ? `${value}\n\n---\n\n${note}` : note } };
  }

  symbols(input: DocumentInput, settings: Settings): DocumentSymbol[] {
    const a = this.analyse(input, settings);
    return this.features(input, settings)?.symbols(a) ?? [];
  }

  folding(input: DocumentInput, settings: Settings): FoldingRange[] {
    const a = this.analyse(input, settings);
    return this.features(input, settings)?.folding(a) ?? [];
  }

  codeLenses(input: DocumentInput, settings: Settings): CodeLens[] {
    const a = this.analyse(input, settings);
    return this.features(input, settings)?.codeLenses(a) ?? [];
  }
}

function contains(r: Range, p: Position): boolean {
  const before = (x: Position, y: Position) => x.line < y.line || (x.line === y.line && x.character < y.character);
  return !before(p, r.start) && !before(r.end, p);
}

function unsafeFixText(fix: Fix): boolean {
  return boundMessage(fix.title) !== fix.title || (fix.warning !== undefined && boundMessage(fix.warning) !== fix.warning);
}

function safeFix(fix: Fix): Fix {
  return { ...fix, title: boundMessage(fix.title), ...(fix.warning !== undefined ? { warning: boundMessage(fix.warning) } : {}) };
}

function rangesTouch(a: Range, b: Range): boolean {
  const before = (p: Position, q: Position) => p.line < q.line || (p.line === q.line && p.character < q.character);
  return !before(a.end, b.start) && !before(b.end, a.start);
}

/** Every registered format (the CLI and the server ask which files and language ids they serve). */
export const DOCUMENT_FORMATS = FORMATS;

export function toDiagnostic(f: Finding, level: Exclude<SeverityLevel, 'off'>): Diagnostic {
  return {
    range: f.range,
    severity: SEVERITY[level],
    code: f.ruleId,
    codeDescription: { href: ruleDocUrl(f.ruleId) },
    source: DIAGNOSTIC_SOURCE,
    message: f.message,
  };
}
