// Lossless parser for Proxmox VE VM configs (/etc/pve/qemu-server/<vmid>.conf). Every line keeps its bytes and
// its line break, so printing the lines back gives the original text exactly; every key, value and property of a
// property string has its own span, so a quick fix touches one token.
//
// The grammar follows parse_vm_config in proxmox/qemu-server src/PVE/QemuServer.pm: lines split on "\n"; blank
// lines skipped; `[PENDING]`, `[special:cloudinit]` (and `[special:fleecing]`) and `[snapname]` open sections;
// `#…` lines are the (URL-encoded) description; `key: value` where the key is `[a-z][a-z_-]*\d*`; anything else
// is "unable to parse config" (a warning at start, an error for `qm set`/strict parsing).
import { LineIndex, Span } from '../service/text';

export interface Token {
  text: string;
  span: Span;
}

export type SectionKind = 'current' | 'pending' | 'special' | 'snapshot' | 'unknown';

export interface PxSection {
  kind: SectionKind;
  /** '' for the current config; 'pending', 'cloudinit', the snapshot's name. */
  name: string;
  /** The header line (undefined for the current config). */
  header?: PxLine;
  lines: PxLine[];
}

export interface PxLine {
  kind: 'blank' | 'comment' | 'section' | 'property' | 'invalid';
  /** Content span (without the line break). */
  span: Span;
  eol: string;
  /** property: the key and its value (trimmed, as Proxmox reads it). */
  key?: Token;
  value?: Token;
  section?: PxSection;
}

export interface PxDocument {
  text: string;
  index: LineIndex;
  lines: PxLine[];
  sections: PxSection[];
  /** The current config (the part outside every section): the VM that starts. */
  current: PxSection;
}

const SECTION_PENDING = /^\[PENDING\]\s*$/i;
const SECTION_SPECIAL = /^\[special:(cloudinit|fleecing)\]\s*$/i;
const SECTION_SNAPSHOT = /^\[([a-z][a-z0-9_-]+)\]\s*$/i;
const SECTION_OTHER = /^\[([^\]]*)\]\s*$/;
const PROPERTY = /^([a-z][a-z_-]*\d*):[ \t\f\v\r]*(.*?)[ \t\f\v\r]*$/;

export function parseProxmox(text: string): PxDocument {
  const index = new LineIndex(text);
  const lines: PxLine[] = [];
  const current: PxSection = { kind: 'current', name: '', lines: [] };
  const sections: PxSection[] = [current];
  let section = current;
  let pos = 0;
  while (pos < text.length || (pos === 0 && text.length === 0)) {
    const nl = text.indexOf('\n', pos);
    let end = nl < 0 ? text.length : nl;
    let eol = nl < 0 ? '' : '\n';
    // A CR before the LF is part of the line break for ranges (Proxmox's \s*$ ignores it too).
    if (end > pos && text.charCodeAt(end - 1) === 13) {
      end--;
      eol = '\r' + eol;
    }
    const raw = text.slice(pos, end);
    const span = { start: pos, end };
    let line: PxLine;
    let m: RegExpExecArray | null;
    if (/^\s*$/.test(raw)) line = { kind: 'blank', span, eol };
    else if (SECTION_PENDING.test(raw) || SECTION_SPECIAL.test(raw) || SECTION_SNAPSHOT.test(raw) || SECTION_OTHER.test(raw)) {
      line = { kind: 'section', span, eol };
      let kind: SectionKind;
      let name: string;
      if (SECTION_PENDING.test(raw)) [kind, name] = ['pending', 'pending'];
      else if ((m = SECTION_SPECIAL.exec(raw))) [kind, name] = ['special', m[1].toLowerCase()];
      else if ((m = SECTION_SNAPSHOT.exec(raw))) [kind, name] = ['snapshot', m[1]];
      else [kind, name] = ['unknown', SECTION_OTHER.exec(raw)![1]];
      section = { kind, name, header: line, lines: [] };
      sections.push(section);
    } else if (raw.startsWith('#')) line = { kind: 'comment', span, eol };
    // Proxmox's `^(key):\s*(.+?)\s*$` needs one character after the colon, a blank one will do ("tags:  ").
    else if ((m = PROPERTY.exec(raw)) && raw.length > m[1].length + 1) {
      const keyStart = pos;
      const valueText = m[2];
      const valueStart = pos + raw.indexOf(':') + 1 + (raw.slice(raw.indexOf(':') + 1).length - raw.slice(raw.indexOf(':') + 1).replace(/^[ \t\f\v\r]*/, '').length);
      line = {
        kind: 'property',
        span,
        eol,
        key: { text: m[1], span: { start: keyStart, end: keyStart + m[1].length } },
        value: { text: valueText, span: { start: valueStart, end: valueStart + valueText.length } },
      };
    } else line = { kind: 'invalid', span, eol };
    line.section = section;
    section.lines.push(line);
    lines.push(line);
    if (nl < 0) break;
    pos = nl + 1;
    if (pos === text.length) break;
  }
  return { text, index, lines, sections, current };
}

/** The text again, from the lines: byte-identical to the input (the lossless property the tests check). */
export function printProxmox(doc: PxDocument): string {
  return doc.lines.map((l) => doc.text.slice(l.span.start, l.span.end) + l.eol).join('');
}

/** The value of a key in the current config (the last one wins, as in Proxmox's hash). */
export function currentProperty(doc: PxDocument, key: string): PxLine | undefined {
  let found: PxLine | undefined;
  for (const l of doc.current.lines) if (l.kind === 'property' && l.key!.text === key) found = l;
  return found;
}

export interface PropItem {
  /** The property name; undefined for a bare value (the format's default key). */
  key?: Token;
  value: Token;
  /** The whole item (key=value). */
  span: Span;
}

/**
 * A property string (`0000:01:00,pcie=1,x-vga=1`): items separated by `,`, each `key=value` or a bare value for
 * the default key (PVE::JSONSchema::parse_property_string). Spans are absolute offsets in the document.
 */
export function parsePropertyString(value: Token): PropItem[] {
  const out: PropItem[] = [];
  const text = value.text;
  let i = 0;
  for (;;) {
    const comma = text.indexOf(',', i);
    const end = comma < 0 ? text.length : comma;
    const raw = text.slice(i, end);
    const start = value.span.start + i;
    const eq = raw.indexOf('=');
    if (eq >= 0) {
      out.push({
        key: { text: raw.slice(0, eq), span: { start, end: start + eq } },
        value: { text: raw.slice(eq + 1), span: { start: start + eq + 1, end: start + raw.length } },
        span: { start, end: start + raw.length },
      });
    } else if (raw !== '' || comma >= 0 || i > 0) {
      out.push({ value: { text: raw, span: { start, end: start + raw.length } }, span: { start, end: start + raw.length } });
    }
    if (comma < 0) break;
    i = comma + 1;
  }
  return out;
}

/** The item of a property (the bare item when `key` is the default key). */
export function propItem(items: PropItem[], key: string, defaultKey?: string): PropItem | undefined {
  return items.find((it) => (it.key ? it.key.text === key : key === defaultKey));
}
