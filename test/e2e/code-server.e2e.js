// Drives code-server's workbench in headless Chromium and checks the extension as a person would:
// squiggles, Problems rows with rule ids, hovers, completion, quick fixes (Ctrl+. and light bulb),
// snippets, and the same for a libvirt domain XML. One screenshot per step in E2E_OUT.
// Env: CS_URL (…/?folder=<ws>), E2E_WS (that folder), E2E_OUT (screenshot folder).
'use strict';
const { openBrowser } = require('./browser');
const fs = require('node:fs');
const path = require('node:path');

const URL_ = mustEnv('CS_URL');
const WS = mustEnv('E2E_WS');
const OUT = mustEnv('E2E_OUT');
const ROOT = path.resolve(__dirname, '..', '..');

function mustEnv(name) {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set`);
  return v;
}

const t0 = Date.now();
const log = (...a) => console.log(`[${((Date.now() - t0) / 1000).toFixed(1)}s]`, ...a);
const results = [];
let shot = 0;

/** Screenshot with the next number: NN-name.png. */
async function snap(page, name) {
  const file = `${String(++shot).padStart(2, '0')}-${name}.png`;
  await page.screenshot({ path: path.join(OUT, file) }).catch(() => {});
  log(`     ${file}`);
}

/** Runs one step, screenshots it whatever happens, records pass/fail and goes on. */
async function step(page, name, fn) {
  const s = Date.now();
  try {
    const detail = await fn();
    results.push({ name, ok: true, detail });
    log(`PASS ${name}${detail ? ': ' + detail : ''} (${Date.now() - s} ms)`);
  } catch (e) {
    results.push({ name, ok: false, detail: e.message.split('\n')[0] });
    log(`FAIL ${name}: ${e.message.split('\n').slice(0, 3).join(' | ')} (${Date.now() - s} ms)`);
  } finally {
    await snap(page, name);
  }
}

const editor = (page) => page.locator('.editor-group-container.active .monaco-editor').first();
const viewLine = (page, text) => editor(page).locator('.view-line', { hasText: text }).first();
const problemRow = (page, text) => page.locator('.markers-panel .monaco-list-row', { hasText: text }).first();

async function openFromExplorer(page, name) {
  await page.locator('.explorer-folders-view .monaco-list-row', { hasText: name }).first().click();
  await page.locator('.tab.active', { hasText: name }).waitFor({ timeout: 30000 });
  await editor(page).locator('.view-lines').waitFor({ timeout: 30000 });
}

/** Puts the cursor on the line of `file` (as saved) holding `needle`, `column` characters in: Ctrl+G "line:col". */
async function cursorOn(page, file, needle, column = 0) {
  const lines = fs.readFileSync(file, 'utf8').split(/\r?\n/);
  const line = lines.findIndex((l) => l.includes(needle));
  if (line < 0) throw new Error(`"${needle}" not in ${path.basename(file)}`);
  await page.mouse.move(5, 5); // no hover left over the text
  await page.keyboard.press('Escape');
  await editor(page).locator('.view-lines').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('Control+G');
  await page.locator('.quick-input-widget input').waitFor({ timeout: 10000 });
  await page.keyboard.type(`${line + 1}:${column + 1}`);
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 10000 });
  await page.locator('#status\\.editor\\.selection', { hasText: `Ln ${line + 1}, Col ${column + 1}` }).waitFor({ timeout: 10000 });
}

/**
 * Retries a UI interaction that depends on timing the workbench does not expose (a hover's delay, the
 * code-action request behind Ctrl+.): on a loaded 2-core machine the first try can miss. Between tries
 * the mouse leaves the text and Escape closes whatever opened; the last failure is reported.
 */
async function withRetries(page, what, fn, tries = 3) {
  let last;
  for (let i = 1; i <= tries; i++) {
    try {
      return await fn();
    } catch (e) {
      last = e;
      log(`     ${what}: try ${i} of ${tries} failed: ${e.message.split('\n')[0]}`);
      await page.mouse.move(5, 5);
      await page.keyboard.press('Escape');
      await page.waitForTimeout(1000 * i);
    }
  }
  throw last;
}

async function hoverOver(page, lineText, charOffset) {
  return withRetries(page, `hover on "${lineText}"`, () => hoverOnce(page, lineText, charOffset));
}

async function hoverOnce(page, lineText, charOffset) {
  const line = viewLine(page, lineText);
  const box = await line.boundingBox();
  if (!box) throw new Error(`line "${lineText}" not visible`);
  // Monaco's monospace cell width: measure from the rendered line.
  const text = (await line.innerText()).replace(/\u00a0/g, ' ');
  const width = (await line.locator('span').first().boundingBox()).width / Math.max(1, text.length);
  await page.mouse.move(box.x + 2, box.y - 40);
  await page.mouse.move(box.x + width * (charOffset + 0.5), box.y + box.height / 2, { steps: 5 });
  const hover = page.locator('.monaco-hover:visible').first();
  await hover.waitFor({ timeout: 15000 });
  return hover;
}

/** Waits for a suggestion; if typing did not open the list in time (a loaded machine), asks with Ctrl+Space, as a person would. */
async function suggestions(page, row) {
  for (let i = 1; i <= 3; i++) {
    try {
      await row.waitFor({ timeout: 10000 });
      return;
    } catch (e) {
      if (i === 3) throw e;
      log(`     suggestions: try ${i} of 3 timed out, pressing Ctrl+Space`);
      await page.keyboard.press('Control+Space');
    }
  }
}

async function showProblems(page) {
  if (!(await page.locator('.markers-panel').isVisible().catch(() => false))) {
    await page.keyboard.press('Control+Shift+M');
  }
  await page.locator('.markers-panel').waitFor({ timeout: 15000 });
}

async function save(page) {
  await page.keyboard.press('Control+S');
  await page.locator('.tab.active.dirty').waitFor({ state: 'detached', timeout: 10000 }).catch(() => {});
}

async function pickAction(page, pattern) {
  const widget = page.locator('.action-widget').first();
  await widget.waitFor({ timeout: 15000 });
  const rows = widget.locator('.monaco-list-row');
  await rows.first().waitFor({ timeout: 15000 });
  const titles = (await rows.allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
  const i = titles.findIndex((t) => pattern.test(t));
  if (i < 0) throw new Error(`no action matching ${pattern} among: ${titles.join(' | ')}`);
  return { row: rows.nth(i), title: titles[i] };
}

/** The snippets the extension contributes for a language (code-snippets files are JSON with comments). */
function contributedSnippets(language) {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  const entry = (pkg.contributes.snippets || []).find((s) => s.language === language);
  if (!entry) throw new Error(`package.json contributes no ${language} snippets`);
  const file = path.join(ROOT, entry.path);
  const raw = fs.readFileSync(file, 'utf8').replace(/^\s*\/\/.*$/gm, '');
  return Object.entries(JSON.parse(raw)).map(([name, s]) => ({ name, ...s }));
}

/** The text a snippet body expands to with every placeholder left at its default. */
function expand(body) {
  let text = Array.isArray(body) ? body.join('\n') : body;
  for (let prev = ''; prev !== text; ) {
    prev = text;
    text = text
      .replace(/\$\{\d+:([^${}]*)\}/g, '$1')
      .replace(/\$\{\d+\|([^,|}]*)[^}]*\|\}/g, '$1')
      .replace(/\$\{\d+\}|\$\d+/g, '');
  }
  return text.replace(/\t/g, '    ');
}

(async () => {
  fs.mkdirSync(OUT, { recursive: true });
  for (const f of fs.readdirSync(OUT)) if (f.endsWith('.png')) fs.rmSync(path.join(OUT, f));
  const browser = await openBrowser();
  const page = browser.page;
  const seenErrors = new Set();
  page.on('console', (m) => {
    const text = m.text().replace(/%c|color: #\w+/g, '').trim().split('\n').slice(0, 2).join(' ');
    if (m.type() === 'error' && !seenErrors.has(text)) { seenErrors.add(text); log('  [browser error]', text.slice(0, 200)); }
  });
  const vmxFile = path.join(WS, 'a2-bios.vmx');
  let quickFixRow;
  try {
    await page.goto(URL_, { waitUntil: 'domcontentloaded', timeout: 60000 });
    await page.locator('.monaco-workbench').waitFor({ timeout: 90000 });
    await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: 60000 });
    log('workbench ready');

    await step(page, 'vmx-squiggles', async () => {
      await openFromExplorer(page, 'a2-bios.vmx');
      await editor(page).locator('.squiggly-error').first().waitFor({ timeout: 60000 });
      await editor(page).locator('.squiggly-warning, .squiggly-info').first().waitFor({ timeout: 10000 });
      const mode = await page.locator('#status\\.editor\\.mode').innerText().catch(() => '?');
      const n = await editor(page).locator('.squiggly-error, .squiggly-warning').count();
      return `${n} error/warning squiggles, language mode "${mode}"`;
    });

    await step(page, 'vmx-problems', async () => {
      await showProblems(page);
      const found = [];
      for (const id of ['vmx/bios-large-bar', 'vmx/unknown-key', 'vmx/unquoted-value']) {
        await problemRow(page, id).waitFor({ timeout: 15000 });
        found.push(id);
      }
      return (await problemRow(page, 'vmx/bios-large-bar').innerText()).replace(/\s+/g, ' ').slice(0, 160);
    });

    await step(page, 'vmx-hover-mmio', async () => {
      const hover = await hoverOver(page, 'pciPassthru.64bitMMIOSizeGB', 8);
      // The arithmetic: "… = 16.1 GB → 32 GB" (sum of the BARs, then the power of two).
      await hover.filter({ hasText: /\d\s*[GM]B\s*→\s*\d+\s*GB/ }).waitFor({ timeout: 10000 })
        .catch(async () => { throw new Error(`hover without MMIO arithmetic: ${(await hover.innerText()).replace(/\s+/g, ' ').slice(0, 300)}`); });
      return (await hover.innerText()).replace(/\s+/g, ' ').slice(0, 200);
    });

    await step(page, 'vmx-quickfix-menu', async () => {
      const { row, title } = await withRetries(page, 'quick-fix menu', async () => {
        await page.keyboard.press('Escape');
        await cursorOn(page, vmxFile, 'pciPassthru.set.usebitMMIO', 3);
        await page.keyboard.press('Control+.');
        return pickAction(page, /Rename.*use64bitMMIO/);
      });
      quickFixRow = row;
      return title;
    });

    await step(page, 'vmx-quickfix-applied', async () => {
      if (!quickFixRow) throw new Error("no quick fix to apply");
      await quickFixRow.click();
      await viewLine(page, 'pciPassthru.use64bitMMIO').waitFor({ timeout: 10000 });
      await save(page);
      await problemRow(page, 'vmx/unknown-key').waitFor({ state: 'detached', timeout: 15000 });
      const disk = fs.readFileSync(vmxFile, 'utf8');
      if (!/^pciPassthru\.use64bitMMIO = "TRUE"$/m.test(disk)) throw new Error('file on disk not changed by the quick fix');
      if (/usebitMMIO/.test(disk)) throw new Error('misspelt key still in the file');
      return 'pciPassthru.use64bitMMIO = "TRUE" saved; vmx/unknown-key gone from Problems';
    });

    await step(page, 'vmx-lightbulb', async () => {
      // The light bulb: a content widget in older VS Code, a glyph-margin icon in newer ones.
      const { row, title } = await withRetries(page, 'light bulb', async () => {
        await cursorOn(page, vmxFile, 'pciPassthru.64bitMMIOSizeGB', 31);
        const bulb = editor(page).locator('.lightBulbWidget, [class*="lightbulb"], [class*="light-bulb"]').locator('visible=true').first();
        await bulb.waitFor({ timeout: 15000 }).catch(async () => {
          const seen = await page.evaluate(() => [...document.querySelectorAll('[class*="ulb"]')].map((e) => e.className).join(' | '));
          throw new Error(`no light bulb shown; light-bulb-like elements: ${seen || 'none'}`);
        });
        await bulb.click();
        return pickAction(page, /quot/i);
      });
      await row.click();
      await viewLine(page, 'pciPassthru.64bitMMIOSizeGB = "64"').waitFor({ timeout: 10000 });
      await save(page);
      await problemRow(page, 'vmx/unquoted-value').waitFor({ state: 'detached', timeout: 15000 });
      if (!/^pciPassthru\.64bitMMIOSizeGB = "64"$/m.test(fs.readFileSync(vmxFile, 'utf8'))) throw new Error('value not quoted on disk');
      return `"${title}" applied; vmx/unquoted-value gone`;
    });

    await step(page, 'vmx-completion-present', async () => {
      await openFromExplorer(page, 'new.vmx');
      await editor(page).locator('.view-lines').click();
      await page.keyboard.type('pciPassthru0.', { delay: 40 });
      const rows = page.locator('.editor-widget.suggest-widget .monaco-list-row');
      await suggestions(page, rows.first());
      const offered = (await rows.allInnerTexts()).map((t) => t.split('\n')[0].trim());
      if (!offered.some((t) => t.startsWith('pciPassthru0.'))) throw new Error(`suggestions after "pciPassthru0.": ${offered.join(', ')}`);
      await snap(page, 'vmx-completion-keys');
      await page.keyboard.type('pre', { delay: 40 });
      await page.locator('.editor-widget.suggest-widget .monaco-list-row', { hasText: 'pciPassthru0.present' }).first().waitFor({ timeout: 10000 });
      return `offered: ${offered.slice(0, 6).join(', ')}…`;
    });

    await step(page, 'vmx-snippet-expanded', async () => {
      await page.keyboard.press('Escape');
      await page.keyboard.press('Control+A');
      await page.keyboard.press('Delete');
      const snippet = contributedSnippets('vmx')[0];
      const prefix = Array.isArray(snippet.prefix) ? snippet.prefix[0] : snippet.prefix;
      await page.keyboard.type(prefix, { delay: 40 });
      const row = page.locator('.editor-widget.suggest-widget .monaco-list-row', { hasText: prefix }).first();
      await suggestions(page, row);
      await snap(page, 'vmx-snippet-offered');
      await row.click();
      await page.keyboard.press('Escape');
      await save(page);
      const disk = fs.readFileSync(path.join(WS, 'new.vmx'), 'utf8').replace(/\r\n/g, '\n').replace(/\t/g, '    ');
      const firstLine = expand(snippet.body).split('\n').find((l) => l.trim());
      if (!disk.includes(firstLine.trim())) throw new Error(`snippet "${snippet.name}" (${prefix}) not expanded: expected "${firstLine.trim()}" in ${JSON.stringify(disk.slice(0, 200))}`);
      return `"${prefix}" → ${disk.split('\n').length} lines, starting "${disk.split('\n')[0]}"`;
    });

    await step(page, 'xml-squiggles', async () => {
      await openFromExplorer(page, 'win11-gpu.xml');
      const mode = await page.locator('#status\\.editor\\.mode').innerText().catch(() => '?');
      await editor(page).locator('.squiggly-error, .squiggly-warning').first().waitFor({ timeout: 30000 })
        .catch(() => { throw new Error(`no squiggle in the libvirt domain XML (language mode "${mode}"): the libvirt front end reported nothing`); });
      return `language mode "${mode}"`;
    });

    await step(page, 'xml-problems', async () => {
      await showProblems(page);
      const row = problemRow(page, 'libvirt/');
      await row.waitFor({ timeout: 15000 }).catch(() => { throw new Error('no Problems row with a libvirt/… rule id'); });
      const rows = await page.locator('.markers-panel .monaco-list-row', { hasText: 'libvirt/' }).allInnerTexts();
      return rows.map((r) => (r.match(/libvirt\/[a-z0-9-]+/) || [''])[0]).join(', ');
    });

    await step(page, 'xml-hover', async () => {
      const hover = await hoverOver(page, "<hostdev mode='subsystem'", 6);
      const text = (await hover.innerText()).replace(/\s+/g, ' ').trim();
      if (!text) throw new Error('empty hover on <hostdev>');
      return text.slice(0, 200);
    });

    // The whole libvirt vocabulary from the schema: completion inside <disk>, hover on <graphics>.
    await step(page, 'xml-completion-disk', async () => {
      await page.keyboard.press('Escape');
      await openFromExplorer(page, 'disk-vm.xml');
      const file = path.join(WS, 'disk-vm.xml');
      const line = fs.readFileSync(file, 'utf8').split(/\r?\n/).find((l) => l.includes("<target dev='vda'"));
      await cursorOn(page, file, "<target dev='vda'", line.length);
      await page.keyboard.press('Enter');
      await page.keyboard.type('<', { delay: 40 });
      const rows = page.locator('.editor-widget.suggest-widget .monaco-list-row');
      await suggestions(page, rows.first());
      const first = (await rows.allInnerTexts()).map((t) => t.split('\n')[0].trim());
      await page.keyboard.type('bl', { delay: 40 });
      await page.locator('.editor-widget.suggest-widget .monaco-list-row', { hasText: 'blockio' }).first().waitFor({ timeout: 10000 })
        .catch(() => { throw new Error(`no "blockio" after "<bl" inside <disk>; offered first: ${first.join(', ')}`); });
      await snap(page, 'xml-completion-disk-blockio');
      await page.keyboard.press('Backspace');
      await page.keyboard.press('Backspace');
      await suggestions(page, rows.first());
      const offered = (await rows.allInnerTexts()).map((t) => t.split('\n')[0].trim());
      for (const want of ['source', 'driver', 'target']) if (!offered.includes(want)) throw new Error(`"${want}" not offered inside <disk>: ${offered.join(', ')}`);
      return `offered: ${offered.slice(0, 8).join(', ')}…`;
    });

    await step(page, 'xml-hover-graphics', async () => {
      await page.keyboard.press('Escape');
      await page.keyboard.press('Control+Z');
      await page.keyboard.press('Control+Z');
      await page.keyboard.press('Escape');
      const hover = await hoverOver(page, "<graphics type='vnc'", 6);
      await hover.filter({ hasText: /May appear in/ }).waitFor({ timeout: 10000 })
        .catch(async () => { throw new Error(`hover on <graphics> without the schema's text: ${(await hover.innerText()).replace(/\s+/g, ' ').slice(0, 300)}`); });
      const text = (await hover.innerText()).replace(/\s+/g, ' ').trim();
      if (!text.includes('sdl | vnc | spice')) throw new Error(`hover lacks the type values: ${text.slice(0, 300)}`);
      return text.slice(0, 200);
    });

    // Host checks against the fake sysfs tree in the workspace (host-sysfs/, a GTX 1660 SUPER whose
    // audio, USB and UCSI functions stay on host drivers).
    await step(page, 'host-iommu-group', async () => {
      await page.keyboard.press('Escape');
      await openFromExplorer(page, 'gpu-host-check.xml');
      await editor(page).locator('.squiggly-error').first().waitFor({ timeout: 30000 })
        .catch(() => { throw new Error('no error squiggle on the hostdev: the host inventory was not read'); });
      await showProblems(page);
      const row = problemRow(page, 'libvirt/iommu-group');
      await row.waitFor({ timeout: 15000 }).catch(() => { throw new Error('no Problems row with libvirt/iommu-group'); });
      const text = (await row.innerText()).replace(/\s+/g, ' ');
      if (!/IOMMU group 15 of 0000:09:00\.0 is not viable/.test(text)) throw new Error(`unexpected row: ${text.slice(0, 200)}`);
      return text.slice(0, 200);
    });

    await step(page, 'host-hover', async () => {
      const hover = await hoverOver(page, "<address domain='0x0000' bus='0x09'", 12);
      await hover.filter({ hasText: /IOMMU group 15/ }).waitFor({ timeout: 10000 })
        .catch(async () => { throw new Error(`hover without the IOMMU group: ${(await hover.innerText()).replace(/\s+/g, ' ').slice(0, 300)}`); });
      const text = (await hover.innerText()).replace(/\s+/g, ' ');
      const hostPart = text.slice(text.indexOf('IOMMU group 15 ('));
      for (const want of ['1 of 4 functions assigned', '0000:09:00.1 audio 0x0403, driver snd_hda_intel', 'driver xhci_hcd', 'driver nvidia-gpu', 'reset: bus']) {
        if (!hostPart.includes(want)) throw new Error(`hover lacks "${want}": ${hostPart.slice(0, 300)}`);
      }
      // The diagnostic comes first in the hover: scroll to the host facts for the screenshot, as a person would.
      const box = await hover.boundingBox();
      if (box) {
        await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 4 });
        for (let i = 0; i < 6; i++) {
          await page.mouse.wheel(0, 120);
          await page.waitForTimeout(120);
        }
        await page.waitForTimeout(300);
      }
      return hostPart.slice(0, 240);
    });

    const pveFile = path.join(WS, 'qemu-server', '100.conf');
    await step(page, 'proxmox-squiggles', async () => {
      await page.keyboard.press('Escape');
      await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'qemu-server' }).first().click();
      await openFromExplorer(page, '100.conf');
      const mode = await page.locator('#status\\.editor\\.mode').innerText().catch(() => '?');
      await editor(page).locator('.squiggly-error').first().waitFor({ timeout: 30000 })
        .catch(() => { throw new Error(`no error squiggle in the Proxmox config (language mode "${mode}")`); });
      if (!/proxmox/i.test(mode)) throw new Error(`language mode "${mode}", not Proxmox`);
      await showProblems(page);
      for (const id of ['proxmox/pcie-needs-q35', 'proxmox/invalid-value', 'proxmox/balloon']) {
        await problemRow(page, id).waitFor({ timeout: 15000 }).catch(() => { throw new Error(`no Problems row with ${id}`); });
      }
      return `language mode "${mode}"; Problems rows proxmox/pcie-needs-q35, proxmox/invalid-value, proxmox/balloon`;
    });

    await step(page, 'proxmox-hover', async () => {
      const hover = await hoverOver(page, 'hostpci0: 0000:83:00.0', 3);
      await hover.filter({ hasText: /BAR1 128 GiB/ }).waitFor({ timeout: 10000 })
        .catch(async () => { throw new Error(`hover without the BARs: ${(await hover.innerText()).replace(/\s+/g, ' ').slice(0, 300)}`); });
      return (await hover.innerText()).replace(/\s+/g, ' ').slice(0, 240);
    });

    let pveFixRow;
    await step(page, 'proxmox-quickfix-menu', async () => {
      const { row, title } = await withRetries(page, 'quick-fix menu', async () => {
        await page.keyboard.press('Escape');
        await cursorOn(page, pveFile, 'xvga=1', 'hostpci0: 0000:83:00.0,pcie=1,'.length + 1);
        await page.keyboard.press('Control+.');
        return pickAction(page, /Rename to x-vga/);
      });
      pveFixRow = row;
      return title;
    });

    await step(page, 'proxmox-quickfix-applied', async () => {
      if (!pveFixRow) throw new Error('no quick fix to apply');
      await pveFixRow.click();
      await viewLine(page, 'x-vga=1').waitFor({ timeout: 10000 });
      await save(page);
      const disk = fs.readFileSync(pveFile, 'utf8');
      if (!/^hostpci0: 0000:83:00\.0,pcie=1,x-vga=1$/m.test(disk)) throw new Error('file on disk not changed by the quick fix');
      await problemRow(page, 'proxmox/invalid-value').waitFor({ state: 'detached', timeout: 15000 });
      // Now x-vga is read: under bios: ovmf the info about what it does (and does not do) appears.
      await problemRow(page, 'proxmox/x-vga-ovmf').waitFor({ timeout: 15000 });
      return 'hostpci0: 0000:83:00.0,pcie=1,x-vga=1 saved; proxmox/invalid-value gone, proxmox/x-vga-ovmf shown';
    });

    await step(page, 'proxmox-completion-property', async () => {
      await page.keyboard.press('Escape');
      await cursorOn(page, pveFile, 'scsihw: virtio-scsi-single', 'scsihw: virtio-scsi-single'.length);
      await page.keyboard.press('End');
      await page.keyboard.press('Enter');
      await page.keyboard.type('hostpci1: 0000:84:00.0,ro', { delay: 40 });
      const rows = page.locator('.editor-widget.suggest-widget .monaco-list-row');
      const row = page.locator('.editor-widget.suggest-widget .monaco-list-row', { hasText: 'rombar' }).first();
      await suggestions(page, row);
      const offered = (await rows.allInnerTexts()).map((t) => t.split('\n')[0].trim());
      return `offered after "hostpci1: 0000:84:00.0,ro": ${offered.slice(0, 6).join(', ')}`;
    });
  } catch (e) {
    results.push({ name: 'workbench', ok: false, detail: e.message.split('\n')[0] });
    log('FAIL workbench:', e.message.split('\n')[0]);
    await page.screenshot({ path: path.join(OUT, '00-workbench-failure.png') }).catch(() => {});
  } finally {
    await browser.close();
  }
  const failed = results.filter((r) => !r.ok);
  fs.writeFileSync(path.join(OUT, 'results.json'), JSON.stringify({ seconds: (Date.now() - t0) / 1000, results }, null, 2));
  console.log(`${results.length - failed.length} passed, ${failed.length} failed`);
  process.exit(failed.length ? 1 : 0);
})();
