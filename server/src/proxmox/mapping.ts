// hostpciN: mapping=<id> resolved through the host's /etc/pve/mapping/pci.cfg (host/pveMapping.ts). Proxmox takes
// the entries of the node it runs on (PVE::Mapping::PCI::find_on_current_node); here, the entry whose address the
// host inventory has, else the only entry. Away from the host a mapping stays unresolved: no finding depends on it.
import type { HostInventory } from '../host/inventory';
import type { PveMappingEntry } from '../host/pveMapping';
import { parseHostpciAddress } from './facts';

export type MappingResolution =
  | { kind: 'resolved'; entry: PveMappingEntry; address?: ReturnType<typeof parseHostpciAddress>; source: string }
  | { kind: 'not-found'; source: string }
  | { kind: 'unknown' };

export function resolveMapping(id: string, host: HostInventory | undefined): MappingResolution {
  const mappings = host?.pveMappings?.();
  if (!host || !mappings) return { kind: 'unknown' };
  const entries = mappings.ids.get(id);
  if (!entries || entries.length === 0) return { kind: 'not-found', source: mappings.source };
  const first = (e: PveMappingEntry) => parseHostpciAddress((e.path ?? '').split(';')[0]);
  const here = entries.find((e) => {
    const a = first(e);
    return a && host.device(`${a.domain.toString(16).padStart(4, '0')}:${a.bus.toString(16).padStart(2, '0')}:${a.slot.toString(16).padStart(2, '0')}.${a.fn}`);
  });
  const entry = here ?? (entries.length === 1 ? entries[0] : undefined);
  if (!entry) return { kind: 'unknown' };
  const address = first(entry);
  return { kind: 'resolved', entry, ...(address ? { address } : {}), source: mappings.source };
}
