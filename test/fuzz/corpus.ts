// The corpus of real files (test/corpus): VMX, XML and Proxmox VE configs.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

export const repoRoot = resolve(__dirname, '..', '..');
export const corpusDir = resolve(repoRoot, 'test', 'corpus');

export interface CorpusFile {
  /** Path relative to the corpus folder, for messages. */
  name: string;
  uri: string;
  text: string;
}

export function loadCorpus(): CorpusFile[] {
  if (!existsSync(corpusDir)) throw new Error(`corpus not found at ${corpusDir} (expected test/corpus in the repository)`);
  const out: CorpusFile[] = [];
  (function walk(dir: string) {
    for (const name of readdirSync(dir).sort()) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.(vmx|vmtx|xml|conf)$/i.test(name)) out.push({ name: relative(corpusDir, p), uri: pathToFileURL(p).href, text: readFileSync(p, 'utf8') });
    }
  })(corpusDir);
  return out;
}
