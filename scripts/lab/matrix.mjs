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

const ids = new Set();
for (const r of rows) {
  if (ids.has(r.id)) throw new Error(`duplicate row id ${r.id}`);
  ids.add(r.id);
}

export const MATRIX = rows;
