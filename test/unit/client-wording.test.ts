// Messages name the way the user can act: the editor's settings (vgpuLint.gpuMap) for the editor,
// the command line's flag and config file (--gpu ADDR=MODEL, gpuMap in .vgpu-lint.json) for vgpu-lint.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { LanguageService } from '../../server/src/service/languageService';
import { TEST_SETTINGS, vmx, VMX_HEADER } from '../helpers/vmx';
import { domain, NO_HOST_SETTINGS, pciHostdev } from './libvirt-helpers';
import { buildBundles } from './support/bundles';

const XML = domain({ devices: pciHostdev('0000:3b:00.0') });
const VMX = vmx([...VMX_HEADER, 'firmware = "efi"', 'pciPassthru0.present = "TRUE"', 'pciPassthru0.vendorId = "0x10de"', 'pciPassthru0.deviceId = "0xffff"']);

const XML_EDITOR =
  'hostdev 0000:3b:00.0: the host inventory is not available (host reading is off, or this is not the KVM host), and vgpuLint.gpuMap does not map this address, so its MMIO and firmware needs cannot be checked. Run the server on the host (read-only sysfs), or map the address to a catalog GPU id in the vgpuLint.gpuMap setting.';
const XML_CLI =
  'hostdev 0000:3b:00.0: the host inventory is not available (host reading is off, or this is not the KVM host), and the GPU map (--gpu, gpuMap in .vgpu-lint.json) does not map this address, so its MMIO and firmware needs cannot be checked. Run vgpu-lint on the host (read-only sysfs), or map the address to a catalog GPU id with --gpu ADDR=MODEL or "gpuMap" in .vgpu-lint.json.';
const VMX_EDITOR =
  'pciPassthru0: PCI id 10de:ffff is not in the GPU catalog, so its MMIO and firmware needs cannot be checked. Add pciPassthruN.vendorId/deviceId, or map the host address in the vgpuLint.gpuMap setting.';
const VMX_CLI =
  'pciPassthru0: PCI id 10de:ffff is not in the GPU catalog, so its MMIO and firmware needs cannot be checked. Add pciPassthruN.vendorId/deviceId, or map the host address with --gpu ADDR=MODEL or "gpuMap" in .vgpu-lint.json.';

function unknownGpu(service: LanguageService, uri: string, text: string, settings = TEST_SETTINGS): string[] {
  return service
    .diagnose({ uri, text }, settings)
    .filter((d) => String(d.code).endsWith('/unknown-gpu'))
    .map((d) => d.message);
}

describe('messages follow the client', () => {
  test('the editor (the default client) is told about the vgpuLint.gpuMap setting', () => {
    const editor = new LanguageService({ client: 'editor' });
    assert.deepEqual(unknownGpu(editor, 'file:///vm.xml', XML, NO_HOST_SETTINGS), [XML_EDITOR]);
    assert.deepEqual(unknownGpu(editor, 'file:///vm.vmx', VMX), [VMX_EDITOR]);
    assert.deepEqual(unknownGpu(new LanguageService(), 'file:///vm.xml', XML, NO_HOST_SETTINGS), [XML_EDITOR]);
  });

  test('the command line is told about --gpu ADDR=MODEL and gpuMap in .vgpu-lint.json', () => {
    const cli = new LanguageService({ client: 'cli' });
    assert.deepEqual(unknownGpu(cli, 'file:///vm.xml', XML, NO_HOST_SETTINGS), [XML_CLI]);
    assert.deepEqual(unknownGpu(cli, 'file:///vm.vmx', VMX), [VMX_CLI]);
  });

  test('with a gpuMap entry naming no catalog GPU, each client is pointed at where the entry came from', () => {
    const settings = { ...NO_HOST_SETTINGS, gpuMap: { '0000:3b:00.0': 'A100-80GB' } };
    assert.match(unknownGpu(new LanguageService({ client: 'editor' }), 'file:///vm.xml', XML, settings)[0], /: vgpuLint\.gpuMap maps this address to "A100-80GB", which is not a GPU id of the catalog/);
    assert.match(unknownGpu(new LanguageService({ client: 'cli' }), 'file:///vm.xml', XML, settings)[0], /: the GPU map \(--gpu, gpuMap in \.vgpu-lint\.json\) maps this address to "A100-80GB", which is not a GPU id of the catalog/);
  });

  describe('vgpu-lint', () => {
    let cli = '';
    before(async () => {
      cli = (await buildBundles()).cli;
    });
    test('prints the command-line wording, never an editor setting', () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'vgpu-lint-client-'));
      writeFileSync(path.join(dir, 'vm.xml'), XML);
      writeFileSync(path.join(dir, 'vm.vmx'), VMX);
      const r = spawnSync(process.execPath, [cli, '--no-host', '--format', 'json', 'vm.xml', 'vm.vmx'], { cwd: dir, encoding: 'utf8', env: { ...process.env, GITHUB_ACTIONS: '' } });
      const files = JSON.parse(r.stdout) as { diagnostics: { code: string; message: string }[] }[];
      const messages = files.flatMap((f) => f.diagnostics.filter((d) => d.code.endsWith('/unknown-gpu')).map((d) => d.message));
      assert.deepEqual(messages, [XML_CLI, VMX_CLI]);
      assert.doesNotMatch(r.stdout, /vgpuLint\./);
    });
  });
});
