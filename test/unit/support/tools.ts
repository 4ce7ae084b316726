// External reference tools some tests compare against (libvirt's virt-xml-validate, libxml2's xmllint).
// Without them those comparisons are skipped – reported as skipped by node:test, never as passed – and
// a banner on stderr says what to install. Everything else runs with Node alone.
import { spawnSync } from 'node:child_process';
import type { TestContext } from 'node:test';

export const INSTALL_HINT = 'install Debian/Ubuntu packages libvirt-clients (virt-xml-validate) and libxml2-utils (xmllint)';

const found = new Map<string, boolean>();

export function hasTool(name: 'virt-xml-validate' | 'xmllint'): boolean {
  let ok = found.get(name);
  if (ok === undefined) {
    // virt-xml-validate has no --version; with no argument it prints its usage and exits non-zero.
    const r = spawnSync(name, name === 'xmllint' ? ['--version'] : [], { encoding: 'utf8' });
    ok = !r.error;
    found.set(name, ok);
  }
  return ok;
}

/** True when `name` can run; otherwise prints the banner and marks the test skipped (the caller returns). */
export function requireTool(t: TestContext, name: 'virt-xml-validate' | 'xmllint', what = 'comparison'): boolean {
  if (hasTool(name)) return true;
  const msg = `${name} not found: ${what} skipped — ${INSTALL_HINT}`;
  const bar = '!'.repeat(Math.min(100, msg.length));
  process.stderr.write(`\n${bar}\n${msg}\n${bar}\n`);
  t.skip(msg);
  return false;
}
