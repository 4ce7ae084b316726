// Blog-pasted configs use typographic primes (′ U+2032, ″ U+2033) and the reversed quotes ‛ U+201B,
// ‟ U+201F as delimiters, as in domain=’0x000′. Fix-all must straighten them like ‘ ’ “ ”, and the
// result must parse: no xml/syntax, libvirt/schema or vmx/syntax error left.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { preloadLibvirtSchemaValidator } from '../../server/src/libvirt/schema';
import { fixToFixedPoint } from '../../server/src/service/fixAll';
import { LanguageService } from '../../server/src/service/languageService';
import { TEST_SETTINGS, vmx, VMX_HEADER } from '../helpers/vmx';
import { domain, NO_HOST_SETTINGS } from './libvirt-helpers';

const hostdev = (address: string) =>
  ["    <hostdev mode='subsystem' type='pci' managed='yes'>", '      <source>', `        <address ${address}/>`, '      </source>', '    </hostdev>'].join('\n');

describe('primes and reversed quotes as delimiters', () => {
  before(async () => {
    assert.ok(await preloadLibvirtSchemaValidator(), 'libvirt/schema must run for this test');
  });

  test('xml/smart-quotes: fix-all straightens ’…′, ′…″ and ‛…‟ and leaves a valid domain', () => {
    const service = new LanguageService();
    const pasted = domain({ devices: hostdev('domain=’0x0000′ bus=′0x3b″ slot=‛0x00‟ function=\'0x0\'') });
    const before = service.findings({ uri: 'file:///vm.xml', text: pasted }, NO_HOST_SETTINGS);
    assert.deepEqual(
      before.filter((f) => f.ruleId === 'xml/smart-quotes').map((f) => f.range.start.character),
      [17, 33, 44],
      JSON.stringify(before.map((f) => [f.ruleId, f.message])),
    );
    const { text } = fixToFixedPoint(service, { uri: 'file:///vm.xml', text: pasted }, NO_HOST_SETTINGS);
    assert.equal(text, domain({ devices: hostdev("domain='0x0000' bus='0x3b' slot='0x00' function='0x0'") }));
    const after = service.findings({ uri: 'file:///vm.xml', text }, NO_HOST_SETTINGS).map((f) => f.ruleId);
    assert.ok(!after.some((id) => id === 'xml/syntax' || id === 'libvirt/schema' || id === 'xml/smart-quotes'), after.join(', '));
  });

  test('a prime inside a straight-quoted value that ends it is its closing delimiter', () => {
    const service = new LanguageService();
    const pasted = domain({ devices: hostdev("domain='0x0000′ bus='0x3b' slot='0x00' function='0x0'") });
    const { text } = fixToFixedPoint(service, { uri: 'file:///vm.xml', text: pasted }, NO_HOST_SETTINGS);
    assert.equal(text, domain({ devices: hostdev("domain='0x0000' bus='0x3b' slot='0x00' function='0x0'") }));
  });

  test('vmx/smart-quotes: fix-all straightens ″…″, ‛…′ and ‟…‟ and leaves no syntax error', () => {
    const service = new LanguageService();
    const lines = [...VMX_HEADER, 'firmware = ‛efi′', 'pciPassthru.use64bitMMIO = ″TRUE″', 'pciPassthru.64bitMMIOSizeGB = ‟64‟'];
    const pasted = vmx(lines);
    const ids = service.findings({ uri: 'file:///vm.vmx', text: pasted }, TEST_SETTINGS).filter((f) => f.ruleId === 'vmx/smart-quotes');
    assert.equal(ids.length, 3);
    const { text } = fixToFixedPoint(service, { uri: 'file:///vm.vmx', text: pasted }, TEST_SETTINGS);
    assert.equal(text, vmx([...VMX_HEADER, 'firmware = "efi"', 'pciPassthru.use64bitMMIO = "TRUE"', 'pciPassthru.64bitMMIOSizeGB = "64"']));
    const after = service.findings({ uri: 'file:///vm.vmx', text }, TEST_SETTINGS).map((f) => f.ruleId);
    assert.ok(!after.includes('vmx/syntax') && !after.includes('vmx/smart-quotes'), after.join(', '));
  });
});
