// proxmox/syntax, proxmox/unknown-key: lines Proxmox cannot read, keys its schema does not define.
import { defineRule, finding } from '../../service/rule';
import type { Finding } from '../../service/types';
import { closest } from '../../util/strings';
import { quoteUserText } from '../../util/userText';
import type { ProxmoxContext } from '../context';
import { replace } from '../edits';
import { isKnownKey, keyNames } from '../keys';

export const syntaxRule = defineRule<ProxmoxContext>(
  { id: 'proxmox/syntax', defaultSeverity: 'error', description: 'A line that is not `key: value`, a `#` description line or a `[section]` header.', fixable: false },
  (ctx) => {
    const out: Finding[] = [];
    for (const l of ctx.doc.lines) {
      if (l.kind === 'invalid' && l.section?.kind !== 'unknown') {
        out.push(
          finding(
            'proxmox/syntax',
            ctx.range(l.span),
            `Proxmox cannot read this line ("unable to parse config"): a line is "key: value" (key in lower case, at the start of the line, a value after the colon), a "#" description line, or a [section] header. At start it is skipped with a warning; "qm set" refuses the file.`,
          ),
        );
      } else if (l.kind === 'section' && l.section?.kind === 'unknown' && l.section.header === l) {
        out.push(
          finding('proxmox/syntax', ctx.range(l.span), `Proxmox skips this section ("skipping unknown section"): a section is [PENDING], [special:cloudinit] or a snapshot name (a letter, then letters, digits, "_" or "-"). Every line up to the next section is ignored.`, { severity: 'warning' }),
        );
      } else if (l.kind === 'property' && l.key!.text === 'delete' && l.section?.kind !== 'pending' && l.section?.kind !== 'unknown') {
        out.push(finding('proxmox/syntax', ctx.range(l.key!.span), `"delete:" lists pending deletions and belongs in the [PENDING] section; anywhere else Proxmox reports "property 'delete' is only allowed in [PENDING]" and ignores it.`, { severity: 'warning' }));
      }
    }
    return out;
  },
);

export const unknownKeyRule = defineRule<ProxmoxContext>(
  { id: 'proxmox/unknown-key', defaultSeverity: 'warning', description: 'A key the Proxmox VM config schema does not define (misspelt, or hostpci16 and above).', fixable: true },
  (ctx) => {
    const out: Finding[] = [];
    for (const l of ctx.doc.lines) {
      if (l.kind !== 'property' || l.section?.kind === 'special' || l.section?.kind === 'unknown') continue;
      const key = l.key!.text;
      if (isKnownKey(key)) continue;
      const hostpci = /^hostpci(\d+)$/.exec(key);
      if (hostpci) {
        out.push(finding('proxmox/unknown-key', ctx.range(l.key!.span), `Proxmox has hostpci0 to hostpci15 (PCI.pm: MAX_HOSTPCI_DEVICES = 16); ${key} is not defined and the device is not assigned.`));
        continue;
      }
      // A numbered key keeps its number: hostpcii2 → hostpci2.
      const num = /^(.*?)(\d+)$/.exec(key);
      const near = num
        ? closest(num[1], keyNames().filter((k) => /\d$/.test(k)).map((k) => k.replace(/\d+$/, '')), 2).map((p) => p + num[2]).filter(isKnownKey)
        : closest(key, keyNames(), 2);
      out.push(
        finding(
          'proxmox/unknown-key',
          ctx.range(l.key!.span),
          `Proxmox does not know the key ${quoteUserText(key)} ("property is not defined in schema"): it is ignored with a warning at start.${near.length ? ` Did you mean ${near.join(' or ')}?` : ''}`,
          near.length ? { fixes: near.map((n, i) => ({ title: `Rename to ${n}`, edits: [replace(ctx.doc, l.key!.span, n)], safe: i === 0 && near.length === 1 })) } : {},
        ),
      );
    }
    return out;
  },
);
