// The libvirt XML format (domain and node-device XML) as the registry (server/src/formats.ts) sees it.
import type { DocumentFormat } from '../service/format';
import { analyseLibvirt, LibvirtAnalysis } from './analyse';
import { libvirtFeatures } from './features';
import { LIBVIRT_RULES } from './rules';
import { resolveSchemaSet } from './schema/schemaSet';
import { SCHEMA_RULE_ID } from './schemaOverlap';

export const libvirtFormat: DocumentFormat<LibvirtAnalysis> = {
  id: 'libvirt',
  languageIds: ['libvirt-xml', 'xml'],
  byName: () => false,
  // Any other document is offered to the XML front end, which declines what is not libvirt's root element.
  byContent: () => true,
  analyse: (text, settings, host, client) => analyseLibvirt(text, settings, host, client),
  rules: LIBVIRT_RULES.map((r) => r.meta),
  features: libvirtFeatures,
  findingNote: (ruleId, settings) => (ruleId === SCHEMA_RULE_ID ? `_libvirt/schema: checked against the ${resolveSchemaSet(settings.libvirt.schemaDir).short} schemas_` : undefined),
  comments: 'xml',
  walks: (name) => /\.xml$/i.test(name),
  skipReason: 'not a libvirt domain or node-device document',
};
