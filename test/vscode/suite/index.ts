// Runs the VS Code-API suite with mocha inside an extension host. Used two ways:
// by @vscode/test-electron (exports `run`) and by the test-runner extension in code-server (`runSuite`).
import Mocha from 'mocha';

export interface TestOutcome {
  title: string;
  state: 'passed' | 'failed';
  durationMs: number;
  error?: string;
}

export interface SuiteResult {
  passed: number;
  failed: number;
  tests: TestOutcome[];
}

export function runSuite(log: (line: string) => void = console.log): Promise<SuiteResult> {
  const tests: TestOutcome[] = [];
  // A reporter as a class: mocha's by-name reporter lookup does not survive bundling.
  class Collect {
    constructor(runner: Mocha.Runner) {
      runner.on('pass', (t) => {
        tests.push({ title: t.fullTitle(), state: 'passed', durationMs: t.duration ?? 0 });
        log(`  ✔ ${t.fullTitle()} (${t.duration ?? 0} ms)`);
      });
      runner.on('fail', (t, err: Error) => {
        tests.push({ title: t.fullTitle(), state: 'failed', durationMs: t.duration ?? 0, error: String(err?.stack ?? err) });
        log(`  ✘ ${t.fullTitle()}\n    ${String(err?.message ?? err)}`);
      });
    }
  }
  const mocha = new Mocha({ ui: 'bdd', timeout: 60000, color: false, reporter: Collect as unknown as typeof Mocha.reporters.Base });
  // Register the bundled test files against this mocha instance (what mocha.addFile + loadFiles would do).
  mocha.suite.emit('pre-require', globalThis, 'vmx.test', mocha);
  require('./vmx.test');
  mocha.suite.emit('pre-require', globalThis, 'libvirt.test', mocha);
  require('./libvirt.test');
  mocha.suite.emit('pre-require', globalThis, 'convert.test', mocha);
  require('./convert.test');
  return new Promise((resolve) => {
    mocha.run(() => {
      const failed = tests.filter((t) => t.state === 'failed').length;
      resolve({ passed: tests.length - failed, failed, tests });
    });
  });
}

export async function run(): Promise<void> {
  const r = await runSuite();
  console.log(`${r.passed} passed, ${r.failed} failed`);
  if (r.failed > 0) throw new Error(`${r.failed} VS Code-API test(s) failed`);
}
