import type { Range } from 'vscode-languageserver-types';
import type { ModelContext } from '../service/rule';
import type { LineIndex, Span } from '../service/text';
import type { XmlEdits } from './edits';
import type { DomainFacts, NodedevFacts } from './facts';
import type { XmlDocument } from './xml/parser';

export type LibvirtKind = 'libvirt-domain' | 'libvirt-nodedev';

export interface LibvirtContext extends ModelContext {
  kind: LibvirtKind;
  doc: XmlDocument;
  index: LineIndex;
  edits: XmlEdits;
  /** Set for a domain document. */
  domain?: DomainFacts;
  /** Set for a node-device document. */
  nodedev?: NodedevFacts;
  range(span: Span): Range;
}
