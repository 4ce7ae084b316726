import type { TextEdit } from 'vscode-languageserver-types';
import { defineRule, finding } from '../../service/rule';
import type { Fix } from '../../service/types';
import type { LibvirtContext } from '../context';
import { indentUnit } from '../xml/dom';

/**
 * QEMU's own memory and each VFIO device's mappings come on top of guest RAM. libvirt itself (qemuDomainGetMemLockLimitBytes)
 * reserves guest memory + 1 GiB for VFIO without a vIOMMU; one GiB per device keeps room with several devices or a vIOMMU.
 */
export const HARD_LIMIT_PER_VFIO_KIB = 1024 * 1024;

export const lockedWithoutHardLimitRule = defineRule<LibvirtContext>(
  { id: 'libvirt/locked-without-hard-limit', defaultSeverity: 'warning', description: '<memoryBacking><locked/> without <memtune><hard_limit>.', fixable: true },
  (ctx) => {
    const facts = ctx.domain;
    if (!facts?.locked || facts.hardLimit) return [];
    const vfio = facts.hostdevs.length;
    const ramKiB = Math.max(facts.memoryKiB ?? 0, facts.maxMemoryKiB ?? 0);
    const fixes: Fix[] = [];
    let formula = 'guest memory + 1 GiB per VFIO device';
    if (ramKiB > 0 && facts.memoryBacking) {
      const limit = ramKiB + HARD_LIMIT_PER_VFIO_KIB * Math.max(1, vfio);
      formula = `guest memory ${ramKiB} KiB + 1 GiB (1048576 KiB) × ${Math.max(1, vfio)} VFIO device${vfio > 1 ? 's' : ''} = ${limit} KiB`;
      const q = ctx.edits.quote;
      const line = `<hard_limit unit=${q}KiB${q}>${limit}</hard_limit>`;
      let edit: TextEdit;
      if (facts.memtune && !facts.memtune.selfClosing) edit = ctx.edits.appendChildLines(facts.memtune, [line]);
      else if (facts.memtune) edit = ctx.edits.replace({ start: facts.memtune.start, end: facts.memtune.end }, `<memtune>${line}</memtune>`);
      else edit = ctx.edits.insertAfter(facts.memoryBacking, ['<memtune>', indentUnit(ctx.doc) + line, '</memtune>']);
      fixes.push({ title: `Add <memtune><hard_limit> of ${limit} KiB`, edits: [edit], safe: true });
    }
    return [
      finding(
        'libvirt/locked-without-hard-limit',
        ctx.range(facts.locked.nameSpan),
        `<locked/> needs <memtune><hard_limit>: QEMU/KVM must be allowed to lock all guest memory plus its own (more with several VFIO devices or a vIOMMU). Without it the lock limit is either too low (start fails) or unlimited. Size: ${formula}`,
        { fixes },
      ),
    ];
  },
);
