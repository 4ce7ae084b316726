// libvirt XML front end (domain and node-device XML): parse once → facts → model → rules.
import type { HostInventory } from '../host/inventory';
import type { VmModel } from '../model/vm';
import { LineIndex } from '../service/text';
import type { Client, Finding, Settings } from '../service/types';
import { ruleRuns, runRules } from '../service/wholeVm';
import { buildLibvirtModel, emptyModel } from './adapter';
import type { LibvirtContext, LibvirtKind } from './context';
import { XmlEdits } from './edits';
import { DomainFacts, NodedevFacts, readDomainFacts, readNodedevFacts } from './facts';
import { libvirtFeatures } from './features';
import { firmwareAnalysis, FirmwareAnalysis } from './firmware';
import { LIBVIRT_RULES } from './rules';
import { validateLibvirtSchema } from './schema';
import { resolveSchemaSet } from './schema/schemaSet';
import { SCHEMA_RULE_ID, withoutCoveredSchemaFindings } from './schemaOverlap';
import { doctypeEnd, parseXml, XmlDocument } from './xml/parser';

export { libvirtFeatures };

export interface LibvirtAnalysis {
  kind: LibvirtKind;
  index: LineIndex;
  findings: Finding[];
  doc: XmlDocument;
  model: VmModel;
  domain?: DomainFacts;
  nodedev?: NodedevFacts;
  /** Where the firmware puts the GPUs' 64-bit BARs (x86 domains with sized GPUs). */
  firmware?: FirmwareAnalysis;
  /** The host inventory the analysis ran with (hover and code lens show its facts). */
  host?: HostInventory;
}

const ROOT_NAME = /[A-Za-z_][\w.:-]*/y;

/**
 * The root element's name, skipping the prolog: comments, processing instructions and a DOCTYPE with
 * its internal subset (`<!ENTITY e "<foo>">` does not make the root `foo`). One forward pass over the
 * text, so a long licence comment before the root costs nothing and needs no cap.
 */
export function xmlRootName(text: string): string | undefined {
  let i = 0;
  for (;;) {
    const lt = text.indexOf('<', i);
    if (lt < 0) return undefined;
    if (text.startsWith('<!--', lt)) i = after(text, '-->', lt + 4);
    else if (text.startsWith('<?', lt)) i = after(text, '?>', lt + 2);
    else if (text.startsWith('<!', lt)) i = doctypeEnd(text, lt);
    else {
      ROOT_NAME.lastIndex = lt + 1;
      const m = ROOT_NAME.exec(text);
      if (m) return m[0];
      i = lt + 1;
    }
    if (i < 0) return undefined;
  }
}

function after(text: string, marker: string, from: number): number {
  const k = text.indexOf(marker, from);
  return k < 0 ? -1 : k + marker.length;
}

/** Undefined for XML that is not libvirt's (pom.xml, SVG, XHTML…): such files get no diagnostics at all. */
export function analyseLibvirt(text: string, settings: Settings, host?: HostInventory, client: Client = 'editor'): LibvirtAnalysis | undefined {
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
    client,
    ...(host ? { host } : {}),
    ...(domain ? { domain } : {}),
    ...(nodedev ? { nodedev } : {}),
    range: (span) => index.range(span),
    fixes: {},
  };
  // libvirt/schema runs last, so a schema finding that a specific rule already reports (with a fix) is dropped.
  // A document that is not well-formed gets no whole-VM findings until it is (see service/wholeVm.ts).
  // Typographic quotes do not count: the parser recovers those values exactly and their fix is safe.
  const broken = doc.errors.length > 0;
  const findings = runRules(LIBVIRT_RULES.filter((r) => r.meta.id !== SCHEMA_RULE_ID), ctx, settings, broken);
  const schema = ruleRuns(SCHEMA_RULE_ID, settings, broken) ? LIBVIRT_RULES.find((r) => r.meta.id === SCHEMA_RULE_ID) : undefined;
  if (schema) {
    const revalidate = (edited: string) => {
      const r = validateLibvirtSchema(edited, kind, resolveSchemaSet(settings.libvirt.schemaDir).dir);
      return r.available ? r.errors : undefined;
    };
    findings.push(...withoutCoveredSchemaFindings(schema.check(ctx), findings, doc, index, revalidate));
  }
  const firmware = firmwareAnalysis(ctx);
  return { kind, index, findings, doc, model, ...(domain ? { domain } : {}), ...(nodedev ? { nodedev } : {}), ...(firmware ? { firmware } : {}), ...(host ? { host } : {}) };
}
