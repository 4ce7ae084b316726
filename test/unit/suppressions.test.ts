import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { LanguageService } from '../../server/src/service/languageService';
import { DEFAULT_SETTINGS } from '../../server/src/service/types';

const HEADER = ['.encoding = "UTF-8"', 'config.version = "8"', 'virtualHW.version = "19"'];
const codes = (text: string, uri = 'file:///s/a.vmx') =>
  new LanguageService().diagnose({ uri, text }, DEFAULT_SETTINGS).map((d) => `${d.range.start.line}:${String(d.code)}`);

describe('suppression comments', () => {
  test('a VMX comment silences the named rule on the next line only', () => {
    const text = [...HEADER, '# vgpu-lint-disable-next-line vmx/unknown-key', 'vhv.enabled = "TRUE"', 'vvtd.enabled = "TRUE"'].join('\n');
    assert.deepEqual(codes(text), ['5:vmx/unknown-key']);
  });

  test('other rules on that line still report', () => {
    const text = [...HEADER, '# vgpu-lint-disable-next-line vmx/unknown-key', 'vhv.enabled = TRUE'].join('\n');
    assert.deepEqual(codes(text), ['4:vmx/unquoted-value']);
  });

  test('a bare marker silences every rule on the next line', () => {
    const text = [...HEADER, '# vgpu-lint-disable-next-line', 'vhv.enabled = TRUE'].join('\n');
    assert.deepEqual(codes(text), []);
  });

  test('a misspelt rule id silences nothing', () => {
    const text = [...HEADER, '# vgpu-lint-disable-next-line vmx_unknown_key', 'vhv.enabled = TRUE'].join('\n');
    assert.deepEqual(codes(text), ['4:vmx/unknown-key', '4:vmx/unquoted-value']);
  });

  test('the marker inside a value is not a suppression', () => {
    const text = [...HEADER, 'annotation = "vgpu-lint-disable-next-line"', 'vhv.enabled = TRUE'].join('\n');
    assert.deepEqual(codes(text), ['4:vmx/unknown-key', '4:vmx/unquoted-value']);
  });

  test('XML: an XML comment silences the rule on the line after the comment', () => {
    const xml = [
      "<domain type='kvm'>",
      '  <features>',
      "    <hyperv mode='custom'>",
      '      <!-- vgpu-lint-disable-next-line libvirt/unknown-attribute -->',
      "      <relaxed status='on'/>",
      "      <vapic status='on'/>",
      '    </hyperv>',
      '  </features>',
      '</domain>',
    ].join('\n');
    const settings = { ...DEFAULT_SETTINGS, rules: { 'libvirt/schema': 'off' as const }, host: { enabled: false, sysfsRoot: '/nonexistent' } };
    const got = new LanguageService().diagnose({ uri: 'file:///s/d.xml', text: xml }, settings).map((d) => `${d.range.start.line}:${String(d.code)}`);
    assert.deepEqual(got, ['5:libvirt/unknown-attribute']);
  });
});
