// Proxmox VE configs from the corpus (test/corpus/proxmox/): each is recognised by its content, parses and prints
// back byte for byte, and raises no false alarm (only the info-level facts: a device the catalog cannot size
// without the host, x-vga under OVMF). And, when a copy of proxmox/qemu-server's src/test/cfg2cmd/ is at hand
// (PVE_CFG2CMD_DIR; it is AGPL, so it is read from a fetched checkout, never vendored), its configs are an oracle:
// every one that Proxmox turns into a command line parses losslessly and gets no error from a proxmox/ rule, and
// x-vga=on is on the command line exactly when our model says Proxmox passes it (not under bios: ovmf).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseProxmox, printProxmox } from '../../server/src/proxmox/parser';
import { LanguageService } from '../../server/src/service/languageService';
import { DEFAULT_SETTINGS, Settings } from '../../server/src/service/types';
import { corpusDir } from '../fuzz/corpus';

const SETTINGS: Settings = { ...DEFAULT_SETTINGS, host: { ...DEFAULT_SETTINGS.host, enabled: false } };
const svc = new LanguageService({});
const dir = join(corpusDir, 'proxmox', 'wild');
const files = readdirSync(dir).filter((n) => n.endsWith('.conf')).sort();

describe('Proxmox corpus', () => {
  test('17 files', () => assert.equal(files.length, 17));
  for (const name of files) {
    test(name, () => {
      const text = readFileSync(join(dir, name), 'utf8');
      const uri = pathToFileURL(join(dir, name)).href;
      assert.equal(printProxmox(parseProxmox(text)), text);
      assert.equal(svc.documentKind({ uri, text }, SETTINGS), 'proxmox', 'recognised by its content (the folder is not qemu-server/)');
      const alarms = svc.findings({ uri, text }, SETTINGS).filter((f) => f.level !== 'info');
      assert.deepEqual(alarms.map((f) => `${f.ruleId} ${f.range.start.line}: ${f.message}`), []);
    });
  }
});

const cfg2cmd = process.env.PVE_CFG2CMD_DIR;
describe('proxmox/qemu-server cfg2cmd configs as an oracle', { skip: cfg2cmd && existsSync(cfg2cmd) ? false : 'PVE_CFG2CMD_DIR (a checkout of proxmox/qemu-server src/test/cfg2cmd) not set' }, () => {
  const dirPath = cfg2cmd ?? '';
  const confs = existsSync(dirPath) ? readdirSync(dirPath).filter((n) => n.endsWith('.conf') && existsSync(join(dirPath, `${n}.cmd`))) : [];
  test('there are configs with a command line', () => assert.ok(confs.length >= 50, `only ${confs.length}`));
  for (const name of confs) {
    test(name, () => {
      const text = readFileSync(join(dirPath, name), 'utf8');
      const cmd = readFileSync(join(dirPath, `${name}.cmd`), 'utf8');
      const uri = `file:///etc/pve/qemu-server/${name}`;
      assert.equal(printProxmox(parseProxmox(text)), text);
      const errors = svc.findings({ uri, text }, SETTINGS).filter((f) => f.level === 'error' && f.ruleId.startsWith('proxmox/'));
      assert.deepEqual(errors.map((f) => `${f.ruleId} ${f.range.start.line}: ${f.message}`), []);
      const ovmf = /^bios:\s*ovmf\s*$/m.test(text);
      if (/^hostpci\d+:.*x-vga=(1|on)/m.test(text)) assert.equal(/x-vga=on/.test(cmd), !ovmf, 'x-vga=on reaches QEMU exactly when bios is not ovmf');
      const x = svc.findings({ uri, text }, SETTINGS).some((f) => f.ruleId === 'proxmox/x-vga-ovmf');
      if (x) assert.ok(!/x-vga=on/.test(cmd));
    });
  }
});
