// Suppression comments: `# vgpu-lint-disable-next-line <id> …` (VMX) and
// `<!-- vgpu-lint-disable-next-line <id> … -->` (XML) silence the named rules on the next line.
// The marker counts only at the start of a real comment, and only known rule ids count: a misspelt id
// silences nothing (rather than everything). A bare marker with no ids silences every rule.
import type { LineIndex } from './text';

export type Suppressions = Map<number, Set<string> | 'all'>;

const VMX_MARKER = /^[ \t]*#[ \t]*vgpu-lint-disable-next-line\b([^\r\n]*)/gm;
const XML_MARKER = /<!--[ \t]*vgpu-lint-disable-next-line\b([\s\S]*?)-->/g;

export function suppressions(text: string, index: LineIndex, format: 'vmx' | 'xml', knownIds: ReadonlySet<string>): Suppressions {
  const out: Suppressions = new Map();
  if (!text.includes('vgpu-lint-disable-next-line')) return out;
  const re = format === 'vmx' ? VMX_MARKER : XML_MARKER;
  re.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    const line = index.positionAt(m.index + m[0].length).line + 1;
    const words = m[1].split(/[\s,]+/).filter((w) => w !== '');
    if (words.length === 0) {
      out.set(line, 'all');
      continue;
    }
    const ids = words.filter((w) => knownIds.has(w));
    if (ids.length) out.set(line, new Set(ids));
  }
  return out;
}
