// vgpu-language-server started from a shell: --help and --version answer on stdout with exit 0;
// no transport at all is bad usage (stderr, exit 2).
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { version } from '../../package.json';
import { buildBundles } from './support/bundles';

let serverJs = '';

describe('vgpu-language-server command line', () => {
  before(async () => {
    serverJs = (await buildBundles()).server;
  });

  test('vgpu-language-server --help and --version print to stdout and exit 0; no transport is bad usage', () => {
    for (const flag of ['--help', '-h']) {
      const r = spawnSync(process.execPath, [serverJs, flag], { encoding: 'utf8' });
      assert.equal(r.status, 0, flag);
      assert.equal(r.stderr, '', flag);
      assert.match(r.stdout, /^usage: vgpu-language-server --stdio \| --node-ipc \| --socket=PORT \| --pipe=NAME\n/, flag);
    }
    const v = spawnSync(process.execPath, [serverJs, '--version'], { encoding: 'utf8' });
    assert.equal(v.status, 0);
    assert.equal(v.stdout, `${version}\n`);
    const none = spawnSync(process.execPath, [serverJs], { encoding: 'utf8' });
    assert.equal(none.status, 2);
    assert.equal(none.stdout, '');
    assert.match(none.stderr, /^usage: vgpu-language-server/);
  });
});
