// Editor features for Terraform / Packer files: completion of VMX keys inside extra_config / configuration_parameters.
// Nothing else (hover, symbols, folding) is ours to give in an HCL file: HashiCorp's extension does those.
import type { CompletionItem, Position } from 'vscode-languageserver-types';
import { CompletionItemKind, InsertTextFormat, MarkupKind } from 'vscode-languageserver-types';
import { VMX_KEYS } from '../catalog/vmxKeys';
import type { FormatFeatures } from '../service/features';
import { keyMarkdown, typeLabel } from '../vmx/features/describe';
import type { IacAnalysis } from './analyse';

/** pciPassthruN.* keys are offered for device 0; the user renumbers. */
const KEYS = VMX_KEYS.map((spec) => ({ spec, key: spec.key.replace(/^pciPassthruN\./, 'pciPassthru0.') }));

function complete(a: IacAnalysis, position: Position): CompletionItem[] {
  const offset = a.index.offsetAt(position);
  const map = a.blocks.map((b) => b.settingsMap).find((m) => m && offset > m.object.start && offset < m.object.end);
  if (!map) return [];
  const lineStart = a.index.offsetAt({ line: position.line, character: 0 });
  const before = a.index.text.slice(lineStart, offset);
  const quoted = /^\s*"([^"]*)$/.exec(before);
  const blank = /^\s*$/.test(before);
  if (!quoted && !blank) return [];
  const after = a.index.text.slice(offset, a.index.offsetAt({ line: position.line + 1, character: 0 }));
  // Inside a quoted key: replace its text up to the closing quote; on an empty line: insert a whole entry.
  const rest = quoted ? (/^[^"\r\n]*/.exec(after)?.[0] ?? '') : '';
  const start = quoted ? offset - quoted[1].length : offset;
  const range = a.index.range({ start, end: offset + rest.length });
  return KEYS.map(({ spec, key }) => ({
    label: key,
    kind: CompletionItemKind.Property,
    detail: typeLabel(spec.type),
    documentation: { kind: MarkupKind.Markdown, value: keyMarkdown(spec, key) },
    filterText: key,
    sortText: key.toLowerCase(),
    textEdit: { range, newText: quoted ? key : `"${key}"${a.json ? ': ' : ' = '}"$1"` },
    insertTextFormat: quoted ? InsertTextFormat.PlainText : InsertTextFormat.Snippet,
  }));
}

export const iacFeatures: FormatFeatures<IacAnalysis> = {
  complete,
  hover: () => null,
  symbols: () => [],
  folding: () => [],
  codeLenses: () => [],
};
