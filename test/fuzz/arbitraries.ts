// fast-check arbitraries for hostile documents: mutations of real files, raw bytes, and structured
// VMX lines around the GPU keys (where the rules and fixes are densest).
import fc from 'fast-check';

/** Fragments that stress tokenisers: quotes of every kind, line breaks, XML and VMX syntax, odd code points. */
const NASTY = [
  '"', "'", '\u201c', '\u201d', '\u2018', '\u2019', '\u00ab', '\uff02', '=', '#', '|', '|22', '|0', '\\',
  '<', '>', '/>', '</', '&', '&amp;', '&lt', '&#0;', '&#x110000;', '&lol;', '<!--', '-->', '<![CDATA[', ']]>', '<?', '?>', '<!DOCTYPE',
  '\r', '\n', '\r\n', '\t', ' ', '\u0000', '\u00a0', '\ufeff', '\ufffd', '\ud800', '\udc00', '\u2028', '\u0085',
  'pciPassthru0.', 'pciPassthru99999999999999999999.', '.present = "TRUE"', 'firmware = "efi"', 'memSize = "4096"',
  "<hostdev mode='subsystem' type='pci'>", "<address domain='0x0000' bus='0x3b' slot='0x00' function='0x0'/>",
  "<os firmware='efi'>", '<domain>', '</domain>', 'xmlns:qemu="http://libvirt.org/schemas/domain/qemu/1.0"',
  '# vgpu-lint-disable-next-line', '<!-- vgpu-lint-disable-next-line -->', '0x10de', '0x20b5', 'grid_a100-4c',
  '9'.repeat(40), '-1', 'NaN', '1e309', '0x', '',
];

export const nastyString: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...NASTY) },
  { weight: 1, arbitrary: fc.string({ maxLength: 6 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 4 }) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)) },
);

export type Mutation =
  | { kind: 'insert'; at: number; text: string }
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'duplicateLine'; line: number }
  | { kind: 'deleteLine'; line: number }
  | { kind: 'smartQuotes'; nth: number; quote: string }
  | { kind: 'truncate'; at: number }
  | { kind: 'swapLines'; a: number; b: number };

/** Positions are drawn large and taken modulo the text length, so they shrink towards the start. */
const pos = fc.nat({ max: 1 << 20 });

export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('insert' as const), at: pos, text: nastyString }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('delete' as const), at: pos, length: fc.integer({ min: 1, max: 40 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('duplicateLine' as const), line: pos }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('deleteLine' as const), line: pos }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('smartQuotes' as const), nth: pos, quote: fc.constantFrom('\u201c', '\u201d', '\u2018', '\u2019', '\u201e', '\u00bb') }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('truncate' as const), at: pos }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('swapLines' as const), a: pos, b: pos }) },
);

export const mutations: fc.Arbitrary<Mutation[]> = fc.array(mutation, { minLength: 1, maxLength: 6 });

function splitKeepingBreaks(text: string): string[] {
  return text.match(/[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$/g) ?? [''];
}

export function applyMutation(text: string, m: Mutation): string {
  const n = text.length;
  switch (m.kind) {
    case 'insert': {
      const at = n === 0 ? 0 : m.at % (n + 1);
      return text.slice(0, at) + m.text + text.slice(at);
    }
    case 'delete': {
      if (n === 0) return text;
      const at = m.at % n;
      return text.slice(0, at) + text.slice(at + m.length);
    }
    case 'truncate':
      return n === 0 ? text : text.slice(0, m.at % n);
    case 'smartQuotes': {
      // Replace the nth straight quote (of either kind), as pasted from a web page or a slide.
      const quotes: number[] = [];
      for (let i = 0; i < n; i++) if (text[i] === '"' || text[i] === "'") quotes.push(i);
      if (quotes.length === 0) return text;
      const i = quotes[m.nth % quotes.length];
      return text.slice(0, i) + m.quote + text.slice(i + 1);
    }
    default: {
      const lines = splitKeepingBreaks(text);
      if (m.kind === 'duplicateLine') {
        const i = m.line % lines.length;
        const l = /[\r\n]$/.test(lines[i]) ? lines[i] : lines[i] + '\n';
        lines.splice(i, 0, l);
      } else if (m.kind === 'deleteLine') {
        lines.splice(m.line % lines.length, 1);
      } else {
        const a = m.a % lines.length;
        const b = m.b % lines.length;
        [lines[a], lines[b]] = [lines[b], lines[a]];
      }
      return lines.join('');
    }
  }
}

export function mutate(text: string, ms: readonly Mutation[]): string {
  return ms.reduce(applyMutation, text);
}

/** Arbitrary bytes decoded the two ways an editor might: UTF-8 (with replacement) and Latin-1. */
export const randomText: fc.Arbitrary<string> = fc.oneof(
  fc.uint8Array({ maxLength: 600 }).map((b) => new TextDecoder('utf-8').decode(b)),
  fc.uint8Array({ maxLength: 600 }).map((b) => Buffer.from(b).toString('latin1')),
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.array(nastyString, { maxLength: 60 }).map((xs) => xs.join('')),
);

// Structured VMX: GPU-relevant keys with every casing, quoting and value shape people write.
const GPU_KEYS = [
  'pciPassthru{n}.present', 'pciPassthru{n}.id', 'pciPassthru{n}.deviceId', 'pciPassthru{n}.vendorId', 'pciPassthru{n}.subDeviceId',
  'pciPassthru{n}.vgpu', 'pciPassthru{n}.virtualDev', 'pciPassthru{n}.systemId', 'pciPassthru{n}.pciSlotNumber', 'pciPassthru{n}.bogus',
  'pciPassthru.use64bitMMIO', 'pciPassthru.64bitMMIOSizeGB', 'pciPassthru.set.usebitMMIO', 'pciPassthru.allowP2P',
  'firmware', 'memSize', 'memsize', 'numvcpus', 'guestOS', 'virtualHW.version', 'config.version', '.encoding',
  'sched.mem.pin', 'sched.mem.min', 'sched.mem.minSize', 'sched.mem.bogus', 'vhv.enable', 'vhv.allowPassthru', 'vvtd.enable',
  'amd.iommu.supportsPcip', 'uefi.secureBoot.enabled', 'hypervisor.cpuid.v0', 'vgpu.hotmigrate.enabled', 'displayName', 'annotation',
];
const VALUES = [
  'TRUE', 'FALSE', 'true', 'yes', 'no', '1', '0', 'efi', 'bios', 'uefi', 'EFI', '32', '64', '100', '128', '256', '512', '1024', '4096', '262144',
  '0x10de', '0x10DE', '10de', '0x20b5', '0x20b1', '0x2331', '0x1eb8', '0x25b6', '0x1db6', '0xffff', '0x', '0000:3b:00.0', '00000:059:00.0',
  '0:66:0.0', '3b:00.0', 'grid_a100-4c', 'grid_a100-40c', 'nvidia_a100-4c', 'grid_t4-16q', 'vmiop', 'windows9-64', 'windows9', 'ubuntu-64',
  'vmkernel8', 'other', '<VM_MEMORY_MB>', '', ' ', '|22', '|ZZ', '-5', '99999999999999999999', '1e3', 'TRUE # comment',
];

const casing = (s: string) => fc.constantFrom(s, s.toLowerCase(), s.toUpperCase());

const vmxKey: fc.Arbitrary<string> = fc
  .tuple(fc.constantFrom(...GPU_KEYS), fc.oneof(fc.integer({ min: 0, max: 3 }), fc.constantFrom(15, 64, 99999)))
  .chain(([k, n]) => casing(k.replace('{n}', String(n))));

const vmxValue: fc.Arbitrary<string> = fc.tuple(fc.constantFrom(...VALUES), fc.constantFrom('""', '“”', '"”', '“"', "''", '', '"')).map(([v, q]) =>
  q === '' ? v : q.length === 1 ? q + v : q[0] + v + q[1],
);

export const vmxLine: fc.Arbitrary<string> = fc.oneof(
  { weight: 12, arbitrary: fc.tuple(vmxKey, fc.constantFrom(' = ', '=', ' =', '  =  ', '\t=\t', ' : '), vmxValue, fc.constantFrom('', '', '  # note', '#x', ' trailing')).map((p) => p.join('')) },
  { weight: 1, arbitrary: fc.constantFrom('', '# comment', '   ', '# vgpu-lint-disable-next-line vmx/duplicate-key', '# vgpu-lint-disable-next-line') },
  { weight: 1, arbitrary: nastyString },
);

export const vmxDocument: fc.Arbitrary<string> = fc
  .tuple(fc.array(vmxLine, { maxLength: 30 }), fc.constantFrom('\n', '\r\n', '\r'), fc.boolean())
  .map(([lines, eol, finalEol]) => lines.join(eol) + (finalEol ? eol : ''));
