// Suppression comments and per-rule severity settings, applied by the language service to VMX findings.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { ruleDocUrl } from '../../server/src/service/types';
import { byRule, crlf, diagnose, gpuLines, onlyOne, RESERVED, settingsWith, VMX_HEADER, vmx } from '../helpers/vmx';

const TYPO = 'pciPassthru.set.usebitMMIO = "TRUE"';
const BASE = [...VMX_HEADER, 'firmware = "efi"'];

describe('suppression comments', () => {
  test('# vgpu-lint-disable-next-line vmx/unknown-key silences that rule on the next line only', () => {
    const doc = vmx([...BASE, '# vgpu-lint-disable-next-line vmx/unknown-key', TYPO, TYPO.replace('set.', 'SET.')]);
    const found = byRule(diagnose(doc), 'vmx/unknown-key');
    assert.deepEqual(found.map((d) => d.range.start.line), [9]);
  });

  test('works with CRLF line breaks', () => {
    const doc = crlf(vmx([...BASE, '# vgpu-lint-disable-next-line vmx/unknown-key', TYPO]));
    assert.deepEqual(byRule(diagnose(doc), 'vmx/unknown-key'), []);
  });

  test('another rule id does not silence it; several ids and a bare comment do', () => {
    const other = vmx([...BASE, '# vgpu-lint-disable-next-line vmx/duplicate-key', TYPO]);
    assert.equal(byRule(diagnose(other), 'vmx/unknown-key').length, 1);
    const several = vmx([...BASE, '# vgpu-lint-disable-next-line vmx/duplicate-key, vmx/unknown-key', TYPO]);
    assert.deepEqual(byRule(diagnose(several), 'vmx/unknown-key'), []);
    const bare = vmx([...BASE, '# vgpu-lint-disable-next-line', 'hypervisor.cpuid.v0 = FALSE']);
    assert.deepEqual(diagnose(bare), []);
  });
});

describe('severity settings', () => {
  const doc = vmx([...BASE, ...RESERVED, ...gpuLines(0, '0x13f2'), 'pciPassthru.use64bitMMIO = "TRUE"', 'pciPassthru.64bitMMIOSizeGB = "100"']);

  test('defaults: unknown-gpu is info, mmio-not-power-of-two a warning', () => {
    const diags = diagnose(doc);
    assert.equal(onlyOne(diags, 'vmx/unknown-gpu').severity, DiagnosticSeverity.Information);
    assert.equal(onlyOne(diags, 'vmx/mmio-not-power-of-two').severity, DiagnosticSeverity.Warning);
  });

  test("{ 'vmx/unknown-gpu': 'off', 'vmx/mmio-not-power-of-two': 'error' }", () => {
    const diags = diagnose(doc, settingsWith({ 'vmx/unknown-gpu': 'off', 'vmx/mmio-not-power-of-two': 'error' }));
    assert.deepEqual(byRule(diags, 'vmx/unknown-gpu'), []);
    assert.equal(onlyOne(diags, 'vmx/mmio-not-power-of-two').severity, DiagnosticSeverity.Error);
    assert.deepEqual(diags.map((d) => d.code), ['vmx/mmio-not-power-of-two']);
  });

  test('a setting overrides a per-finding severity too (fragment warning → hint)', () => {
    const frag = vmx(gpuLines(0, '0x1eb8'));
    assert.equal(onlyOne(diagnose(frag), 'vmx/memory-not-reserved').severity, DiagnosticSeverity.Warning);
    const d = onlyOne(diagnose(frag, settingsWith({ 'vmx/memory-not-reserved': 'hint' })), 'vmx/memory-not-reserved');
    assert.equal(d.severity, DiagnosticSeverity.Hint);
  });

  test('diagnostics carry the rule id as code, the doc link and the source', () => {
    const d = onlyOne(diagnose(doc), 'vmx/mmio-not-power-of-two');
    assert.equal(d.source, 'vgpu-lint');
    assert.equal(d.codeDescription?.href, ruleDocUrl('vmx/mmio-not-power-of-two'));
    assert.ok(d.codeDescription?.href.endsWith('/docs/rules/vmx-mmio-not-power-of-two.md'));
  });
});
