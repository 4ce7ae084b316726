#!/usr/bin/env node
// Firmware lab: boots QEMU's firmware (SeaBIOS, OVMF) with stand-in large-BAR PCI devices and records
// where each BAR lands, into test/lab/truth-table.json and docs/firmware-lab.md.
//
//   npm run lab                          the whole matrix, rewrites the table and the docs
//   npm run lab -- --only <substr>       reruns the rows whose id contains <substr> (comma = several)
//   npm run lab -- --check [--subset ci] boots rows and fails when an outcome differs from the table
//   npm run lab -- --list                prints the row ids
//   npm run lab -- --reparse             re-reads the kept console logs (.lab-cache/logs) of the table's
//                                        rows after a parser change, without booting
//
// Options (flag, or environment variable): --qemu (LAB_QEMU), --seabios (LAB_SEABIOS; default: QEMU's
// own BIOS), --ovmf-code (LAB_OVMF_CODE), --ovmf-vars (LAB_OVMF_VARS), --kernel (LAB_KERNEL),
// --busybox (LAB_BUSYBOX), --cache (LAB_CACHE, default .lab-cache), --accel auto|kvm|tcg (LAB_ACCEL),
// --timeout seconds per boot (LAB_TIMEOUT, default 300), --jobs guests at a time (LAB_JOBS, default 1).
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync, accessSync, constants } from 'node:fs';
import { dirname, join, resolve, basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { prepareAssets } from './assets.mjs';
import { MATRIX, sizeBytes } from './matrix.mjs';
import { parseConsole } from './parse.mjs';
import { renderDocs } from './render.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const TABLE = join(ROOT, 'test', 'lab', 'truth-table.json');
const DOCS = join(ROOT, 'docs', 'firmware-lab.md');

function parseArgs(argv) {
  const o = {
    only: [], check: false, subset: null, list: false, reparse: false,
    qemu: process.env.LAB_QEMU || 'qemu-system-x86_64',
    seabios: process.env.LAB_SEABIOS || null,
    ovmfCode: process.env.LAB_OVMF_CODE || '/usr/share/OVMF/OVMF_CODE_4M.fd',
    ovmfVars: process.env.LAB_OVMF_VARS || '/usr/share/OVMF/OVMF_VARS_4M.fd',
    kernel: process.env.LAB_KERNEL || null,
    busybox: process.env.LAB_BUSYBOX || null,
    cache: process.env.LAB_CACHE || join(ROOT, '.lab-cache'),
    accel: process.env.LAB_ACCEL || 'auto',
    timeout: Number(process.env.LAB_TIMEOUT || 300),
    jobs: Number(process.env.LAB_JOBS || 1),
  };
  const val = (i) => {
    if (i + 1 >= argv.length) throw new Error(`${argv[i]} needs a value`);
    return argv[i + 1];
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    switch (a) {
      case '--only': o.only.push(...val(i).split(',').filter(Boolean)); i++; break;
      case '--check': o.check = true; break;
      case '--subset': o.subset = val(i); i++; break;
      case '--list': o.list = true; break;
      case '--reparse': o.reparse = true; break;
      case '--qemu': o.qemu = val(i); i++; break;
      case '--seabios': o.seabios = val(i); i++; break;
      case '--ovmf-code': o.ovmfCode = val(i); i++; break;
      case '--ovmf-vars': o.ovmfVars = val(i); i++; break;
      case '--kernel': o.kernel = val(i); i++; break;
      case '--busybox': o.busybox = val(i); i++; break;
      case '--cache': o.cache = resolve(val(i)); i++; break;
      case '--accel': o.accel = val(i); i++; break;
      case '--timeout': o.timeout = Number(val(i)); i++; break;
      case '--jobs': o.jobs = Math.max(1, Math.min(2, Number(val(i)))); i++; break;
      default: throw new Error(`unknown argument ${a}`);
    }
  }
  if (o.subset && o.subset !== 'ci') throw new Error(`unknown subset ${o.subset} (known: ci)`);
  if (!['auto', 'kvm', 'tcg'].includes(o.accel)) throw new Error(`--accel must be auto, kvm or tcg`);
  return o;
}

/** QEMU arguments of a row, with asset paths written symbolically ($KERNEL, $INITRD, $OVMF_CODE, ...). */
function qemuArgs(r, accel, seabiosOverride) {
  // Guest RAM is a memory backend with reserve=off (MAP_NORESERVE), so -m can exceed the host's RAM:
  // the guest touches only a few hundred MiB of it.
  const a = ['-machine', `${r.machine},memory-backend=ram0`, '-accel', accel,
    '-object', `memory-backend-ram,id=ram0,size=${r.ramMiB}M,reserve=off`, '-m', String(r.ramMiB), '-cpu', r.cpu.arg, '-smp', '1',
    '-nodefaults', '-display', 'none', '-serial', 'stdio', '-monitor', 'none', '-no-reboot'];
  if (r.firmware === 'ovmf') {
    a.push('-drive', 'if=pflash,format=raw,unit=0,readonly=on,file=$OVMF_CODE',
      '-drive', 'if=pflash,format=raw,unit=1,file=$OVMF_VARS');
  } else if (seabiosOverride) {
    a.push('-bios', '$SEABIOS');
  }
  a.push('-kernel', '$KERNEL', '-initrd', '$INITRD', '-append', 'console=ttyS0 panic=-1 quiet');
  r.barSizes.forEach((size, i) => {
    if (r.machine === 'q35') {
      // What libvirt does for a hostdev on q35: one pcie-root-port per device.
      a.push('-device', `pcie-root-port,id=rp${i + 1},chassis=${i + 1},bus=pcie.0`,
        '-device', `pci-testdev,membar=${size},bus=rp${i + 1}`);
    } else {
      a.push('-device', `pci-testdev,membar=${size}`);
    }
  });
  if (r.fwCfgMmio64Mb != null) a.push('-fw_cfg', `name=opt/ovmf/X-PciMmio64Mb,string=${r.fwCfgMmio64Mb}`);
  if (r.pciHole64 != null) {
    const host = r.machine === 'q35' ? 'q35-pcihost' : 'i440FX-pcihost';
    a.push('-global', `${host}.pci-hole64-size=${r.pciHole64}`);
  }
  return a;
}

/** Where the stand-in devices sit: what libvirt does for a hostdev on q35, the root bus on i440fx. */
function devicesOn(machine) {
  return machine === 'q35' ? 'pcie-root-port (one per device)' : 'root bus';
}

/** Boots once; resolves { output, seconds, timedOut, code }. Never waits longer than timeoutS. */
function boot(qemu, args, vars, timeoutS) {
  return new Promise((res) => {
    const t0 = Date.now();
    const child = spawn(qemu, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (b) => { output += b; });
    child.stderr.on('data', (b) => { output += b; });
    let timedOut = false;
    const timer = setTimeout(() => { timedOut = true; child.kill('SIGKILL'); }, timeoutS * 1000);
    child.on('error', (e) => { output += `\n${e.message}`; });
    child.on('close', (code) => {
      clearTimeout(timer);
      if (vars) rmSync(vars, { force: true });
      res({ output, seconds: (Date.now() - t0) / 1000, timedOut, code });
    });
  });
}

async function runRow(r, ctx) {
  const args = qemuArgs(r, ctx.accel, ctx.opts.seabios);
  const runDir = join(ctx.opts.cache, 'run');
  mkdirSync(runDir, { recursive: true });
  let vars = null;
  if (r.firmware === 'ovmf') {
    vars = join(runDir, `${r.id}.vars.fd`);
    copyFileSync(ctx.opts.ovmfVars, vars); // a fresh variable store for every boot
  }
  const subst = { $KERNEL: ctx.assets.kernel, $INITRD: ctx.assets.initrd, $OVMF_CODE: ctx.opts.ovmfCode, $OVMF_VARS: vars, $SEABIOS: ctx.opts.seabios };
  const real = args.map((x) => x.replace(/\$[A-Z_]+/g, (k) => subst[k] ?? k));
  const b = await boot(ctx.opts.qemu, real, vars, ctx.opts.timeout);
  mkdirSync(join(ctx.opts.cache, 'logs'), { recursive: true });
  writeFileSync(join(ctx.opts.cache, 'logs', `${r.id}.log`), b.output);
  const observed = b.timedOut ? null : parseConsole(b.output);
  const out = {
    id: r.id,
    ci: r.ci,
    firmware: r.firmware,
    firmwareFile: r.firmware === 'ovmf' ? basename(ctx.opts.ovmfCode) : (ctx.opts.seabios ? basename(ctx.opts.seabios) : 'bios-256k.bin (QEMU default)'),
    machine: r.machine,
    ramMiB: r.ramMiB,
    cpu: r.cpu,
    bars: r.barSizes.map(sizeBytes),
    fwCfgMmio64Mb: r.fwCfgMmio64Mb,
    pciHole64Bytes: r.pciHole64 != null ? sizeBytes(r.pciHole64) : null,
    devicesOn: devicesOn(r.machine),
    qemuArgs: args,
    accel: ctx.accel,
    seconds: Math.round(b.seconds * 10) / 10,
    observed,
  };
  if (!observed) {
    const tail = b.output.replace(/\r/g, '').trim().split('\n').filter(Boolean).slice(-3).join(' | ');
    out.error = b.timedOut ? `timed out after ${ctx.opts.timeout} s; last output: ${tail}` : `guest did not finish (exit ${b.code}); last output: ${tail}`;
  }
  if (r.note) out.note = r.note;
  return out;
}

function summary(row) {
  if (!row.observed) return `ERROR ${row.error}`;
  const o = row.observed;
  const devs = o.devices.map((d) => `${d.firmwareStart ?? 'unassigned'}${d.finalStart !== d.firmwareStart ? ` (Linux: ${d.finalStart ?? 'unassigned'})` : ''}`);
  return `${o.firmwarePlacedAll ? 'firmware placed all' : 'firmware left some unassigned'}: ${devs.join(', ')} [${o.vendor}, ${o.guestPhysBits} bits]`;
}

/** The fields a check compares: per device, placed by the firmware or not and where, and after Linux. */
function outcome(row) {
  if (!row || !row.observed) return { error: true };
  const o = row.observed;
  return {
    vendor: o.vendor,
    guestPhysBits: o.guestPhysBits,
    devices: o.devices.map((d) => ({ firmwareStart: d.firmwareStart, finalStart: d.finalStart })),
  };
}

function versions(opts, assets, accel) {
  const dpkg = (p) => {
    const r = spawnSync('dpkg-query', ['-W', '-f', '${Version}', p], { encoding: 'utf8' });
    return r.status === 0 ? r.stdout.trim() : null;
  };
  const qv = spawnSync(opts.qemu, ['--version'], { encoding: 'utf8' }).stdout?.split('\n')[0] ?? '';
  const qemuVer = /version (\S+)/.exec(qv)?.[1] ?? qv;
  const qpkg = dpkg('qemu-system-x86');
  const spkg = dpkg('seabios');
  const opkg = dpkg('ovmf');
  return {
    qemu: `${qemuVer}${qpkg ? ` (Debian package version ${qpkg})` : ''}`,
    seabios: opts.seabios ? basename(opts.seabios) : `${spkg ?? 'unknown'}${spkg ? ' (Debian package seabios)' : ''}`,
    ovmf: `${opkg ?? 'unknown'}${opkg ? ` (Debian package ovmf, ${basename(opts.ovmfCode)})` : ''}`,
    kernel: assets.kernelRelease,
    kernelPackage: assets.kernelDeb,
    busyboxPackage: assets.busyboxDeb,
    accel,
  };
}

function preflight(opts) {
  const missing = [];
  const which = spawnSync('bash', ['-c', `command -v "$1"`, 'bash', opts.qemu], { encoding: 'utf8' });
  if (which.status !== 0) missing.push(`QEMU (${opts.qemu}; apt-get install qemu-system-x86)`);
  const readable = (p) => { try { accessSync(p, constants.R_OK); return true; } catch { return false; } };
  if (!readable(opts.ovmfCode) || !readable(opts.ovmfVars)) missing.push(`OVMF (${opts.ovmfCode}, ${opts.ovmfVars}; apt-get install ovmf)`);
  if (opts.seabios ? !readable(opts.seabios) : !readable('/usr/share/seabios/bios-256k.bin') && !process.env.LAB_QEMU) {
    missing.push(`SeaBIOS (${opts.seabios ?? '/usr/share/seabios/bios-256k.bin'}; apt-get install seabios)`);
  }
  for (const tool of ['cpio', 'gzip', 'dpkg-deb', 'apt-get']) {
    if (spawnSync('bash', ['-c', `command -v ${tool}`]).status !== 0) missing.push(tool);
  }
  return missing;
}

async function pickAccel(opts, assets) {
  if (opts.accel !== 'auto') return opts.accel;
  if (!existsSync('/dev/kvm')) return 'tcg';
  // A probe boot under KVM; nested KVM can hang a guest, so a short timeout and TCG otherwise.
  const probe = MATRIX.find((r) => r.firmware === 'seabios');
  const args = qemuArgs(probe, 'kvm', null).map((x) => x.replace('$KERNEL', assets.kernel).replace('$INITRD', assets.initrd));
  const b = await boot(opts.qemu, args, null, 30);
  const ok = !b.timedOut && parseConsole(b.output) != null;
  console.log(`lab: KVM probe ${ok ? 'booted' : b.timedOut ? 'hung (30 s)' : 'failed'}; using ${ok ? 'kvm' : 'tcg'}`);
  return ok ? 'kvm' : 'tcg';
}

async function pool(items, jobs, fn) {
  const results = new Array(items.length);
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(jobs, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i], i);
    }
  }));
  return results;
}

/** Re-reads the console log each row of the table was measured from; rows without a log stay as they are. */
function reparse(opts) {
  const table = JSON.parse(readFileSync(TABLE, 'utf8'));
  let n = 0;
  for (const row of table.rows) {
    if (opts.only.length && !opts.only.some((s) => row.id.includes(s))) continue;
    const log = join(opts.cache, 'logs', `${row.id}.log`);
    if (!existsSync(log)) continue;
    const timedOut = row.error?.startsWith('timed out');
    const observed = timedOut ? null : parseConsole(readFileSync(log, 'utf8'));
    if (!observed) continue;
    row.observed = observed;
    delete row.error;
    n++;
    console.log(`reparsed ${row.id}: ${summary(row)}`);
  }
  const matrixNotes = new Map(MATRIX.map((r) => [r.id, r.note]));
  table.rows = table.rows.map((row) => {
    const note = matrixNotes.get(row.id);
    const { observed, error, note: _old, devicesOn: _on, ...rest } = row;
    // Same key order as a booted row: settings, devicesOn before qemuArgs, then the outcome.
    const out = {};
    for (const [k, v] of Object.entries(rest)) {
      if (k === 'qemuArgs') out.devicesOn = devicesOn(row.machine);
      out[k] = v;
    }
    out.observed = observed;
    if (error) out.error = error;
    if (note) out.note = note;
    return out;
  });
  writeFileSync(TABLE, JSON.stringify(table, null, 2) + '\n');
  writeFileSync(DOCS, renderDocs(table, existsSync(DOCS) ? readFileSync(DOCS, 'utf8') : null));
  console.log(`lab: reparsed ${n} row(s); wrote test/lab/truth-table.json and docs/firmware-lab.md`);
  return 0;
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  if (opts.list) {
    for (const r of MATRIX) console.log(`${r.ci ? '*' : ' '} ${r.id}`);
    console.log(`${MATRIX.length} rows (* = ci subset)`);
    return 0;
  }
  if (opts.reparse) return reparse(opts);
  const missing = preflight(opts);
  if (missing.length) {
    console.error('\n!!! lab: cannot run, missing: ' + missing.join('; ') + '\n!!! (scripts/lab/ci.sh installs them on Debian)\n');
    return 2;
  }
  let assets;
  try {
    assets = prepareAssets(opts.cache, { kernelOverride: opts.kernel, busyboxOverride: opts.busybox });
  } catch (e) {
    console.error(`\n!!! lab: cannot get the guest kernel/busybox: ${e.message}\n`);
    return 2;
  }
  let rows = MATRIX;
  if (opts.subset === 'ci') rows = rows.filter((r) => r.ci);
  if (opts.only.length) rows = rows.filter((r) => opts.only.some((s) => r.id.includes(s)));
  if (!rows.length) {
    console.error('lab: no row matches');
    return 2;
  }
  const committed = existsSync(TABLE) ? JSON.parse(readFileSync(TABLE, 'utf8')) : null;
  if (opts.check && !committed) {
    console.error(`lab: --check needs the committed table ${TABLE}`);
    return 2;
  }

  const accel = await pickAccel(opts, assets);
  const ctx = { opts, assets, accel };
  console.log(`lab: ${rows.length} row(s), accel ${accel}, kernel ${assets.kernelRelease}, ${opts.jobs} guest(s) at a time`);
  const t0 = Date.now();
  let passed = 0;
  let failed = 0;
  const results = await pool(rows, opts.jobs, async (r) => {
    const res = await runRow(r, ctx);
    if (opts.check) {
      const want = committed.rows.find((x) => x.id === r.id);
      const a = JSON.stringify(outcome(want));
      const b = JSON.stringify(outcome(res));
      if (!want) { failed++; console.log(`FAIL ${r.id}: not in the committed table`); }
      else if (a === b) { passed++; console.log(`ok   ${r.id} (${res.seconds} s): ${summary(res)}`); }
      else {
        failed++;
        console.log(`FAIL ${r.id} (${res.seconds} s)\n     table: ${summary(want)}\n     now:   ${summary(res)}`);
      }
    } else {
      console.log(`${res.observed ? 'ok  ' : 'ERR '} ${r.id} (${res.seconds} s): ${summary(res)}`);
    }
    return res;
  });
  const seconds = Math.round((Date.now() - t0) / 1000);

  if (opts.check) {
    console.log(`lab: the boots took ${seconds} s`);
    console.log(`lab: ${passed} passed, ${failed} failed`);
    return failed ? 1 : 0;
  }

  // Merge into the table: a partial run replaces its rows and keeps the others; order follows the matrix.
  const byId = new Map((committed?.rows ?? []).map((x) => [x.id, x]));
  for (const res of results) byId.set(res.id, res);
  const ordered = MATRIX.map((r) => byId.get(r.id)).filter(Boolean);
  const full = rows.length === MATRIX.length;
  const table = {
    generatedBy: 'npm run lab',
    measured: new Date().toISOString().slice(0, 10),
    environment: versions(opts, assets, accel),
    fullRunSeconds: full ? seconds : committed?.fullRunSeconds ?? null,
    rows: ordered,
  };
  mkdirSync(dirname(TABLE), { recursive: true });
  writeFileSync(TABLE, JSON.stringify(table, null, 2) + '\n');
  writeFileSync(DOCS, renderDocs(table, existsSync(DOCS) ? readFileSync(DOCS, 'utf8') : null));
  const measured = ordered.filter((x) => x.observed).length;
  console.log(`lab: ${results.filter((x) => x.observed).length}/${results.length} booted in ${seconds} s; table has ${measured} measured row(s) of ${ordered.length}`);
  console.log(`lab: wrote test/lab/truth-table.json and docs/firmware-lab.md`);
  return 0;
}

main().then((code) => process.exit(code), (e) => {
  console.error(`\n!!! lab: ${e.stack || e.message}\n`);
  process.exit(2);
});
