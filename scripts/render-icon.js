// Renders images/icon.svg to images/icon.png (128×128, transparent corners) with Debian's headless Chromium,
// launched with the flags that keep it off the network (test/e2e/browser.js). Usage: node scripts/render-icon.js
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { openBrowser } = require('../test/e2e/browser');

(async () => {
  const root = path.join(__dirname, '..');
  const svg = fs.readFileSync(path.join(root, 'images', 'icon.svg'), 'utf8');
  const browser = await openBrowser();
  try {
    await browser.page.setViewportSize({ width: 128, height: 128 });
    await browser.page.setContent(`<!doctype html><html><body style="margin:0;background:transparent">${svg}</body></html>`);
    await browser.page.screenshot({ path: path.join(root, 'images', 'icon.png'), omitBackground: true, clip: { x: 0, y: 0, width: 128, height: 128 } });
  } finally {
    await browser.close();
  }
  console.log('wrote images/icon.png');
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
