// Opens code-server's workbench in headless Chromium (which starts the extension host) and keeps it
// open until the file E2E_WAIT_FOR appears (written by the test-runner extension) or E2E_TIMEOUT_S passes.
// Env: CS_URL, E2E_WAIT_FOR, E2E_SCREENSHOT (optional), E2E_TIMEOUT_S (default 300).
'use strict';
const { openBrowser } = require('./browser');
const fs = require('node:fs');
const path = require('node:path');

(async () => {
  const url = process.env.CS_URL;
  const waitFor = process.env.E2E_WAIT_FOR;
  if (!url || !waitFor) throw new Error('CS_URL and E2E_WAIT_FOR are required');
  const timeoutMs = Number(process.env.E2E_TIMEOUT_S || 300) * 1000;
  const browser = await openBrowser();
  const { page } = browser;
  let found = false;
  try {
    await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 60000 });
    await page.locator('.monaco-workbench').waitFor({ timeout: 90000 });
    const end = Date.now() + timeoutMs;
    while (!(found = fs.existsSync(waitFor)) && Date.now() < end) await new Promise((r) => setTimeout(r, 250));
  } finally {
    if (process.env.E2E_SCREENSHOT) await page.screenshot({ path: process.env.E2E_SCREENSHOT }).catch(() => {});
    await browser.close();
  }
  if (!found) {
    console.error(`timed out: ${waitFor} was not written`);
    process.exit(1);
  }
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
