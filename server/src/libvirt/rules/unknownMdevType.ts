import { findVgpuProfile, profileFromMdevName } from '../../catalog/vgpuProfiles';
import { defineRule, finding } from '../../service/rule';
import type { Finding, Fix } from '../../service/types';
import { closest } from '../../util/strings';
import type { LibvirtContext } from '../context';
import { describeMdevType } from '../mdevTypes';
import { attr } from '../xml/dom';
import { quoteUserText } from '../../util/userText';

/**
 * Node-device `<type id>` must be one of the parent's mdev_supported_types. The nvidia-NNN ids are whatever the
 * installed driver registers there (Linux Documentation/ABI/testing/sysfs-bus-vfio-mdev), so without the host
 * nothing is guessed; only a profile name written where the type id belongs is pointed out.
 */
export const unknownMdevTypeRule = defineRule<LibvirtContext>(
  { id: 'libvirt/unknown-mdev-type', defaultSeverity: 'warning', description: 'A node-device mdev <type id> that the parent device does not offer.', fixable: true },
  (ctx) => {
    const nd = ctx.nodedev;
    const idAttr = attr(nd?.type, 'id');
    if (!nd || !idAttr?.valueSpan || idAttr.smartQuotes.length) return [];
    const id = idAttr.value.trim();
    const range = ctx.range(idAttr.valueSpan);
    const asProfile = profileFromMdevName(id) ?? findVgpuProfile(id);
    if (!ctx.host) {
      if (!asProfile || /^[a-z0-9_]+-\d+$/i.test(id)) return [];
      return [
        finding('libvirt/unknown-mdev-type', range, `'${quoteUserText(id)}' is a vGPU profile name, not an mdev type id: the id is the directory name under the parent's mdev_supported_types/ (nvidia-NNN) whose 'name' file reads "GRID ${quoteUserText(id).replace(/^(grid_|GRID |NVIDIA )/i, '').toUpperCase()}". The numbers change between driver releases, so look them up on the host`, { severity: 'info' }),
      ];
    }
    const offered = ctx.host.mdevTypes(nd.parentAddress);
    if (offered.length === 0 || offered.some((t) => t.id === id)) return [];
    const where = nd.parentAddress ? `the parent ${nd.parentAddress}` : 'this host';
    // A name written instead of an id ("GRID P4-8C", "P4-8C") maps straight to its id.
    const bare = id.replace(/^(GRID|NVIDIA)\s+/i, '').toLowerCase();
    const byName = offered.find((t) => t.name && t.name.trim().replace(/^(GRID|NVIDIA)\s+/i, '').toLowerCase() === bare);
    const nearest = byName ? [byName.id] : closest(id, offered.map((t) => t.id), 3).slice(0, 3);
    const fixes: Fix[] = nearest.map((n, i) => {
      const t = offered.find((o) => o.id === n)!;
      return { title: `Use ${describeMdevType(t)}`, edits: [ctx.edits.setAttributeValue(idAttr, n)], safe: i === 0 && byName !== undefined };
    });
    const list = offered.slice(0, 12).map(describeMdevType).join('; ');
    const out: Finding[] = [
      finding('libvirt/unknown-mdev-type', range, `mdev type '${quoteUserText(id)}' is not offered by ${where}${byName ? ` (its name matches ${byName.id})` : ''}. Offered: ${list}${offered.length > 12 ? `; … ${offered.length - 12} more` : ''}`, { fixes }),
    ];
    return out;
  },
);
