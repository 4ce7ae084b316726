// Debian's Chromium, headless, for the code-server checks: one place for the launch flags, because they
// are what keeps the browser off the network (no background services, and no host name resolves except
// the local code-server).
'use strict';
const { chromium } = require('playwright-core');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

async function openBrowser() {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'vgpu-e2e-chromium-'));
  const ctx = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.E2E_CHROMIUM || '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1400, height: 900 },
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage',
      '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1'],
  });
  const page = ctx.pages()[0] || (await ctx.newPage());
  return {
    page,
    async close() {
      await ctx.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}

module.exports = { openBrowser };
