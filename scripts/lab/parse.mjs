// Reads one guest's serial console (see init.sh for the markers) into the `observed` object of a row.
//
// Where the firmware put a BAR is read from the kernel's enumeration line, printed before Linux changes
// anything: `pci 0000:01:00.0: BAR 2 [mem 0x...-0x... 64bit pref]` (kernels since 6.8 and recent stable
// updates) or `pci 0000:01:00.0: reg 0x18: [mem 0x...-0x... 64bit pref]` (older). The BAR counts as
// placed by the firmware when that address is non-zero and the kernel could claim it (it sits inside a
// bridge window the firmware programmed and ACPI reported). Where it ended up after Linux is the third
// line (BAR 2) of the device's sysfs `resource` file.

const TESTDEV = { vendor: '0x1b36', device: '0x0005' }; // QEMU's pci-testdev
const MEMBAR = 2; // pci-testdev: BAR 0 = 4 KiB MMIO, BAR 1 = I/O, BAR 2 = the 64-bit prefetchable membar

const hex = (n) => '0x' + n.toString(16);

export function parseConsole(text) {
  const lines = text.replace(/\r/g, '').split('\n');
  // OVMF leaves terminal escapes on the console without a newline, so a marker may end a longer line.
  const begin = lines.findIndex((l) => l.endsWith('LAB-BEGIN'));
  const end = lines.findLastIndex((l) => l.endsWith('LAB-END'));
  if (begin < 0 || end < begin) return null;
  const body = lines.slice(begin + 1, end);
  const dm = body.indexOf('DMESG-BEGIN');
  if (dm < 0) return null;
  const head = body.slice(0, dm);
  const dmesg = body.slice(dm + 1).map((l) => l.replace(/^\[\s*\d+\.\d+\]\s?/, ''));

  const cpu = (re) => head.map((l) => re.exec(l)).find(Boolean);
  const vendor = cpu(/^CPU vendor_id\s*:\s*(\S+)/)?.[1] ?? null;
  const bits = cpu(/^CPU address sizes\s*:\s*(\d+) bits physical/);
  const pdpe1gb = head.includes('CPU pdpe1gb: yes');

  const devices = [];
  let cur = null;
  for (const l of head) {
    let m = /^DEV (\S+) (\S+) (\S+) (\S+) (\S+)/.exec(l);
    if (m) {
      cur = { bdf: m[1], vendor: m[2], device: m[3], cls: m[4], path: m[5], res: [] };
      devices.push(cur);
      continue;
    }
    m = /^RES (\S+) (\S+) (\S+)/.exec(l);
    if (m && cur) cur.res.push({ start: BigInt(m[1]), end: BigInt(m[2]), flags: BigInt(m[3]) });
  }
  const testdevs = devices.filter((d) => d.vendor === TESTDEV.vendor && d.device === TESTDEV.device);

  const out = [];
  const kernelLines = [];
  const keep = (l) => { if (!kernelLines.includes(l)) kernelLines.push(l); };
  for (const l of dmesg) if (/root bus resource \[mem/.test(l)) keep(l);

  for (const d of testdevs) {
    const parts = d.path.split('/');
    const parent = parts.length >= 2 && /^[0-9a-f]{4}:/.test(parts[parts.length - 2]) ? parts[parts.length - 2] : null;
    const b = d.bdf.replace(/\./g, '\\.');
    const enumRe = new RegExp(`^pci ${b}: (?:BAR ${MEMBAR} |reg 0x18: )\\[mem (0x[0-9a-f]+)-(0x[0-9a-f]+)[^\\]]*\\]$`);
    let raw = null;
    let size = null;
    for (const l of dmesg) {
      const m = enumRe.exec(l);
      if (m) { raw = BigInt(m[1]); size = BigInt(m[2]) - raw + 1n; break; }
    }
    const cantClaim = dmesg.some((l) => l.startsWith(`pci ${d.bdf}:`) && /can't claim/.test(l) &&
      (new RegExp(`BAR ${MEMBAR}\\b`).test(l) || /reg 0x18/.test(l)));
    const r = d.res[MEMBAR];
    const finalStart = r && r.start !== 0n && r.flags !== 0n ? hex(r.start) : null;
    if (size == null && r) size = r.end - r.start + 1n;
    const firmwareStart = raw != null && raw !== 0n && !cantClaim ? hex(raw) : null;
    for (const l of dmesg) {
      const mine = l.startsWith(`pci ${d.bdf}:`) || (parent && l.startsWith(`pci ${parent}:`));
      if (mine && /(64bit pref|no space|failed|can't|assigned)/.test(l) && /mem/.test(l)) keep(l);
    }
    out.push({
      bdf: d.bdf,
      barBytes: size != null ? Number(size) : null,
      firmwareStart,
      finalStart,
      firmwareRaw: raw != null ? hex(raw) : null,
      parent,
    });
  }

  // Other devices whose memory BARs the firmware left at 0 (OVMF gives up on the whole bus when it runs out).
  const othersUnassigned = [];
  for (const d of devices) {
    if (testdevs.includes(d)) continue;
    const b = d.bdf.replace(/\./g, '\\.');
    const zero = dmesg.some((l) => new RegExp(`^pci ${b}: (?:BAR \\d |reg 0x[0-9a-f]+: )\\[mem 0x0+-`).test(l));
    if (zero) othersUnassigned.push(d.bdf);
  }

  const dmi = dmesg.find((l) => l.startsWith('DMI: '))?.slice(5) ?? null;
  return {
    vendor,
    guestPhysBits: bits ? Number(bits[1]) : null,
    pdpe1gb,
    devices: out,
    firmwarePlacedAll: out.length > 0 && out.every((d) => d.firmwareStart != null),
    finalPlacedAll: out.length > 0 && out.every((d) => d.finalStart != null),
    otherDevicesLeftUnassigned: othersUnassigned,
    dmi,
    kernelLines,
  };
}
