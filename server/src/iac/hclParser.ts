// The HCL parser: tree-sitter's HCL grammar (@tree-sitter-grammars/tree-sitter-hcl, Apache-2.0) run by
// web-tree-sitter (MIT), both WebAssembly. It keeps every node's position and recovers from errors; the JSON-only
// HCL packages on npm (hcl2-parser, hcl2-json-parser, js-hcl-parser) give no positions. Loading is asynchronous
// (about 40 ms); the analysis is synchronous, so the server and the CLI preload it, as they do libxml2-wasm.
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import type { Parser as ParserType } from 'web-tree-sitter';

// require(), not import: the bundles are CommonJS, and only web-tree-sitter's CommonJS build (its "require" export)
// finds its own files there; its ES module build needs import.meta.url.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { Language, Parser } = require('web-tree-sitter') as typeof import('web-tree-sitter');

let parser: ParserType | undefined;
let loading: Promise<boolean> | undefined;
let failure: string | undefined;

/** dist/ beside the bundle, else the package in node_modules (tests, tsx). */
function locate(file: string, pkg: string): string {
  const beside = path.join(__dirname, file);
  if (existsSync(beside)) return beside;
  return require.resolve(`${pkg}/${file}`);
}

export function preloadHclParser(): Promise<boolean> {
  loading ??= (async () => {
    try {
      await Parser.init({ locateFile: (name: string) => locate(name, 'web-tree-sitter') });
      const language = await Language.load(locate('tree-sitter-hcl.wasm', '@tree-sitter-grammars/tree-sitter-hcl'));
      const p = new Parser();
      p.setLanguage(language);
      parser = p;
      return true;
    } catch (e) {
      failure = e instanceof Error ? e.message : String(e);
      return false;
    }
  })();
  return loading;
}

/** The loaded parser, or why there is none. */
export function hclParser(): { parser: ParserType } | { reason: string } {
  if (parser) return { parser };
  return { reason: failure ? `the HCL parser could not be loaded: ${failure}` : 'the HCL parser is still loading' };
}
