// Builders and shortcuts for VMX tests: realistic whole files, diagnostics through the language
// service (so settings and suppressions apply) and applying one offered fix.
import type { CodeAction, Diagnostic, Range, TextEdit } from 'vscode-languageserver-types';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { LanguageService } from '../../server/src/service/languageService';
import { DEFAULT_SETTINGS, Settings } from '../../server/src/service/types';
import { applyEdits } from './applyEdits';

export const VMX_URI = 'file:///datastore1/gpu-vm/gpu-vm.vmx';

/** No host inventory: tests must not depend on the machine they run on. */
export const TEST_SETTINGS: Settings = { ...DEFAULT_SETTINGS, host: { enabled: false, sysfsRoot: '/nonexistent' } };

export function settingsWith(rules: Settings['rules']): Settings {
  return { ...TEST_SETTINGS, rules };
}

/** Header lines every real .vmx written by ESXi starts with (lines 0-5). */
export const VMX_HEADER = [
  '.encoding = "UTF-8"',
  'config.version = "8"',
  'virtualHW.version = "19"',
  'displayName = "gpu-vm"',
  'guestOS = "ubuntu-64"',
  'memSize = "65536"',
];

export function vmx(lines: string[], eol: '\n' | '\r\n' = '\n'): string {
  return lines.join(eol) + eol;
}

export const crlf = (text: string): string => text.replace(/\r?\n/g, '\r\n');

/** A passthrough GPU as ESXi writes it, device index n. */
export function gpuLines(n: number, deviceId: string, id = `00000:${String(59 + n).padStart(3, '0')}:00.0`): string[] {
  return [
    `pciPassthru${n}.present = "TRUE"`,
    `pciPassthru${n}.id = "${id}"`,
    `pciPassthru${n}.vendorId = "0x10de"`,
    `pciPassthru${n}.deviceId = "${deviceId}"`,
  ];
}

export const RESERVED = ['sched.mem.pin = "TRUE"', 'sched.mem.min = "65536"'];

export const service = new LanguageService();

export function diagnose(text: string, settings: Settings = TEST_SETTINGS, uri = VMX_URI): Diagnostic[] {
  return service.diagnose({ uri, text }, settings);
}

export function byRule(diags: Diagnostic[], id: string): Diagnostic[] {
  return diags.filter((d) => d.code === id);
}

export function onlyOne(diags: Diagnostic[], id: string): Diagnostic {
  const found = byRule(diags, id);
  if (found.length !== 1) {
    throw new Error(`expected exactly one ${id}, got ${found.length}: ${JSON.stringify(diags.map((d) => [d.code, d.range.start.line, d.message]))}`);
  }
  return found[0];
}

export function errors(diags: Diagnostic[]): Diagnostic[] {
  return diags.filter((d) => d.severity === DiagnosticSeverity.Error);
}

export const rng = (sl: number, sc: number, el: number, ec: number): Range => ({
  start: { line: sl, character: sc },
  end: { line: el, character: ec },
});

export function fullRange(text: string): Range {
  const lines = text.split(/\r\n|\r|\n/);
  return rng(0, 0, lines.length - 1, lines[lines.length - 1].length);
}

/** Quick fixes (not the fix-all source action) offered for diagnostics of `ruleId`. */
export function quickFixes(text: string, ruleId: string, settings: Settings = TEST_SETTINGS, range?: Range): CodeAction[] {
  return service
    .codeActions({ uri: VMX_URI, text }, range ?? fullRange(text), settings, ['quickfix'])
    .filter((a) => a.diagnostics?.some((d) => d.code === ruleId));
}

export function actionEdits(action: CodeAction, uri = VMX_URI): TextEdit[] {
  const edits = action.edit?.changes?.[uri];
  if (!edits) throw new Error(`code action "${action.title}" has no edits for ${uri}`);
  return edits;
}

/** Applies the only quick fix offered for `ruleId` (fails when there is not exactly one). */
export function applyOnlyFix(text: string, ruleId: string, settings: Settings = TEST_SETTINGS): { text: string; action: CodeAction } {
  const actions = quickFixes(text, ruleId, settings);
  if (actions.length !== 1) throw new Error(`expected one quick fix for ${ruleId}, got ${actions.map((a) => a.title).join(' | ') || 'none'}`);
  return { text: applyEdits(text, actionEdits(actions[0])), action: actions[0] };
}

/** The rule's own Fix objects (with `safe`), through the service's findings. */
export function fixesOf(text: string, ruleId: string, settings: Settings = TEST_SETTINGS) {
  return service.findings({ uri: VMX_URI, text }, settings).filter((f) => f.ruleId === ruleId).flatMap((f) => f.fixes ?? []);
}
