// Which files to lint, and reading them without ever failing on their bytes.
import * as nodeFs from 'node:fs';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';

import { FORMATS } from '../formats';

/** Whether a folder walk takes the file: some registered format walks for it (.vmx/.vmtx, .xml, qemu-server/*.conf). */
export function isLintedName(name: string, parentDir: string): boolean {
  return FORMATS.some((f) => f.walks(name, parentDir));
}
/** Folders never worth walking into. */
const SKIPPED_DIRS = new Set(['node_modules', '.git', '.hg', '.svn']);

export interface FileTarget {
  /** The path to print: as given, or joined onto the folder as given. */
  display: string;
  absolute: string;
  /** Named on the command line (not found by walking a folder). */
  explicit: boolean;
}

export class PathError extends Error {}

/** The file-system calls the walker makes; tests inject failures a root user cannot provoke (EACCES). */
export interface WalkFs {
  statSync(p: string): nodeFs.Stats;
  readdirSync(p: string, options: { withFileTypes: true }): nodeFs.Dirent[];
}

export function describeErrno(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file or directory';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'ENOTDIR') return 'not a directory';
  if (code === 'ELOOP') return 'too many levels of symbolic links';
  return code ?? (e as Error).message;
}

/**
 * Expands files and folders. A path that does not exist or cannot be read is handed to `report`
 * ("cannot read PATH: reason") and the walk goes on with the rest.
 */
export function collectFiles(
  paths: string[],
  skip: (absolute: string, isDir: boolean) => boolean,
  report: (problem: string) => void,
  fs: WalkFs = nodeFs,
): FileTarget[] {
  const out: FileTarget[] = [];
  const seen = new Set<string>();
  const add = (t: FileTarget) => {
    if (!seen.has(t.absolute)) {
      seen.add(t.absolute);
      out.push(t);
    }
  };
  for (const given of paths) {
    const absolute = path.resolve(given);
    let st;
    try {
      st = fs.statSync(absolute);
    } catch (e) {
      report(`cannot read ${given}: ${describeErrno(e)}`);
      continue;
    }
    if (st.isDirectory()) walk(fs, given, absolute, skip, add, report);
    else if (st.isFile()) add({ display: given, absolute, explicit: true }); // an explicit file is linted whatever its name
    else report(`cannot read ${given}: not a regular file`); // a FIFO or device: reading it could block forever
  }
  return out;
}

function walk(
  fs: WalkFs,
  display: string,
  absolute: string,
  skip: (absolute: string, isDir: boolean) => boolean,
  add: (t: FileTarget) => void,
  report: (problem: string) => void,
): void {
  let entries;
  try {
    entries = fs.readdirSync(absolute, { withFileTypes: true });
  } catch (e) {
    report(`cannot read ${display}: ${describeErrno(e)}`);
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const abs = path.join(absolute, entry.name);
    const disp = path.join(display, entry.name);
    if (entry.isDirectory()) {
      if (SKIPPED_DIRS.has(entry.name) || skip(abs, true)) continue;
      walk(fs, disp, abs, skip, add, report);
      continue;
    }
    if (!isLintedName(entry.name, path.basename(absolute))) continue;
    // Symlinked folders are not followed (no cycles); symlinked files are. FIFOs and devices are not files.
    let isFile = entry.isFile();
    if (entry.isSymbolicLink()) {
      try {
        isFile = fs.statSync(abs).isFile();
      } catch (e) {
        report(`cannot read ${disp}: ${describeErrno(e)}${(e as NodeJS.ErrnoException).code === 'ENOENT' ? ' (broken symbolic link)' : ''}`);
        continue;
      }
    }
    if (isFile && !skip(abs, false)) add({ display: disp, absolute: abs, explicit: false });
  }
}

export interface DecodedFile {
  text: string;
  /** The file started with a UTF-8 byte order mark (kept out of `text`, restored on write). */
  bom: boolean;
  /** False when bytes were replaced while decoding: such a file is analysed but never rewritten. */
  lossless: boolean;
}

export function readTextFile(target: FileTarget): DecodedFile {
  let bytes: Buffer;
  try {
    bytes = readFileSync(target.absolute);
  } catch (e) {
    throw new PathError(`cannot read ${target.display}: ${describeErrno(e)}`);
  }
  const bom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const body = bom ? bytes.subarray(3) : bytes;
  let lossless = true;
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(body);
  } catch {
    lossless = false;
    text = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true }).decode(body);
  }
  return { text, bom, lossless };
}

export function encodeTextFile(text: string, bom: boolean): Buffer {
  const body = Buffer.from(text, 'utf8');
  return bom ? Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), body]) : body;
}
