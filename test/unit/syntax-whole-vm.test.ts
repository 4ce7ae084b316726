// While a document has syntax errors, the whole-VM rules (MMIO, firmware, reservation, nested ESXi, GPU
// identification, duplicates) do not run: their findings and fixes would rest on a guess of what the
// broken lines say, and a fix could edit around them. They run again once the syntax is fixed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WHOLE_VM_RULE_IDS } from '../../server/src/service/wholeVm';
import { allRuleMeta } from '../../server/src/service/registry';
import { A2_BIOS_LINES } from '../helpers/fixtures';
import { TEST_SETTINGS, vmx } from '../helpers/vmx';
import { LanguageService } from '../../server/src/service/languageService';
import { domain, fakeHost, findingsOf, pciHostdev } from './libvirt-helpers';

const ids = (fs: { ruleId: string }[]) => [...new Set(fs.map((f) => f.ruleId))].sort();

test('every whole-VM rule id is a registered rule', () => {
  const meta = allRuleMeta();
  for (const id of WHOLE_VM_RULE_IDS) assert.ok(meta.has(id), id);
});

test('VMX: a broken line silences the whole-VM rules (no bios-large-bar, no reservation fix next to it)', () => {
  const service = new LanguageService();
  const whole = vmx([...A2_BIOS_LINES, 'memsize = "16384"']);
  const clean = ids(service.findings({ uri: 'file:///vm.vmx', text: whole }, TEST_SETTINGS));
  assert.ok(clean.includes('vmx/bios-large-bar'), clean.join(', '));
  const broken = vmx([...A2_BIOS_LINES, 'sched.mem.min "16384"']);
  const found = service.findings({ uri: 'file:///vm.vmx', text: broken }, TEST_SETTINGS);
  assert.deepEqual(ids(found), ['vmx/syntax']);
});

test('libvirt: a syntax error silences the whole-VM rules; line-level rules still speak', () => {
  const host = fakeHost();
  const efi = "  <os firmware='efi'>\n    <type arch='x86_64' machine='pc-q35-8.2'>hvm</type>\n  </os>";
  const ok = domain({ os: efi, devices: pciHostdev() });
  assert.ok(ids(findingsOf(ok, { host })).includes('libvirt/mmio-window'));
  const broken = domain({ os: efi, devices: pciHostdev().replace("function='0x0'/>", "function='0x0'>").replace("bus='0x3b'", "bus='0x1ff'") });
  assert.deepEqual(ids(findingsOf(broken, { host })), ['libvirt/hostdev-address', 'xml/syntax']);
  // Typographic quotes are not a syntax error here: the value is recovered exactly, the whole-VM rules run.
  const smart = domain({ os: efi, devices: pciHostdev().replace("managed='yes'", 'managed=‘yes’') });
  assert.ok(ids(findingsOf(smart, { host })).includes('libvirt/mmio-window'));
});
