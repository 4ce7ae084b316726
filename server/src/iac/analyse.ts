// Terraform (*.tf) and Packer (*.pkr.hcl) front end: each vSphere VM block → a virtual .vmx → the vmx/ rules →
// findings mapped back into the HCL. A fix is kept only when every edit replaces text inside a map entry's key or
// value that the user wrote as a string in extra_config / configuration_parameters: it then edits only that entry.
import { apiId64 } from '../catalog/guestOs';
import type { Range, TextEdit } from 'vscode-languageserver-types';
import type { HostInventory } from '../host/inventory';
import { LineIndex, Span } from '../service/text';
import type { Client, Finding, Fix, Settings } from '../service/types';
import { WHOLE_VM_RULE_IDS } from '../service/wholeVm';
import { analyseVmx } from '../vmx/analyse';
import { encodeVmxValue } from '../vmx/parser';
import { MappedEntry, mentionsVsphereVm, VmBlock, vmBlocks } from './extract';
import { hclParser } from './hclParser';
import { packerJsonBlocks } from './packerJson';

export interface IacAnalysis {
  kind: 'iac';
  index: LineIndex;
  findings: Finding[];
  blocks: VmBlock[];
  /** A Packer JSON template (map entries are written "key": "value"). */
  json?: boolean;
  /** Why nothing was analysed although the file may hold a VM (the parser did not load). */
  unavailable?: string;
}

export function isIacUri(uri: string): boolean {
  return /\.(tf|pkr\.hcl|pkr\.json)$/i.test(uri.replace(/[?#].*$/, ''));
}

export function isPackerJsonUri(uri: string): boolean {
  return /\.pkr\.json$/i.test(uri.replace(/[?#].*$/, ''));
}

interface VirtualLine {
  entry: MappedEntry;
  /** Offsets in the virtual text. */
  line: Span;
  key: Span;
  value: Span;
}

function virtualVmx(block: VmBlock): { text: string; lines: VirtualLine[] } {
  let text = '';
  const lines: VirtualLine[] = [];
  for (const entry of block.entries) {
    const start = text.length;
    const key = { start, end: start + entry.key.length };
    const value = { start: key.end + 4, end: key.end + 4 + encodeVmxValue(entry.value).length };
    text += `${entry.key} = "${encodeVmxValue(entry.value)}"\n`;
    lines.push({ entry, line: { start, end: text.length - 1 }, key, value });
  }
  return { text, lines };
}

function quoted(s: Span): Span {
  return { start: s.start - 1, end: s.end + 1 };
}

function clamp(s: Span, to: Span): Span {
  return { start: Math.min(Math.max(s.start, to.start), to.end), end: Math.max(Math.min(s.end, to.end), to.start) };
}

function within(s: Span, outer: Span): boolean {
  return s.start >= outer.start && s.end <= outer.end;
}

/**
 * The whole-VM rules that would judge what the block sets from a variable or an expression: they stay silent, since
 * the file does not decide it (a rule would otherwise read an absent key as VMware's default).
 */
function unstatedRules(unstated: Set<string>): Set<string> {
  const relevant = [...unstated].filter((k) => k === '*' || /^(memsize|sched\.mem\.|firmware|pcipassthru|vhv\.|uefi\.|guestos|numvcpus|cpuid\.)/.test(k));
  if (relevant.length === 0) return new Set();
  const memoryOnly = relevant.every((k) => k === 'memsize' || k.startsWith('sched.mem.'));
  if (memoryOnly) return new Set(['vmx/memory-not-reserved', ...(unstated.has('memsize') ? ['vmx/mmio-not-enabled', 'vmx/mmio-too-small', 'vmx/mmio-size-ignored'] : [])]);
  return new Set(WHOLE_VM_RULE_IDS);
}

/** A duplicate-key finding on `at` whose two entries are a typed attribute and a map entry (or two typed ones): how to name them. */
function typedAndMapped(lines: VirtualLine[], at: number, message: string): { key: string; first: { what: string; value: string }; second: { what: string; value: string } } | undefined {
  const first = lines.find((x) => at >= x.line.start && at <= x.line.end);
  const n = /\bon line (\d+)\b/.exec(message);
  const second = n ? lines[Number(n[1]) - 1] : undefined;
  if (!first || !second || (first.entry.keySpan && second.entry.keySpan)) return undefined;
  const name = (l: VirtualLine) => (l.entry.keySpan ? `the map entry "${l.entry.key}"` : `the attribute ${l.entry.writtenKey ?? l.entry.key}`);
  const shown = (l: VirtualLine) => `"${l.entry.written ?? l.entry.value}"`;
  return { key: first.entry.key, first: { what: name(first), value: shown(first) }, second: { what: name(second), value: shown(second) } };
}

export function analyseIac(text: string, settings: Settings, host?: HostInventory, client: Client = 'editor', packerJson = false): IacAnalysis {
  const index = new LineIndex(text);
  const out: IacAnalysis = { kind: 'iac', index, findings: [], blocks: [] };
  if (!mentionsVsphereVm(text)) return out;
  if (packerJson) {
    out.blocks = packerJsonBlocks(text);
    out.json = true;
  }
  else {
    const p = hclParser();
    if (!('parser' in p)) return { ...out, unavailable: p.reason };
    const tree = p.parser.parse(text);
    if (!tree) return out;
    try {
      out.blocks = vmBlocks(tree, text);
    } finally {
      tree.delete();
    }
  }
  for (const block of out.blocks) {
    for (const p of block.problems ?? []) {
      if (settings.rules[p.ruleId] === 'off') continue;
      const fixes: Fix[] = p.fix ? [{ title: p.fix.title, edits: [{ range: index.range(p.fix.at), newText: p.fix.newText }], safe: true }] : [];
      out.findings.push({ ruleId: p.ruleId, range: index.range(p.at), message: `${block.label}: ${p.message}`, ...(fixes.length ? { fixes } : {}) });
    }
    if (block.entries.length === 0) continue;
    const v = virtualVmx(block);
    const a = analyseVmx(v.text, settings, host, client);
    const vIndex = a.doc.index;
    const hcl = (s: Span): Range => index.range(s);
    /** A virtual span → the HCL span that stated it. */
    const mapSpan = (s: Span): Span => {
      const l = v.lines.find((x) => s.start >= x.line.start && s.start <= x.line.end);
      if (!l) return block.header;
      if (l.entry.keySpan && within(s, l.key)) return { start: l.entry.keySpan.start + (s.start - l.key.start), end: l.entry.keySpan.start + (s.end - l.key.start) };
      if (within(s, quoted(l.value))) {
        const at = l.entry.valueSpan ?? l.entry.valueAt;
        const inner = clamp(s, l.value);
        if (at && l.entry.valueSpan) return { start: at.start + (inner.start - l.value.start), end: at.start + (inner.end - l.value.start) };
        if (at) return at;
      }
      return l.entry.hcl;
    };
    /** An edit of the virtual text → an edit of one map entry's key or value, or undefined. */
    const mapEdit = (e: TextEdit): TextEdit | undefined => {
      const s = { start: vIndex.offsetAt(e.range.start), end: vIndex.offsetAt(e.range.end) };
      const l = v.lines.find((x) => s.start >= x.line.start && s.end <= x.line.end);
      if (!l) return undefined;
      let newText = e.newText;
      // A whole quoted value replaced by another quoted value: the text inside the quotes.
      if (s.start === l.value.start - 1 && s.end === l.value.end + 1 && /^"[^"]*"$/.test(newText)) {
        newText = newText.slice(1, -1);
        s.start++;
        s.end--;
      }
      if (/["\\\r\n$%{}]/.test(newText)) return undefined;
      e = { ...e, newText };
      if (l.entry.keySpan && within(s, l.key)) {
        const k = l.entry.keySpan;
        return { range: hcl({ start: k.start + (s.start - l.key.start), end: k.start + (s.end - l.key.start) }), newText: e.newText };
      }
      if (l.entry.valueSpan && within(s, l.value)) {
        const k = l.entry.valueSpan;
        return { range: hcl({ start: k.start + (s.start - l.value.start), end: k.start + (s.end - l.value.start) }), newText: e.newText };
      }
      return undefined;
    };
    const skip = unstatedRules(block.unstated);
    for (const f of a.findings) {
      if (skip.has(f.ruleId)) continue;
      const vs = { start: vIndex.offsetAt(f.range.start), end: vIndex.offsetAt(f.range.end) };
      const fixes: Fix[] = [];
      for (const fix of f.fixes ?? []) {
        const edits = fix.edits.map(mapEdit);
        if (edits.every((x): x is TextEdit => x !== undefined)) fixes.push({ ...fix, edits });
      }
      const { fixes: _dropped, ...rest } = f;
      // Messages name values as the HCL file wrote them (pci_device_id "0000:82:00.0", not ESXi's "00000:130:00.0").
      let message = f.message;
      for (const e of block.entries) {
        if (e.written === undefined) continue;
        if (e.key === 'guestOS') {
          // Only the quoted id: a guest id such as "other" is also a word. The advice names the API's 64-bit id.
          const wide = apiId64(e.written);
          if (wide) message = message.split(`"${e.value}-64"`).join(`"${wide}"`);
          message = message.split(`guestOS "${e.value}"`).join(`${e.writtenKey ?? 'guestOS'} "${e.written}"`);
          message = message.split(`(= "${e.value}")`).join(`(= "${e.written}")`);
        } else message = message.split(e.value).join(e.written);
      }
      // A key set both by a typed attribute (memory) and in the settings map ("memSize"): what vSphere does with the
      // pair is not the .vmx rule "the last one wins" – the provider sends one in the config spec, the other in
      // extraConfig – so say only that it is set twice.
      const twice = f.ruleId === 'vmx/duplicate-key' ? typedAndMapped(v.lines, vs.start, f.message) : undefined;
      if (twice) message = `${twice.first.what} and ${twice.second.what} both set ${twice.key} (${twice.first.value} and ${twice.second.value}); which one vSphere applies is not documented for the pair: set it in one place`;
      // "on line N" names a line of the virtual .vmx: name the HCL line that stated that entry instead.
      message = message.replace(/\bon line (\d+)\b/g, (m, n: string) => {
        const l = v.lines[Number(n) - 1];
        return l ? `on line ${index.positionAt(l.entry.hcl.start).line + 1}` : m;
      });
      out.findings.push({ ...rest, range: hcl(mapSpan(vs)), message: `${block.label}: ${message}`, ...(fixes.length ? { fixes } : {}) });
    }
  }
  return out;
}
