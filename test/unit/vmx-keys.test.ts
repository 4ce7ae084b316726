// VMX keys the catalog knows carry a source; keys documented by VMware or NVIDIA are not "unknown";
// and since no source lists a whole namespace, an unknown key there is a hint (with did-you-mean).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { findKeySpec, FULLY_LISTED_NAMESPACES, VMX_KEYS } from '../../server/src/catalog/vmxKeys';
import { byRule, diagnose, vmx, VMX_HEADER } from '../helpers/vmx';

test('documented keys are known, each with its source: 1 GB pages, TPS salt, GPUDirect P2P', () => {
  const doc = vmx([
    ...VMX_HEADER,
    'sched.mem.lpage.enable1GPage = "TRUE"',
    'sched.mem.pshare.salt = "tenant-a"',
    'pciPassthru.allowP2P = "TRUE"',
    'pciPassthru.RelaxACSforP2P = "TRUE"',
  ]);
  assert.deepEqual(byRule(diagnose(doc), 'vmx/unknown-key'), []);
  assert.match(findKeySpec('sched.mem.lpage.enable1GPage')!.source, /vm-operator .*sched\.mem\.lpage\.enable1GPage|Backing Guest vRAM with 1GB Pages/);
  assert.match(findKeySpec('sched.mem.pshare.salt')!.source, /KB 2097593/);
  assert.match(findKeySpec('pciPassthru.RelaxACSforP2P')!.source, /NVIDIA\/cloud-native-docs/);
  assert.match(findKeySpec('pciPassthru.allowP2P')!.source, /NVIDIA\/cloud-native-docs/);
  for (const k of VMX_KEYS) assert.ok(k.source.trim().length > 10, `${k.key} has a source`);
});

test('pciPassthru.RelaxACSCheck has no vendor source and is not in the catalog', () => {
  assert.equal(findKeySpec('pciPassthru.RelaxACSCheck'), undefined);
  const [d] = byRule(diagnose(vmx([...VMX_HEADER, 'pciPassthru.RelaxACSCheck = "TRUE"'])), 'vmx/unknown-key');
  assert.equal(d.severity, DiagnosticSeverity.Hint);
});

test('no namespace is listed whole by a source, so an unknown key is a hint with its did-you-mean; a circulating misspelling stays a warning', () => {
  assert.deepEqual(FULLY_LISTED_NAMESPACES, []);
  const doc = vmx([...VMX_HEADER, 'pciPassthru.set.usebitMMIO = "TRUE"', 'sched.mem.somethingElseEntirely = "1"', 'pciPassthru0.msiEnabld = "TRUE"']);
  const found = byRule(diagnose(doc), 'vmx/unknown-key');
  assert.deepEqual(
    found.map((d) => [d.range.start.line, d.severity, d.message]),
    [
      [6, DiagnosticSeverity.Warning, 'Unknown key "pciPassthru.set.usebitMMIO": did you mean "pciPassthru.use64bitMMIO"? VMware ignores keys it does not know, so this setting has no effect'],
      [7, DiagnosticSeverity.Hint, 'Unknown key "sched.mem.somethingElseEntirely" VMware ignores keys it does not know, so this setting has no effect'],
      [8, DiagnosticSeverity.Hint, 'Unknown key "pciPassthru0.msiEnabld": did you mean "pciPassthru0.msiEnabled"? VMware ignores keys it does not know, so this setting has no effect'],
    ],
  );
});
