import type { Range } from 'vscode-languageserver-types';
import type { FirmwareAnalysis } from '../model/firmware/analysis';
import type { ModelContext } from '../service/rule';
import type { Span } from '../service/text';
import type { ProxmoxFacts } from './facts';
import type { PxDocument } from './parser';

export interface ProxmoxContext extends ModelContext {
  doc: PxDocument;
  /** The VM's id, when the file is named <vmid>.conf (Proxmox derives its mdev uuids from it). */
  vmid?: number;
  facts: ProxmoxFacts;
  /** Where the firmware puts the GPUs' 64-bit BARs (x86 VMs with sized GPUs). */
  firmware?: FirmwareAnalysis;
  range(span: Span): Range;
}
