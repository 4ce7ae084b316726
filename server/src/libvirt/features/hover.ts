// Hover: element and attribute documentation, and a passthrough GPU's BARs on its source address.
import type { Hover, Position } from 'vscode-languageserver-types';
import { MarkupKind } from 'vscode-languageserver-types';
import { describeBars, explainMmio } from '../../catalog/mmio';
import type { PassthroughDevice } from '../../model/vm';
import type { XmlElement } from '../xml/parser';
import type { LibvirtAnalysis } from '../analyse';
import { findElementSpec } from '../elements';
import { deviceName, needText, verdictSummary } from '../firmware';
import { formatLspciAddress } from '../../host/inventory';
import { hostHoverLines } from '../host/facts';
import { attributeAt, elementAt, inSpan } from './cursor';
import { elementMarkdown, tagCode } from './describe';
import type { FeatureEnv } from '../../service/features';
import { attributeSchemaMarkdown, elementSchemaMarkdown, schemaPlace } from './schemaAssist';

function deviceHover(d: PassthroughDevice): string {
  const lines = [`**${d.label}**${d.gpu ? ` — ${d.gpu.name}` : d.profileName ? ` — ${d.profileName}` : ''}`];
  if (d.bars) {
    const name = d.gpu?.name.replace(/^NVIDIA (Tesla )?/, '') ?? d.label;
    lines.push('', `BARs: ${explainMmio([{ label: name, count: 1, bars: d.bars }])}`, '', describeBars(d.bars));
    const from = d.barSource === 'host' ? 'host sysfs' : d.barSource === 'gpu-map' ? 'the vgpuLint.gpuMap setting + catalog' : 'catalog';
    lines.push('', `_BAR sizes from ${from}: ${d.bars.source}_`);
  } else if (d.isGpu === false) {
    lines.push('', 'Not a GPU (no BAR check needed).');
  } else {
    lines.push('', 'BAR layout unknown: run the server on the host or map this address in `vgpuLint.gpuMap`.');
  }
  return lines.join('\n');
}

export function hover(a: LibvirtAnalysis, position: Position, env?: FeatureEnv): Hover | null {
  const offset = a.index.offsetAt(position);
  const el = elementAt(a, offset);
  if (!el) return null;
  const range = (s: { start: number; end: number }) => a.index.range(s);
  // A hostdev's <source><address>: the GPU there and its BARs.
  if (el.name === 'address' && offset < el.startTagEnd) {
    const info = a.domain?.hostdevs.find((h) => h.sourceAddress === el);
    if (info?.device) {
      const fa = a.firmware;
      const total = fa ? `\n\nThis VM's GPUs: ${fa.devices.map((d, i) => `${deviceName(d)}: ${needText(fa, i)}`).join('; ')}.\n\nFirmware: ${verdictSummary(fa)}. CPU: ${fa.platform.cpuWhy}.` : '';
      const dev = a.host && info.pci ? a.host.device(formatLspciAddress(info.pci)) : undefined;
      const hostPart = a.host && dev ? `\n\n${hostHoverLines(a.host, dev, assignedIn(a)).join('\n')}` : '';
      return { contents: { kind: MarkupKind.Markdown, value: deviceHover(info.device) + hostPart + total }, range: range({ start: el.start, end: el.startTagEnd }) };
    }
  }
  const spec = findElementSpec(el.name, el.parent?.name);
  if (!spec) return env ? schemaHover(a, el, offset, env) : null;
  if (inSpan(el.nameSpan, offset)) return { contents: { kind: MarkupKind.Markdown, value: elementMarkdown(spec) }, range: range(el.nameSpan) };
  const at = offset < el.startTagEnd ? attributeAt(el, offset) : undefined;
  if (at && !(at.attr.name in spec.attributes)) return env ? schemaHover(a, el, offset, env) : null;
  if (at && at.attr.name in spec.attributes) {
    const values = spec.attributes[at.attr.name];
    return {
      contents: { kind: MarkupKind.Markdown, value: `\`${at.attr.name}\` on **${tagCode(el.name)}**${values.length ? `: ${values.join(' | ')}` : ''}\n\n${spec.doc}\n\n_Source: ${spec.source}_` },
      range: range(at.attr.nameSpan),
    };
  }
  return null;
}

/** Hover from the schema for an element or attribute outside the hand-written GPU subset. */
function schemaHover(a: LibvirtAnalysis, el: XmlElement, offset: number, env: FeatureEnv): Hover | null {
  const place = schemaPlace(a, el, env);
  if (!place?.patterns.length) return null;
  const local = el.name.includes(':') ? el.name.slice(el.name.indexOf(':') + 1) : el.name;
  if (inSpan(el.nameSpan, offset)) {
    return { contents: { kind: MarkupKind.Markdown, value: elementSchemaMarkdown(place.grammar, local, place.patterns, place.attributes) }, range: a.index.range(el.nameSpan) };
  }
  const at = offset < el.startTagEnd ? attributeAt(el, offset) : undefined;
  if (!at) return null;
  const md = attributeSchemaMarkdown(schemaPlace(a, el, env, at.attr.name) ?? place, el, at.attr.name);
  return md ? { contents: { kind: MarkupKind.Markdown, value: md }, range: a.index.range(at.attr.nameSpan) } : null;
}

/** Host PCI addresses the analysed domain assigns. */
export function assignedIn(a: LibvirtAnalysis): Set<string> {
  return new Set((a.domain?.hostdevs ?? []).flatMap((h) => (h.pci ? [formatLspciAddress(h.pci)] : [])));
}
