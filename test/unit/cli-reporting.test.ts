// What vgpu-lint tells its user on stderr besides the findings: paths it cannot read (and it lints
// the rest), files named on the command line that it skips, what --fix changed, a libvirt schema
// check that could not run.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import type { Dirent, Stats } from 'node:fs';
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { collectFiles, WalkFs } from '../../server/src/cli/files';
import { domain } from './libvirt-helpers';
import { buildBundles } from './support/bundles';

let cliJs = '';

function runCli(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [cliJs, '--no-host', ...args], { cwd, encoding: 'utf8', env: { ...process.env, GITHUB_ACTIONS: '' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function tempDir(): string {
  return mkdtempSync(path.join(tmpdir(), 'vgpu-lint-reporting-'));
}

const CLEAN = ['config.version = "8"', 'virtualHW.version = "19"', 'guestOS = "ubuntu-64"', 'memsize = "4096"', ''].join('\n');

/** A folder tree in memory; `locked` folders fail readdir with EACCES as they would for a non-root user. */
function fakeFs(tree: Record<string, 'file' | 'dir' | 'locked'>): WalkFs {
  const errno = (code: string, p: string) => Object.assign(new Error(`${code}: ${p}`), { code });
  const stat = (p: string): Stats => {
    const kind = tree[p];
    if (!kind) throw errno('ENOENT', p);
    return { isDirectory: () => kind !== 'file', isFile: () => kind === 'file' } as Stats;
  };
  return {
    statSync: stat,
    readdirSync: (p: string) => {
      if (tree[p] === 'locked') throw errno('EACCES', p);
      if (!tree[p] || tree[p] === 'file') throw errno('ENOTDIR', p);
      const names = Object.keys(tree).filter((k) => path.dirname(k) === p).map((k) => path.basename(k));
      return names.map((name) => {
        const kind = tree[path.join(p, name)];
        return { name, isFile: () => kind === 'file', isDirectory: () => kind !== 'file', isSymbolicLink: () => false } as Dirent;
      });
    },
  };
}

describe('vgpu-lint reports what it could not do, and goes on', () => {
  before(async () => {
    cliJs = (await buildBundles()).cli;
  });

  test('the walker reports an unreadable subfolder and returns the files it could read', () => {
    // As root (CI containers), chmod 000 does not stop readdir, so the folder tree is injected instead:
    // readdir of /fake/vms/locked fails with EACCES, as it does for an ordinary user.
    const fs = fakeFs({ '/fake/vms': 'dir', '/fake/vms/a.vmx': 'file', '/fake/vms/locked': 'locked', '/fake/vms/z.xml': 'file' });
    const problems: string[] = [];
    const targets = collectFiles(['/fake/vms', '/fake/missing.vmx'], () => false, (p) => problems.push(p), fs);
    assert.deepEqual(targets.map((t) => t.display), ['/fake/vms/a.vmx', '/fake/vms/z.xml']);
    assert.deepEqual(problems, ['cannot read /fake/vms/locked: permission denied', 'cannot read /fake/missing.vmx: no such file or directory']);
  });

  test('a missing path beside a real file: the file is linted, the path reported, exit 2', () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'clean.vmx'), CLEAN);
    const r = runCli(['missing.vmx', 'clean.vmx'], dir);
    assert.equal(r.code, 2);
    assert.equal(r.stderr, 'vgpu-lint: cannot read missing.vmx: no such file or directory\n');
    assert.equal(r.stdout, '0 problems (0 errors, 0 warnings) in 1 file\n');
  });

  test('a file where a folder is expected, a FIFO and a broken symlink are reported; the rest is linted', () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, 'vms'));
    writeFileSync(path.join(dir, 'vms', 'clean.vmx'), CLEAN);
    symlinkSync(path.join(dir, 'gone.vmx'), path.join(dir, 'vms', 'dangling.vmx'));
    const fifo = spawnSync('mkfifo', [path.join(dir, 'pipe.vmx')]);
    assert.equal(fifo.status, 0, 'mkfifo');
    const r = runCli(['--format', 'json', 'vms/clean.vmx/x.vmx', 'pipe.vmx', 'vms'], dir);
    assert.equal(r.code, 2);
    assert.equal(
      r.stderr,
      [
        'vgpu-lint: cannot read vms/clean.vmx/x.vmx: not a directory',
        'vgpu-lint: cannot read pipe.vmx: not a regular file',
        `vgpu-lint: cannot read ${path.join('vms', 'dangling.vmx')}: no such file or directory (broken symbolic link)`,
        '',
      ].join('\n'),
    );
    assert.deepEqual((JSON.parse(r.stdout) as { file: string }[]).map((f) => f.file), [path.join('vms', 'clean.vmx')]);
  });

  test('a file named explicitly but skipped gets a note; folders still skip silently', () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, 'vms'));
    writeFileSync(path.join(dir, 'pom.xml'), '<project><modelVersion>4.0.0</modelVersion></project>\n');
    writeFileSync(path.join(dir, 'notes.txt'), 'nothing to lint\n');
    writeFileSync(path.join(dir, 'vms', 'pom.xml'), '<project/>\n');
    writeFileSync(path.join(dir, 'vms', 'clean.vmx'), CLEAN);
    const r = runCli(['pom.xml', 'notes.txt', 'vms'], dir);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(
      r.stderr,
      'vgpu-lint: skipped pom.xml: not a libvirt domain or node-device document\nvgpu-lint: skipped notes.txt: not a .vmx/.vmtx file, nor a libvirt domain or node-device document\n',
    );
    assert.equal(r.stdout, '0 problems (0 errors, 0 warnings) in 1 file\n');
  });

  test('--fix prints one line per changed file on stderr, nothing for unchanged files', () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'fix.vmx'), [...CLEAN.trimEnd().split('\n'), 'numvcpus = 4', 'sched.mem.shares = normal', 'pciPassthru.set.usebitMMIO = "TRUE"', ''].join('\n'));
    writeFileSync(path.join(dir, 'clean.vmx'), CLEAN);
    const r = runCli(['--fix', 'fix.vmx', 'clean.vmx'], dir);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.equal(r.stderr, 'fixed fix.vmx: 3 fixes (vmx/unquoted-value ×2, vmx/unknown-key)\n');
    assert.match(readFileSync(path.join(dir, 'fix.vmx'), 'utf8'), /numvcpus = "4"\nsched\.mem\.shares = "normal"\npciPassthru\.use64bitMMIO = "TRUE"\n$/);
    const again = runCli(['--fix', 'fix.vmx', 'clean.vmx'], dir);
    assert.equal(again.stderr, '');
  });

  test('--schema-dir naming no schemas is said once on stderr, and the bundled schemas are used', () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'a.xml'), domain());
    writeFileSync(path.join(dir, 'b.xml'), domain());
    writeFileSync(path.join(dir, 'clean.vmx'), CLEAN);
    const missing = path.join(dir, 'no-schemas');
    const r = runCli(['--schema-dir', missing, 'a.xml', 'b.xml'], dir);
    assert.equal(r.code, 0, r.stdout);
    // The folder cannot be used: said once for the run, and the bundled schemas check the files instead.
    assert.equal(r.stderr, `vgpu-lint: libvirt schema folder ${missing} does not exist: using the bundled schemas (libvirt 9.0.0) instead\n`);
  });
});
