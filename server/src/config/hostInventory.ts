// The host inventory for a set of settings: the read-only sysfs reader at the configured root,
// or none when it is switched off or the root does not exist (not a Linux host, or a wrong path).
import { existsSync } from 'node:fs';
import type { HostInventory } from '../host/inventory';
import { createSysfsInventory } from '../host/sysfs';
import type { Settings } from '../service/types';

export function hostInventoryFor(settings: Settings): HostInventory | undefined {
  if (!settings.host.enabled) return undefined;
  const root = settings.host.sysfsRoot;
  if (!existsSync(root)) return undefined;
  return createSysfsInventory(root);
}

/** One line for logs: where the inventory comes from, or why there is none. */
export function describeHost(settings: Settings): string {
  if (!settings.host.enabled) return 'host inventory: off';
  if (!hostInventoryFor(settings)) return `host inventory: none (${settings.host.sysfsRoot} does not exist)`;
  return `host inventory: on (read-only, ${settings.host.sysfsRoot})`;
}
