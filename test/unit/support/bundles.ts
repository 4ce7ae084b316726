// Builds the language server and the CLI exactly as `npm run build` does, but into a private
// folder per test process (test files run in parallel and must not race on dist/). The folder is
// under node_modules/.cache so that packages left out of the bundle still resolve. The bundled libvirt
// schemas are copied beside the bundles as scripts/build.mjs does (dist/schemas/libvirt).
import { build } from 'esbuild';
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import * as path from 'node:path';

export const repoRoot = path.resolve(__dirname, '..', '..', '..');

let built: Promise<{ server: string; cli: string }> | undefined;

export function buildBundles(): Promise<{ server: string; cli: string }> {
  built ??= (async () => {
    const cache = path.join(repoRoot, 'node_modules', '.cache');
    mkdirSync(cache, { recursive: true });
    const out = mkdtempSync(path.join(cache, 'vgpu-lint-test-bundle-'));
    process.once('exit', () => rmSync(out, { recursive: true, force: true }));
    const common = { bundle: true, platform: 'node', target: 'node18', format: 'cjs', logLevel: 'silent', absWorkingDir: repoRoot } as const;
    const server = path.join(out, 'server.js');
    const cli = path.join(out, 'cli.js');
    await Promise.all([
      build({ ...common, entryPoints: [path.join(repoRoot, 'server/src/server.ts')], outfile: server }),
      build({ ...common, entryPoints: [path.join(repoRoot, 'server/src/cli.ts')], outfile: cli }),
    ]);
    cpSync(path.join(repoRoot, 'server', 'schemas', 'libvirt'), path.join(out, 'schemas', 'libvirt'), { recursive: true });
    return { server, cli };
  })();
  return built;
}
