// Markdown shared by hover and completion documentation.
import type { ElementSpec } from '../elements';

/** An element name for markdown: in a code span, so renderers do not take `<hostdev>` for an HTML tag. */
export const tagCode = (name: string) => `\`<${name}>\``;

/** Hover / completion documentation of an element. */
export function elementMarkdown(spec: ElementSpec): string {
  const attrs = Object.entries(spec.attributes);
  const lines = [`**${tagCode(spec.name)}** — ${spec.doc}`];
  if (attrs.length) lines.push('', `Attributes: ${attrs.map(([n, v]) => (v.length ? `\`${n}\` (${v.join(' | ')})` : `\`${n}\``)).join(', ')}`);
  lines.push('', `_Source: ${spec.source}_`);
  return lines.join('\n');
}
