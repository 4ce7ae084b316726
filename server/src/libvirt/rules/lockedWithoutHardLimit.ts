import type { TextEdit } from 'vscode-languageserver-types';
import { defineRule, finding } from '../../service/rule';
import type { Fix } from '../../service/types';
import type { LibvirtContext } from '../context';
import { indentUnit } from '../xml/dom';

/**
 * What libvirt itself locks for VFIO (src/qemu/qemu_domain.c qemuDomainGetMemLockLimitBytes): guest memory + 1 GiB;
 * with a vIOMMU (<iommu>), since libvirt 8.7 each VFIO device gets its own address space and locks guest memory
 * again, so guest memory × the number of VFIO devices + 1 GiB.
 */
export const MEMLOCK_EXTRA_KIB = 1024 * 1024;

export const lockedWithoutHardLimitRule = defineRule<LibvirtContext>(
  { id: 'libvirt/locked-without-hard-limit', defaultSeverity: 'warning', description: '<memoryBacking><locked/> without <memtune><hard_limit>.', fixable: true },
  (ctx) => {
    const facts = ctx.domain;
    if (!facts?.locked || facts.hardLimit) return [];
    const vfio = facts.hostdevs.length;
    const ramKiB = Math.max(facts.memoryKiB ?? 0, facts.maxMemoryKiB ?? 0);
    const fixes: Fix[] = [];
    const factor = facts.iommu && vfio > 0 ? vfio : 1;
    let formula = facts.iommu ? 'guest memory × VFIO devices (a vIOMMU gives each its own address space) + 1 GiB' : 'guest memory + 1 GiB';
    if (ramKiB > 0 && facts.memoryBacking) {
      const limit = ramKiB * factor + MEMLOCK_EXTRA_KIB;
      formula =
        factor > 1
          ? `guest memory ${ramKiB} KiB × ${factor} VFIO devices (with a vIOMMU each locks guest memory, libvirt ≥ 8.7) + 1 GiB (1048576 KiB) = ${limit} KiB`
          : `guest memory ${ramKiB} KiB + 1 GiB (1048576 KiB) = ${limit} KiB`;
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
        `<locked/> needs <memtune><hard_limit>: QEMU/KVM must be allowed to lock all guest memory plus its own, as libvirt sizes it (qemuDomainGetMemLockLimitBytes). Without it the lock limit is either too low (start fails) or unlimited. Size: ${formula}`,
        { fixes },
      ),
    ];
  },
);
