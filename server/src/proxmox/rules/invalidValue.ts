// proxmox/invalid-value: a GPU-relevant value or property Proxmox rejects ("unable to parse value of 'hostpci0'",
// "Cannot set both 'host' and 'mapping'", "Either 'host' or 'mapping' must be set"). Source: PCI.pm $hostpci_fmt
// and parse_hostpci; QemuServer.pm (bios enum); CPUConfig.pm (phys-bits: 8-64 or host).
import { defineRule, finding } from '../../service/rule';
import type { Finding, Fix } from '../../service/types';
import { closest } from '../../util/strings';
import { quoteUserText } from '../../util/userText';
import type { ProxmoxContext } from '../context';
import { replace } from '../edits';
import { parseBool } from '../facts';
import { HOSTPCI_PROPS, KEY_DOCS } from '../keys';
import { resolveMapping } from '../mapping';
import { parsePropertyString } from '../parser';

const ID = 'proxmox/invalid-value';
const HEX_ID = /^0x[0-9a-fA-F]{4}$/;

export const invalidValueRule = defineRule<ProxmoxContext>(
  { id: ID, defaultSeverity: 'error', description: 'A hostpci property string, bios, vga or cpu phys-bits value that Proxmox rejects.', fixable: true },
  (ctx) => {
    const out: Finding[] = [];
    const { doc } = ctx;
    const r = ctx.range;
    for (const h of ctx.facts.hostpcis) {
      const key = h.line.key!.text;
      const seen = new Set<string>();
      for (const it of h.items) {
        if (!it.key) continue;
        const name = it.key.text;
        const spec = HOSTPCI_PROPS[name];
        if (!spec) {
          const near = closest(name, Object.keys(HOSTPCI_PROPS), 2);
          out.push(
            finding(ID, r(it.key.span), `${key}: Proxmox does not know the property ${quoteUserText(name)} and refuses the value.${near.length ? ` Did you mean ${near.join(' or ')}?` : ''}`, {
              ...(near.length ? { fixes: near.map((n, i) => ({ title: `Rename to ${n}`, edits: [replace(doc, it.key!.span, n)], safe: i === 0 && near.length === 1 })) } : {}),
            }),
          );
          continue;
        }
        if (seen.has(name)) out.push(finding(ID, r(it.key.span), `${key}: ${name} is given twice; Proxmox refuses the value ("duplicate key").`));
        seen.add(name);
        const v = it.value.text;
        if (spec.type === 'boolean' && parseBool(v) === undefined) {
          const fixes: Fix[] = [];
          const guess = /^(enabled?|y)$/i.test(v) ? '1' : /^(disabled?|n)$/i.test(v) ? '0' : undefined;
          if (guess) fixes.push({ title: `Write ${name}=${guess}`, edits: [replace(doc, it.value.span, guess)], safe: true });
          out.push(finding(ID, r(it.value.span), `${key}: ${name} is a boolean (1 or 0; on/off, yes/no, true/false also work), not ${quoteUserText(v)}.`, { fixes }));
        } else if (spec.type === 'hexid' && !HEX_ID.test(v)) {
          const fixes: Fix[] = [];
          if (/^[0-9a-fA-F]{4}$/.test(v)) fixes.push({ title: `Write 0x${v.toLowerCase()}`, edits: [replace(doc, it.value.span, `0x${v.toLowerCase()}`)], safe: true });
          out.push(finding(ID, r(it.value.span), `${key}: ${name} is a 16-bit hex id written 0xNNNN (e.g. 0x10de), not ${quoteUserText(v)}.`, { fixes }));
        } else if (spec.type === 'enum' && !spec.values!.includes(v)) {
          out.push(finding(ID, r(it.value.span), `${key}: ${name} is ${spec.values!.join(' or ')}, not ${quoteUserText(v)}.`));
        } else if (name === 'mdev' && !/^[^/.:]+$/.test(v)) {
          out.push(finding(ID, r(it.value.span), `${key}: mdev is a type name such as nvidia-557 (no "/", "." or ":"), not ${quoteUserText(v)}.`));
        }
      }
      const bare = h.items.filter((it) => !it.key);
      if (bare.length > 1) out.push(finding(ID, r(bare[1].span), `${key}: only the first item may leave out its name (host); write name=value.`));
      if (h.host && h.mapping) {
        out.push(finding(ID, r(h.mapping.span), `${key}: a device is either a host address or a mapping, not both ("Cannot set both 'host' and 'mapping'").`));
      } else if (h.mapping && !h.host && resolveMapping(h.mapping.value.text, ctx.host).kind === 'not-found') {
        const res = resolveMapping(h.mapping.value.text, ctx.host) as { source: string };
        out.push(finding(ID, r(h.mapping.value.span), `${key}: the host's ${res.source} has no mapping ${quoteUserText(h.mapping.value.text)}: Proxmox refuses to start the VM ("PCI device mapping not found").`));
      } else if (!h.host && !h.mapping) {
        out.push(finding(ID, r(h.line.value!.span), `${key}: no device: set a host address (0000:01:00.0) or mapping=<id> ("Either 'host' or 'mapping' must be set").`));
      }
      for (const a of h.addresses) {
        if (a.address) continue;
        const t = a.token.text;
        const fixes: Fix[] = [];
        const esxi = /^\s*(0x)?([0-9a-fA-F]{1,2}):([0-9a-fA-F]{1,2})\.([0-7])\s*$/.exec(t);
        if (esxi && !esxi[1]) fixes.push({ title: `Write ${esxi[2].padStart(2, '0').toLowerCase()}:${esxi[3].padStart(2, '0').toLowerCase()}.${esxi[4]}`, edits: [replace(doc, a.token.span, `${esxi[2].padStart(2, '0').toLowerCase()}:${esxi[3].padStart(2, '0').toLowerCase()}.${esxi[4]}`)], safe: true });
        out.push(finding(ID, r(a.token.span), `${key}: ${quoteUserText(t)} is not a PCI address as Proxmox takes it: [dddd:]bb:dd[.f] in hex, two digits for bus and device (0000:01:00.0, or 01:00 for every function).`, { fixes }));
      }
    }
    const bios = ctx.facts.bios;
    if (bios && bios.value !== 'seabios' && bios.value !== 'ovmf') {
      const near = closest(bios.value.toLowerCase(), ['seabios', 'ovmf'], 3);
      out.push(
        finding(ID, r(bios.line.value!.span), `bios is seabios or ovmf, not ${quoteUserText(bios.value)}.`, {
          ...(near.length ? { fixes: [{ title: `Write ${near[0]}`, edits: [replace(doc, bios.line.value!.span, near[0])], safe: near.length === 1 }] } : {}),
        }),
      );
    }
    const vga = ctx.facts.vga;
    if (vga && vga.type && !KEY_DOCS.vga.values!.includes(vga.type)) {
      const item = parsePropertyString(vga.line.value!).find((it) => !it.key || it.key.text === 'type')!;
      out.push(finding(ID, r(item.value.span), `vga type is one of ${KEY_DOCS.vga.values!.join(', ')}, not ${quoteUserText(vga.type)}.`));
    }
    const pb = ctx.facts.cpu?.physBits;
    if (pb) {
      const v = pb.value.text;
      const n = /^\d+$/.test(v) ? Number(v) : undefined;
      if (v !== 'host' && (n === undefined || n < 8 || n > 64)) out.push(finding(ID, r(pb.value.span), `cpu: phys-bits is a number from 8 to 64, or host, not ${quoteUserText(v)}.`));
    }
    return out;
  },
);
