// .ci/run always reports: every stage runs even after a failure, each is counted in its own unit,
// a stage that crashes without counts is a failure, `ci: N passed, M failed` is the last line, and
// the exit status says whether anything failed. Fake stages come in through CI_STAGES_FILE.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

const root = path.resolve(__dirname, '..', '..');
const tmp = mkdtempSync(path.join(tmpdir(), 'vgpu-ci-run-'));
process.once('exit', () => rmSync(tmp, { recursive: true, force: true }));

function ciRun(stages: string, args: string[] = []): { status: number | null; lines: string[]; stdout: string } {
  const file = path.join(tmp, `stages-${Math.random().toString(36).slice(2)}.sh`);
  writeFileSync(file, `ci_stages() {\n${stages}\n}\n`);
  const r = spawnSync('bash', [path.join(root, '.ci', 'run'), ...args], { encoding: 'utf8', env: { ...process.env, CI_STAGES_FILE: file } });
  assert.equal(r.error, undefined);
  return { status: r.status, lines: r.stdout.trimEnd().split('\n'), stdout: r.stdout };
}

test('a failing stage does not stop the others; counts per kind; summary last; exit 1', () => {
  const { status, lines, stdout } = ciRun(`
  stage "unit tests" node-test bash -c 'printf "ℹ tests 5\\nℹ pass 4\\nℹ fail 1\\nℹ cancelled 0\\n"; exit 1'
  stage "editors" summary:e2e bash -c 'echo "nvim: 9 passed, 9 failed"; echo "e2e: 3 passed, 0 failed"'
  stage "crash" summary:e2e bash -c 'echo boom; exit 3'
  stage "cancelled tests" node-test bash -c 'printf "ℹ pass 2\\nℹ fail 0\\nℹ cancelled 1\\n"; exit 1'
  stage "no counts, exit 0" node-test true
  stage "exit 2, no failure counted" summary:lab bash -c 'echo "lab: 5 passed, 0 failed"; exit 2'
  stage "one unit" unit true
  stage "one failed unit" unit false`);
  // 4 + 3 + 0 + 2 + 0 + 5 + 1 + 0 passed; 1 + 0 + 1 + 1 + 1 + 1 + 0 + 1 failed.
  assert.equal(lines[lines.length - 1], 'ci: 15 passed, 6 failed');
  assert.equal(status, 1);
  for (const name of ['unit tests', 'editors', 'crash', 'cancelled tests', 'no counts, exit 0', 'exit 2, no failure counted', 'one unit', 'one failed unit']) {
    assert.ok(stdout.includes(`== ${name}\n`), `stage "${name}" did not run`);
  }
  assert.match(stdout, /ci: stage 'crash' ended \(exit 3\) without reporting its counts: counted as failed/);
  assert.match(stdout, /ci: stage 'exit 2, no failure counted' exited 2 but reported no failure: counted as one/);
  assert.match(stdout, /^editors +3 passed, +0 failed {2}\(exit 0, \d+ s\)$/m);
});

test('all stages passing: exit 0 and no failure', () => {
  const { status, lines } = ciRun(`
  stage "unit tests" node-test bash -c 'printf "ℹ pass 7\\nℹ fail 0\\nℹ cancelled 0\\n"'
  stage "one unit" unit true`);
  assert.equal(lines[lines.length - 1], 'ci: 8 passed, 0 failed');
  assert.equal(status, 0);
});

test('the real stage list: system packages, npm ci, npm test, the editors, the fresh clone, the lab, the distribution checks', () => {
  const r = spawnSync('bash', [path.join(root, '.ci', 'run'), '--list'], { encoding: 'utf8', env: { ...process.env, CI_STAGES_FILE: '' } });
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(
    r.stdout.trimEnd().split('\n').map((l) => l.split('\t').slice(1)),
    [
      ['unit', 'system_packages'],
      ['unit', 'npm ci --no-audit --no-fund'],
      ['node-test', 'npm test'],
      ['summary:e2e', 'bash scripts/e2e/ci.sh'],
      ['summary:fresh-clone', 'bash scripts/ci/fresh-clone.sh'],
      ['summary:lab', 'bash scripts/lab/ci.sh'],
      ['summary:package', 'bash scripts/ci/package.sh'],
      ['summary:npm-pack', 'bash scripts/ci/npm-pack.sh'],
      ['summary:pre-commit', 'bash scripts/ci/pre-commit.sh'],
    ],
  );
});
