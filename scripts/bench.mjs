// `npm run bench`: bundles bench/run.ts with the same esbuild settings as the shipped dist/ (so the
// in-process figures measure the code users run, not a test-time transpilation) and runs it.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
// Inside the repo's node_modules, so that the bundle resolves libxml2-wasm (loaded at run time) like dist/ does.
mkdirSync(join(repoRoot, 'node_modules', '.cache'), { recursive: true });
const outdir = mkdtempSync(join(repoRoot, 'node_modules', '.cache', 'vgpu-bench-'));
const outfile = join(outdir, 'run.cjs');
await build({
  entryPoints: [join(repoRoot, 'bench', 'run.ts')],
  bundle: true,
  platform: 'node',
  target: 'node18',
  format: 'cjs',
  outfile,
  logLevel: 'warning',
});
// The bundled libvirt schemas beside the bundle, where the code looks for them (as in dist/).
cpSync(join(repoRoot, 'server', 'schemas', 'libvirt'), join(outdir, 'schemas', 'libvirt'), { recursive: true });
const r = spawnSync(process.execPath, [outfile, ...process.argv.slice(2)], {
  stdio: 'inherit',
  env: { ...process.env, VGPU_BENCH_ROOT: repoRoot },
});
rmSync(outdir, { recursive: true, force: true });
process.exit(r.status ?? 1);
