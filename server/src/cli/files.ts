// Which files to lint, and reading them without ever failing on their bytes.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';

export const LINTED_EXTENSIONS = /\.(vmx|vmtx|xml)$/i;
/** Folders never worth walking into. */
const SKIPPED_DIRS = new Set(['node_modules', '.git', '.hg', '.svn']);

export interface FileTarget {
  /** The path to print: as given, or joined onto the folder as given. */
  display: string;
  absolute: string;
}

export class PathError extends Error {}

function describeErrno(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file or directory';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  return code ?? (e as Error).message;
}

/** Expands files and folders; throws PathError for a path that does not exist or cannot be read. */
export function collectFiles(paths: string[], skip: (absolute: string, isDir: boolean) => boolean): FileTarget[] {
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
      st = statSync(absolute);
    } catch (e) {
      throw new PathError(`cannot read '${given}': ${describeErrno(e)}`);
    }
    if (st.isDirectory()) walk(given, absolute, skip, add);
    else add({ display: given, absolute }); // an explicit file is linted whatever its name
  }
  return out;
}

function walk(display: string, absolute: string, skip: (absolute: string, isDir: boolean) => boolean, add: (t: FileTarget) => void): void {
  let entries;
  try {
    entries = readdirSync(absolute, { withFileTypes: true });
  } catch (e) {
    throw new PathError(`cannot read '${display}': ${describeErrno(e)}`);
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const abs = path.join(absolute, entry.name);
    const disp = path.join(display, entry.name);
    // Symlinked folders are not followed (no cycles); symlinked files are.
    const isFile = entry.isFile() || (entry.isSymbolicLink() && safeIsFile(abs));
    if (entry.isDirectory()) {
      if (SKIPPED_DIRS.has(entry.name) || skip(abs, true)) continue;
      walk(disp, abs, skip, add);
    } else if (isFile && LINTED_EXTENSIONS.test(entry.name) && !skip(abs, false)) {
      add({ display: disp, absolute: abs });
    }
  }
}

function safeIsFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
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
    throw new PathError(`cannot read '${target.display}': ${describeErrno(e)}`);
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
