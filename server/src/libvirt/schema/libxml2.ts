// Loads libxml2-wasm (libxml2 compiled to WebAssembly, run in-process: no subprocess, no native module).
// The package is an ES module with top-level await, so it can only be loaded asynchronously;
// validation itself is synchronous once the module is there.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as Libxml2 from 'libxml2-wasm';

export type Libxml2Module = typeof Libxml2;

let loaded: Libxml2Module | undefined;
let loading: Promise<Libxml2Module | undefined> | undefined;
let loadError: string | undefined;

/** Where the bundled server keeps its own ESM copy of libxml2-wasm (see scripts/build.mjs). */
function bundledCopy(): string | undefined {
  const candidate = path.join(__dirname, 'libxml2-wasm.mjs');
  return fs.existsSync(candidate) ? pathToFileURL(candidate).href : undefined;
}

// A variable specifier keeps esbuild from inlining the ES module into the CommonJS bundle
// (top-level await cannot be converted) and keeps TypeScript from rewriting import() to require().
async function importModule(specifier: string): Promise<Libxml2Module> {
  return (await import(specifier)) as Libxml2Module;
}

export function loadLibxml2(): Promise<Libxml2Module | undefined> {
  if (loading) return loading;
  loading = (async () => {
    const specifiers = [bundledCopy(), 'libxml2-wasm'].filter((s): s is string => s !== undefined);
    for (const specifier of specifiers) {
      try {
        loaded = await importModule(specifier);
        installInputProvider(loaded);
        return loaded;
      } catch (e) {
        loadError = e instanceof Error ? e.message : String(e);
      }
    }
    return undefined;
  })();
  return loading;
}

export function libxml2IfLoaded(): Libxml2Module | undefined {
  return loaded;
}

export function libxml2LoadError(): string | undefined {
  return loadError;
}

// ---- Input provider: the only way libxml2 reads a file ----
// libxml2 resolves <include href> of the schemas through registered input providers. Ours matches
// every URL (so libxml2's own I/O is never used), and opens only regular files inside the folder
// whose schema is being compiled right now; anything else (http:, other folders, "..", symlinks out,
// any read while a document is parsed or validated) is refused.
let allowedDir: string | undefined;
const openFiles = new Map<number, { data: Buffer; pos: number }>();
let nextHandle = 1;
/** Files opened while compiling, so the caller can scan the same grammar for its defines. */
let openedLog: string[] = [];

function resolveInside(dir: string, url: string): string | undefined {
  let p = url;
  if (/^file:/i.test(p)) {
    try {
      p = decodeURIComponent(new URL(p).pathname);
    } catch {
      return undefined;
    }
  } else if (/^[a-z][a-z0-9+.-]*:/i.test(p)) {
    return undefined; // http:, ftp:, data:, …
  }
  let real: string;
  try {
    real = fs.realpathSync(path.resolve(dir, p));
  } catch {
    return undefined;
  }
  const rel = path.relative(dir, real);
  if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) return undefined;
  try {
    if (!fs.statSync(real).isFile()) return undefined;
  } catch {
    return undefined;
  }
  return real;
}

function installInputProvider(lx: Libxml2Module): void {
  lx.xmlRegisterInputProvider({
    match: () => true,
    open: (url: string) => {
      if (allowedDir === undefined) return undefined;
      const file = resolveInside(allowedDir, url);
      if (!file) return undefined;
      try {
        const data = fs.readFileSync(file);
        const handle = nextHandle++;
        openFiles.set(handle, { data, pos: 0 });
        openedLog.push(file);
        return handle;
      } catch {
        return undefined;
      }
    },
    read: (handle: number, buf: Uint8Array) => {
      const f = openFiles.get(handle);
      if (!f) return -1;
      const n = Math.min(buf.byteLength, f.data.length - f.pos);
      buf.set(f.data.subarray(f.pos, f.pos + n));
      f.pos += n;
      return n;
    },
    close: (handle: number) => openFiles.delete(handle),
  });
}

/** Runs `fn` with reads allowed inside `dir` only; returns what it returned and the files it read. */
export function withSchemaDir<T>(dir: string, fn: () => T): { value: T; opened: string[] } {
  allowedDir = fs.realpathSync(dir);
  openedLog = [];
  try {
    return { value: fn(), opened: openedLog };
  } finally {
    allowedDir = undefined;
    openedLog = [];
  }
}
