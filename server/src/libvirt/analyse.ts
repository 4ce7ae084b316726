// libvirt XML front end (domain and node-device XML): parse once → facts → model → rules.
import type { HostInventory } from '../host/inventory';
import type { VmModel } from '../model/vm';
import { LineIndex } from '../service/text';
import type { Finding, Settings } from '../service/types';
import { buildLibvirtModel, emptyModel } from './adapter';
import type { LibvirtContext, LibvirtKind } from './context';
import { XmlEdits } from './edits';
import { DomainFacts, NodedevFacts, readDomainFacts, readNodedevFacts } from './facts';
import { libvirtFeatures } from './features';
import { setEfiFirmware } from './fixes';
import { LIBVIRT_RULES } from './rules';
import { SCHEMA_RULE_ID, withoutCoveredSchemaFindings } from './schemaOverlap';
import { parseXml, XmlDocument } from './xml/parser';

export { libvirtFeatures };

export interface LibvirtAnalysis {
  kind: LibvirtKind;
  index: LineIndex;
  findings: Finding[];
  doc: XmlDocument;
  model: VmModel;
  domain?: DomainFacts;
  nodedev?: NodedevFacts;
}

/** The root element's name, skipping the prolog, comments, doctype and processing instructions. */
export function xmlRootName(text: string): string | undefined {
  const re = /<(!--[\s\S]*?--|\?[\s\S]*?\?|![A-Za-z][^>]*|([A-Za-z_][\w.:-]*))/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    if (m[2]) return m[2];
    if (re.lastIndex > 65536) return undefined;
  }
  return undefined;
}

/** Undefined for XML that is not libvirt's (pom.xml, SVG, XHTML…): such files get no diagnostics at all. */
export function analyseLibvirt(text: string, settings: Settings, host?: HostInventory): LibvirtAnalysis | undefined {
  const rootName = xmlRootName(text);
  if (rootName !== 'domain' && rootName !== 'device') return undefined;
  const kind: LibvirtKind = rootName === 'domain' ? 'libvirt-domain' : 'libvirt-nodedev';
  const index = new LineIndex(text);
  const doc = parseXml(text);
  const edits = new XmlEdits(doc, index);
  const root = doc.root;
  const domain = kind === 'libvirt-domain' && root?.name === 'domain' ? readDomainFacts(doc, root) : undefined;
  const nodedev = kind === 'libvirt-nodedev' && root?.name === 'device' ? readNodedevFacts(doc, root) : undefined;
  const identify = { gpuMap: settings.gpuMap, ...(host ? { host } : {}) };
  const model = domain ? buildLibvirtModel(doc, domain, index, identify) : emptyModel(index.range(root?.nameSpan ?? { start: 0, end: 0 }));
  const ctx: LibvirtContext = {
    kind,
    doc,
    index,
    edits,
    model,
    settings,
    ...(host ? { host } : {}),
    ...(domain ? { domain } : {}),
    ...(nodedev ? { nodedev } : {}),
    range: (span) => index.range(span),
    fixes: domain ? { setEfiFirmware: () => setEfiFirmware(domain, edits) } : {},
  };
  // libvirt/schema runs last, so a schema finding that a specific rule already reports (with a fix) is dropped.
  const findings: Finding[] = [];
  let schema: (typeof LIBVIRT_RULES)[number] | undefined;
  for (const rule of LIBVIRT_RULES) {
    if (settings.rules[rule.meta.id] === 'off') continue;
    if (rule.meta.id === SCHEMA_RULE_ID) schema = rule;
    else findings.push(...rule.check(ctx));
  }
  if (schema) findings.push(...withoutCoveredSchemaFindings(schema.check(ctx), findings, doc, index));
  return { kind, index, findings, doc, model, ...(domain ? { domain } : {}), ...(nodedev ? { nodedev } : {}) };
}
