// Hand-written hostile documents: entity bombs, external entities, huge lines, huge key counts and
// deep nesting. Each must be analysed within its bound, without a crash or a stack overflow, and
// without expanding or fetching anything.

export interface HostileCase {
  name: string;
  uri: string;
  text: () => string;
  /** Target for one analysis, in ms (these documents are large on purpose); the unit test widens it so only a hang fails. */
  boundMs: number;
}

export function billionLaughs(): string {
  const ents = ['<!ENTITY lol "lol">'];
  for (let i = 1; i <= 9; i++) ents.push(`<!ENTITY lol${i} "${`&lol${i === 1 ? '' : i - 1};`.repeat(10)}">`);
  return `<?xml version="1.0"?>\n<!DOCTYPE domain [\n  ${ents.join('\n  ')}\n]>\n<domain type='kvm'>\n  <name>&lol9;</name>\n  <description>&lol9;</description>\n  <memory unit='KiB'>1048576</memory>\n  <os><type arch='x86_64' machine='q35'>hvm</type></os>\n  <devices><hostdev mode='subsystem' type='pci' managed='yes'><source><address domain='0x0000' bus='0x3b' slot='0x00' function='0x0' extra='&lol9;'/></source></hostdev></devices>\n</domain>\n`;
}

/** A domain whose name, description and an attribute reference an external entity at `systemId`. */
export function externalEntity(systemId: string): string {
  return `<?xml version="1.0"?>\n<!DOCTYPE domain [\n  <!ENTITY xxe SYSTEM "${systemId}">\n  <!ENTITY % pe SYSTEM "${systemId}">\n  %pe;\n]>\n<domain type='kvm'>\n  <name>&xxe;</name>\n  <description>&xxe;</description>\n  <memory unit='KiB'>1048576</memory>\n  <os firmware='efi'><type arch='x86_64' machine='q35'>hvm</type></os>\n  <devices>\n    <hostdev mode='subsystem' type='pci' managed='yes'><source><address domain='0x0000' bus='0x3b' slot='0x00' function='0x0'/></source></hostdev>\n    <disk type='file' device='disk'><source file='&xxe;'/><target dev='vda' bus='virtio'/></disk>\n  </devices>\n</domain>\n`;
}

/** An external DTD (the other way to make a parser fetch). */
export function externalDtd(systemId: string): string {
  return `<?xml version="1.0"?>\n<!DOCTYPE domain SYSTEM "${systemId}">\n<domain type='kvm'><name>x</name><memory>1</memory><os><type>hvm</type></os></domain>\n`;
}

export const HOSTILE_CASES: HostileCase[] = [
  { name: 'billion laughs (XML entity bomb)', uri: 'file:///fuzz/laughs.xml', text: billionLaughs, boundMs: 200 },
  {
    name: 'VMX value of 1 MB on one line',
    uri: 'file:///fuzz/huge-value.vmx',
    text: () => `.encoding = "UTF-8"\nconfig.version = "8"\nannotation = "${'x|22y'.repeat(200_000)}"\npciPassthru0.present = "TRUE"\npciPassthru0.deviceId = "0x20b5"\n`,
    boundMs: 200,
  },
  {
    name: 'VMX 1 MB line without quotes or "="',
    uri: 'file:///fuzz/huge-line.vmx',
    text: () => 'pciPassthru0.present' + ' TRUE'.repeat(200_000) + '\n',
    boundMs: 200,
  },
  {
    name: 'VMX 1 MB unterminated smart-quoted value',
    uri: 'file:///fuzz/huge-smart.vmx',
    text: () => 'firmware = \u201c' + 'e'.repeat(1_000_000) + '\n',
    boundMs: 200,
  },
  {
    name: 'XML attribute value of 1 MB',
    uri: 'file:///fuzz/huge-attr.xml',
    text: () => `<domain type='kvm'><name>${'n'.repeat(1_000_000)}</name><devices><hostdev mode='subsystem' type='pci'><source><address domain='0x0000' bus='0x3b' slot='0x00' function='0x0' bogus='${'v'.repeat(1_000_000)}'/></source></hostdev></devices></domain>\n`,
    boundMs: 200,
  },
  {
    name: 'VMX with 100,000 keys',
    uri: 'file:///fuzz/many-keys.vmx',
    text: () => {
      const lines = ['.encoding = "UTF-8"', 'config.version = "8"', 'virtualHW.version = "19"'];
      for (let i = 0; i < 100_000; i++) lines.push(i % 10 === 0 ? `pciPassthru${i}.present = "TRUE"` : `ethernet${i}.present = "TRUE"`);
      return lines.join('\n') + '\n';
    },
    boundMs: 2_000,
  },
  {
    name: 'VMX with 100,000 copies of one key (duplicates)',
    uri: 'file:///fuzz/dup-keys.vmx',
    text: () => 'pciPassthru.use64bitMMIO = "TRUE"\n'.repeat(100_000),
    boundMs: 2_000,
  },
  {
    name: 'XML nested 10,000 deep',
    uri: 'file:///fuzz/deep.xml',
    text: () => `<domain type='kvm'>${'<devices>'.repeat(10_000)}${'</devices>'.repeat(10_000)}</domain>\n`,
    boundMs: 200,
  },
  {
    name: 'XML nested 10,000 deep, never closed',
    uri: 'file:///fuzz/deep-open.xml',
    text: () => `<domain type='kvm'>${"<hostdev mode='subsystem' type='pci'>".repeat(10_000)}`,
    boundMs: 200,
  },
  {
    name: 'XML with 10,000 nested comments-in-attributes and unclosed tags',
    uri: 'file:///fuzz/unclosed.xml',
    text: () => `<domain>${"<disk a='<!--'>".repeat(10_000)}`,
    boundMs: 200,
  },
];
