// Terraform (*.tf) and Packer (*.pkr.hcl, *.pkr.json) files as the registry (server/src/formats.ts) sees them: the
// vSphere VM settings they carry are analysed by the vmx/ rules (iac/analyse.ts); the format's own rule,
// packer/allowed-device, judges what only Packer reads (extract.ts). A file without a vSphere VM resource or builder
// is not this format's: it gets nothing from the server.
import type { DocumentFormat } from '../service/format';
import { analyseIac, IacAnalysis, isIacUri } from './analyse';
import { iacFeatures } from './features';

export const iacFormat: DocumentFormat<IacAnalysis> = {
  id: 'iac',
  languageIds: ['terraform', 'hcl'],
  byName: (uri) => isIacUri(uri),
  // Packer's JSON templates are JSON objects; HCL bodies never start with "{".
  analyse: (text, settings, host, client) => {
    const a = analyseIac(text, settings, host, client, text.trimStart().startsWith('{'));
    return a.blocks.length === 0 && !a.unavailable ? undefined : a;
  },
  // While the HCL parser is still loading, the result is a placeholder the next call replaces.
  transient: (a) => a.unavailable !== undefined,
  rules: [
    {
      id: 'packer/allowed-device',
      defaultSeverity: 'error',
      description: 'A pci_passthrough_allowed_device id Packer cannot parse (missing, "0x…", not hex): the build stops at the hardware step.',
      fixable: true,
    },
  ],
  features: iacFeatures,
  comments: 'hash',
  walks: (name) => /\.(tf|pkr\.hcl|pkr\.json)$/i.test(name),
  skipReason: 'no vSphere VM (Terraform vsphere_virtual_machine, Packer vsphere-iso/vsphere-clone) in it',
};
