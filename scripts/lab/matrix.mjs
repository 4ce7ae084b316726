// The lab's matrix: which firmware, machine, CPU, RAM and stand-in BARs each row boots.
// A row's id is derived from its settings, so the same settings always give the same id.
//
// cpu.tag names the CPU in ids; cpu.arg is the whole `-cpu` value; cpu.physBits is the phys-bits given
// explicitly (null = QEMU's default); cpu.pdpe1gb says whether +pdpe1gb was asked for explicitly (what the
// guest really sees is in observed.pdpe1gb).

const GiB = 1024 ** 3;
const SIZE = { M: 1024 ** 2, G: GiB, T: 1024 * GiB };

/** "16G" -> bytes */
export function sizeBytes(s) {
  const m = /^(\d+)([MGT])$/.exec(s);
  if (!m) throw new Error(`bad size ${s}`);
  return Number(m[1]) * SIZE[m[2]];
}

export const CPUS = {
  qemu64: { tag: 'qemu64', arg: 'qemu64', physBits: null, pdpe1gb: false },
  qemu64pb41g: { tag: 'qemu64-pb41-1g', arg: 'qemu64,phys-bits=41,+pdpe1gb', physBits: 41, pdpe1gb: true },
  qemu64pb43g: { tag: 'qemu64-pb43-1g', arg: 'qemu64,phys-bits=43,+pdpe1gb', physBits: 43, pdpe1gb: true },
  qemu64pb46: { tag: 'qemu64-pb46', arg: 'qemu64,phys-bits=46', physBits: 46, pdpe1gb: false },
  qemu64pb46g: { tag: 'qemu64-pb46-1g', arg: 'qemu64,phys-bits=46,+pdpe1gb', physBits: 46, pdpe1gb: true },
  qemu64pb48g: { tag: 'qemu64-pb48-1g', arg: 'qemu64,phys-bits=48,+pdpe1gb', physBits: 48, pdpe1gb: true },
  epyc: { tag: 'epyc40', arg: 'EPYC', physBits: null, pdpe1gb: false },
  skylake: { tag: 'skylake40', arg: 'Skylake-Client-IBRS', physBits: null, pdpe1gb: false },
  haswell: { tag: 'haswell40', arg: 'Haswell', physBits: null, pdpe1gb: false },
  max: { tag: 'max', arg: 'max', physBits: null, pdpe1gb: false },
  maxpb46: { tag: 'max-pb46', arg: 'max,phys-bits=46', physBits: 46, pdpe1gb: false },
  skxpb46: { tag: 'skylakeserver-pb46', arg: 'Skylake-Server-IBRS,phys-bits=46', physBits: 46, pdpe1gb: false },
};

/** "2x512G" -> ["512G", "512G"] */
function bars(spec) {
  const [n, size] = spec.split('x');
  return Array.from({ length: Number(n) }, () => size);
}

function row({ fw, machine = 'q35', cpu, bar, ramMiB = 4096, fwCfg = null, hole64 = null, ci = false, note }) {
  const parts = [fw, machine, cpu.tag, bar];
  if (fwCfg != null) parts.push(`fwcfg${fwCfg}`);
  if (hole64 != null) parts.push(`hole64-${hole64}`);
  if (ramMiB !== 4096) parts.push(`ram${ramMiB % 1024 === 0 ? ramMiB / 1024 + 'G' : ramMiB + 'M'}`);
  return {
    id: parts.join('-'),
    ci,
    firmware: fw,
    machine,
    ramMiB,
    cpu: { arg: cpu.arg, physBits: cpu.physBits, pdpe1gb: cpu.pdpe1gb },
    barSizes: bars(bar),
    fwCfgMmio64Mb: fwCfg,
    pciHole64: hole64,
    ...(note ? { note } : {}),
  };
}

const rows = [];
const add = (r) => rows.push(row(r));

// SeaBIOS, default 40-bit CPU, both machines.
const seabiosBars = ['1x256M', '1x16G', '1x64G', '1x128G', '1x256G', '1x512G', '2x128G', '4x64G', '8x16G', '2x512G', '1x1T'];
for (const machine of ['q35', 'pc']) {
  for (const bar of seabiosBars) {
    add({
      fw: 'seabios', machine, cpu: CPUS.qemu64, bar,
      ci: machine === 'q35' && (bar === '1x16G' || bar === '2x512G'),
    });
  }
  // Does SeaBIOS use a larger guest address space?
  for (const bar of ['2x512G', '1x1T']) add({ fw: 'seabios', machine, cpu: CPUS.qemu64pb46g, bar });
}
// SeaBIOS, RAM sizes.
for (const ramMiB of [2048, 8192, 49152]) add({ fw: 'seabios', cpu: CPUS.qemu64, bar: '1x64G', ramMiB });
add({ fw: 'seabios', cpu: CPUS.qemu64, bar: '2x512G', ramMiB: 49152 });
add({ fw: 'seabios', machine: 'pc', cpu: CPUS.qemu64, bar: '1x256G', ramMiB: 8192 });

// OVMF q35, AMD vendor, 40 bits: the dynamic MMIO window.
for (const bar of ['1x16G', '1x32G', '1x64G', '1x128G', '2x64G', '1x256G']) {
  add({ fw: 'ovmf', cpu: CPUS.epyc, bar, ci: bar === '1x128G' });
}
for (const bar of ['1x128G', '1x256G']) add({ fw: 'ovmf', cpu: CPUS.qemu64, bar });
for (const ramMiB of [2048, 16384, 65536]) add({ fw: 'ovmf', cpu: CPUS.epyc, bar: '1x128G', ramMiB });

// OVMF q35, Intel vendor, 40 bits: the classic 32 GiB window.
for (const bar of ['1x16G', '1x32G', '2x16G', '1x64G', '1x128G']) {
  add({ fw: 'ovmf', cpu: CPUS.skylake, bar, ci: bar === '1x16G' || bar === '1x64G' });
}
add({ fw: 'ovmf', cpu: CPUS.haswell, bar: '1x16G' });
add({ fw: 'ovmf', cpu: CPUS.haswell, bar: '1x64G' });
for (const ramMiB of [2048, 16384, 65536]) add({ fw: 'ovmf', cpu: CPUS.skylake, bar: '1x16G', ramMiB });

// OVMF q35, wider guest address spaces.
add({ fw: 'ovmf', cpu: CPUS.qemu64pb46, bar: '1x256G' });
add({ fw: 'ovmf', cpu: CPUS.qemu64pb46, bar: '1x1T' });
for (const cpu of [CPUS.qemu64pb46g, CPUS.maxpb46, CPUS.skxpb46]) {
  for (const bar of ['1x256G', '1x1T', '4x256G']) add({ fw: 'ovmf', cpu, bar });
}
add({ fw: 'ovmf', cpu: CPUS.max, bar: '1x256G' });
add({ fw: 'ovmf', cpu: CPUS.qemu64pb41g, bar: '1x256G' });
add({ fw: 'ovmf', cpu: CPUS.qemu64pb43g, bar: '1x256G' });
add({ fw: 'ovmf', cpu: CPUS.qemu64pb43g, bar: '1x1T' });
add({ fw: 'ovmf', cpu: CPUS.qemu64pb48g, bar: '1x1T' });
add({ fw: 'ovmf', cpu: CPUS.qemu64pb48g, bar: '4x256G' });

// OVMF q35, Intel 40 bits, X-PciMmio64Mb.
add({ fw: 'ovmf', cpu: CPUS.skylake, bar: '1x128G', fwCfg: 262144, ci: true });
add({ fw: 'ovmf', cpu: CPUS.skylake, bar: '1x64G', fwCfg: 65536 });
add({ fw: 'ovmf', cpu: CPUS.skylake, bar: '2x64G', fwCfg: 131072 });
add({ fw: 'ovmf', cpu: CPUS.skylake, bar: '1x128G', fwCfg: 131072 });
add({ fw: 'ovmf', cpu: CPUS.skylake, bar: '1x64G', fwCfg: 32768 });
add({ fw: 'ovmf', cpu: CPUS.skylake, bar: '1x128G', fwCfg: 524288 });
add({ fw: 'ovmf', cpu: CPUS.skylake, bar: '1x128G', fwCfg: 1048576 });
add({ fw: 'ovmf', cpu: CPUS.qemu64pb46g, bar: '1x1T', fwCfg: 4194304 });
for (const ramMiB of [2048, 16384, 65536]) add({ fw: 'ovmf', cpu: CPUS.skylake, bar: '1x128G', fwCfg: 262144, ramMiB });

// OVMF q35, a bigger pci-hole64 from QEMU.
add({ fw: 'ovmf', cpu: CPUS.skylake, bar: '1x64G', hole64: '512G' });
add({ fw: 'seabios', cpu: CPUS.qemu64, bar: '2x512G', hole64: '2T' });

// OVMF on i440fx.
add({ fw: 'ovmf', machine: 'pc', cpu: CPUS.skylake, bar: '1x16G' });
add({ fw: 'ovmf', machine: 'pc', cpu: CPUS.skylake, bar: '1x64G' });
add({ fw: 'ovmf', machine: 'pc', cpu: CPUS.epyc, bar: '1x128G' });

// What a row showed that is worth knowing, written after looking at the results; kept in the table.
const HT = 'the range includes 0xfd00000000-0xffffffffff, which QEMU marks reserved in its e820 map for AMD-vendor CPUs (HyperTransport hole)';
const GAVE_UP = 'OVMF gave up on the whole allocation: the root port\'s and the AHCI controller\'s memory BARs are left at 0 too (Linux re-assigns those, but finds no space for the big BAR)';
const NOTES = {
  'seabios-q35-qemu64-1x256M': 'Placed below 4 GiB, in the 32-bit window (0xe0000000), not above 4 GiB.',
  'seabios-pc-qemu64-1x256M': 'Placed below 4 GiB, in the 32-bit window (0xe0000000), not above 4 GiB.',
  'seabios-q35-qemu64-1x512G': `Placed at 512 GiB; ${HT}; Linux accepted it.`,
  'seabios-pc-qemu64-1x512G': `Placed at 512 GiB; ${HT}; Linux accepted it.`,
  'seabios-q35-qemu64-2x512G': `On q35 it is the first device (01:00.0) that fails: SeaBIOS programmed it at 1 TiB (0x10000000000), beyond the 40-bit address space, so the kernel cannot claim it and finds no space to move it. The other is at 512 GiB; ${HT}.`,
  'seabios-q35-qemu64-2x512G-ram48G': 'As with 4 GiB RAM: 01:00.0 programmed at 1 TiB (beyond 40 bits), 02:00.0 at 512 GiB.',
  'seabios-pc-qemu64-2x512G': 'The second device (00:03.0) fails: SeaBIOS programmed it at 1 TiB (0x10000000000), beyond the 40-bit address space; the kernel cannot claim it and finds no space.',
  'seabios-q35-qemu64-1x1T': 'SeaBIOS programmed the BAR at 1 TiB (0x10000000000), beyond the 40-bit address space: unusable, and Linux finds no space.',
  'seabios-pc-qemu64-1x1T': 'SeaBIOS programmed the BAR at 1 TiB (0x10000000000), beyond the 40-bit address space: unusable, and Linux finds no space.',
  'seabios-q35-qemu64-pb46-1g-2x512G': 'Same addresses as with 40 bits (SeaBIOS does not look at phys-bits); with 46 bits the one at 1 TiB is valid.',
  'seabios-q35-qemu64-pb46-1g-1x1T': 'Same address as with 40 bits (1 TiB); with 46 bits it is valid.',
  'seabios-pc-qemu64-pb46-1g-2x512G': 'Same addresses as with 40 bits (SeaBIOS does not look at phys-bits); with 46 bits the one at 1 TiB is valid.',
  'seabios-pc-qemu64-pb46-1g-1x1T': 'Same address as with 40 bits (1 TiB); with 46 bits it is valid.',
  'seabios-q35-qemu64-2x512G-hole64-2T': 'QEMU 7.2 refuses to start: a 2 TiB pci-hole64 does not fit in 40 phys-bits.',
  'ovmf-q35-epyc40-1x16G': 'AMD 40 bits: the dynamic window at 896 GiB (0xe000000000) is used even for a small BAR.',
  'ovmf-q35-epyc40-2x64G': `The second BAR is at 0xf000000000-0xffffffffff; ${HT}, but OVMF's memory map does not reserve it; Linux accepted it.`,
  'ovmf-q35-epyc40-1x256G': 'No fall-back to the classic 32 GiB window: the dynamic window stays at 896 GiB (ACPI window 0xe000000000-0xe7ffffffff), OVMF rejects this device only (its BARs keep the sizing pattern, the other devices are placed) and Linux finds no space either.',
  'ovmf-q35-qemu64-1x128G': 'qemu64 (AMD vendor, no pdpe1gb) gets the dynamic window like EPYC.',
  'ovmf-q35-qemu64-1x256G': 'Like EPYC: no fall-back to the classic window; the device is rejected, Linux finds no space.',
  'ovmf-q35-skylake40-1x32G': 'A 32 GiB BAR fills the classic window (32-64 GiB) exactly.',
  'ovmf-q35-skylake40-1x64G': GAVE_UP + '.',
  'ovmf-q35-skylake40-1x128G': GAVE_UP + '.',
  'ovmf-q35-haswell40-1x64G': GAVE_UP + '.',
  'ovmf-q35-skylake40-1x64G-fwcfg32768': 'A 32 GiB X-PciMmio64Mb window is too small. ' + GAVE_UP + '.',
  'ovmf-q35-skylake40-1x16G-ram64G': 'With 64 GiB of RAM the classic window moves above RAM: 96 GiB.',
  'ovmf-q35-qemu64-pb46-1x256G': 'A 46-bit guest without pdpe1gb: OVMF keeps the 40-bit layout (window at 896 GiB), so 256 GiB does not fit; the device is rejected.',
  'ovmf-q35-qemu64-pb46-1x1T': 'A 46-bit guest without pdpe1gb: OVMF keeps the 40-bit layout; the device is rejected.',
  'ovmf-q35-qemu64-pb46-1g-1x256G': 'With pdpe1gb, 46 bits: dynamic window at 56 TiB (the top eighth of 64 TiB). Under TCG OVMF needs 2-3 minutes with 46 or 48 bits.',
  'ovmf-q35-max-1x256G': '`max` under TCG reports AMD, 40 bits, pdpe1gb: the 40-bit dynamic window (896 GiB) cannot hold 256 GiB.',
  'ovmf-q35-qemu64-pb41-1g-1x256G': 'Window at 1.75 TiB (top eighth of 2 TiB); 256 GiB fits exactly.',
  'ovmf-q35-qemu64-pb43-1g-1x256G': 'Window at 7 TiB (top eighth of 8 TiB).',
  'ovmf-q35-qemu64-pb48-1g-1x1T': 'Window at 112 TiB (top eighth of 128 TiB).',
  'ovmf-q35-skylake40-1x128G-fwcfg262144': 'X-PciMmio64Mb=262144: a 256 GiB window at 256 GiB (0x4000000000).',
  'ovmf-q35-skylake40-1x128G-fwcfg524288': 'A 512 GiB window at 512 GiB ends exactly at 2^40: fits.',
  'ovmf-q35-skylake40-1x128G-fwcfg1048576': 'OVMF does not clamp X-PciMmio64Mb to phys-bits: it programmed the BAR at 1 TiB (0x10000000000), beyond the 40-bit address space; unusable, Linux finds no space.',
  'ovmf-q35-qemu64-pb46-1g-1x1T-fwcfg4194304': 'X-PciMmio64Mb (4 TiB) is smaller than the 8 TiB dynamic window: placement unchanged (56 TiB).',
  'ovmf-q35-skylake40-1x64G-hole64-512G': 'The firmware left the BAR unassigned (and the root port\'s and AHCI\'s BARs at 0); the bigger ACPI window (6 GiB-518 GiB) lets Linux re-assign it at 64 GiB. A Windows guest would not get the BAR.',
  'ovmf-pc-skylake40-1x64G': 'On i440fx OVMF leaves the BAR at 0 (not the sizing pattern) and places the other devices; Linux finds no space.',
  'ovmf-pc-epyc40-1x128G': 'i440fx with an AMD CPU gets the dynamic window too.',
};
for (const r of rows) if (NOTES[r.id]) r.note = NOTES[r.id];
for (const id of Object.keys(NOTES)) if (!rows.some((r) => r.id === id)) throw new Error(`note for unknown row ${id}`);

const ids = new Set();
for (const r of rows) {
  if (ids.has(r.id)) throw new Error(`duplicate row id ${r.id}`);
  ids.add(r.id);
}

export const MATRIX = rows;
