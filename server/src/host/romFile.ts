// Reads the head of a PCI option ROM image named by a domain's <rom file=…> – a regular file only,
// never a FIFO or a device (checked with stat before and fstat after opening it non-blocking), and
// at most ROM_READ_CAP bytes. Nothing is written, nothing is executed.
import * as fs from 'node:fs';

/** Enough for an NVIDIA flash-tool header and the first image's header and PCI data structure. */
export const ROM_READ_CAP = 256 * 1024;

export type RomRead = { ok: true; bytes: Buffer; size: number } | { ok: false; reason: string };

export function readRomHead(file: string): RomRead {
  let fd: number | undefined;
  try {
    let st: fs.Stats;
    try {
      st = fs.statSync(file);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      return { ok: false, reason: code === 'ENOENT' ? 'does not exist' : code === 'EACCES' ? 'cannot be read (permission denied)' : `cannot be read (${code ?? 'error'})` };
    }
    if (!st.isFile()) return { ok: false, reason: `is not a regular file (${st.isFIFO() ? 'a FIFO' : st.isDirectory() ? 'a directory' : st.isCharacterDevice() || st.isBlockDevice() ? 'a device node' : 'not a file'}); it was not opened` };
    fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
    const fst = fs.fstatSync(fd);
    if (!fst.isFile()) return { ok: false, reason: 'is not a regular file' };
    const bytes = Buffer.alloc(Math.min(fst.size, ROM_READ_CAP));
    let got = 0;
    while (got < bytes.length) {
      const n = fs.readSync(fd, bytes, got, bytes.length - got, got);
      if (n <= 0) break;
      got += n;
    }
    return { ok: true, bytes: bytes.subarray(0, got), size: fst.size };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return { ok: false, reason: code === 'EACCES' ? 'cannot be read (permission denied)' : `cannot be read (${code ?? 'error'})` };
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

export interface RomImage {
  /** Where the 0x55AA signature is. */
  offset: number;
  vendorId: number;
  deviceId: number;
}

/**
 * The first PCI expansion ROM image: 0x55 0xAA, a 16-bit pointer at +0x18 to the "PCIR" data
 * structure, which holds vendor id (+4) and device id (+6), little-endian (PCI Firmware Specification;
 * the same layout as SeaBIOS's src/std/optionrom.h).
 */
export function findRomImage(bytes: Buffer): RomImage | undefined {
  for (let i = bytes.indexOf(0x55); i >= 0 && i + 0x1a <= bytes.length; i = bytes.indexOf(0x55, i + 1)) {
    if (bytes[i + 1] !== 0xaa) continue;
    const p = i + bytes.readUInt16LE(i + 0x18);
    if (p + 8 > bytes.length || bytes.toString('latin1', p, p + 4) !== 'PCIR') continue;
    return { offset: i, vendorId: bytes.readUInt16LE(p + 4), deviceId: bytes.readUInt16LE(p + 6) };
  }
  return undefined;
}
