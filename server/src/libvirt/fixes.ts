// Format edits the model rules ask for (ModelFixes), expressed on the libvirt tree.
import type { TextEdit } from 'vscode-languageserver-types';
import type { XmlEdits } from './edits';
import type { DomainFacts } from './facts';
import { attr } from './xml/dom';

/** `firmware='efi'` on `<os>`: the value is replaced if present, else the attribute is inserted into the existing start tag. */
export function setEfiFirmware(facts: DomainFacts, edits: XmlEdits): TextEdit[] {
  const os = facts.os;
  if (!os) return [];
  const fw = attr(os, 'firmware');
  return [fw ? edits.setAttributeValue(fw, 'efi') : edits.insertAttribute(os, 'firmware', 'efi')];
}
