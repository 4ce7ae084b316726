// A conversion plan as a libvirt domain: q35, OVMF or SeaBIOS, host-passthrough CPU with the host's address bits,
// one managed <hostdev> per GPU, mdev hostdevs for vGPUs, and OVMF's aperture as two <qemu:arg> when the BARs need it.
import { OVMF_MMIO64_KNOB, QEMU_NS } from '../libvirt/facts';
import type { ConversionPlan, PlanDevice } from './plan';

/** A placeholder the user must replace: schema-valid, and named as such in the comment above it. */
export const PLACEHOLDER_UUID = '00000000-0000-0000-0000-000000000000';

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/'/g, '&apos;').replace(/"/g, '&quot;');
}

/** Comment text cannot hold "--" nor end in "-". */
function commentText(s: string): string {
  return s.replace(/-(?=-)/g, '- ').replace(/-$/, '- ');
}

function comment(indent: string, s: string): string {
  return `${indent}<!-- ${commentText(s)} -->`;
}

function pciAddress(address: string): string {
  const m = /^([0-9a-f]{4}):([0-9a-f]{2}):([0-9a-f]{2})\.([0-7])$/.exec(address)!;
  return `<address domain='0x${m[1]}' bus='0x${m[2]}' slot='0x${m[3]}' function='0x${m[4]}'/>`;
}

function hostdevLines(d: PlanDevice, i: string): string[] {
  const out: string[] = [];
  if (d.kind === 'vgpu') {
    const type = d.mdevType ? `${d.mdevType} (${d.typeName}) on ${d.mdevParent}` : `"${d.typeName}" (PLACEHOLDER id, see the notes above)`;
    out.push(comment(i, `${d.label}: vGPU profile ${d.profile} → mdev type ${type}`));
    out.push(comment(i, `PLACEHOLDER: the UUID of an mdev of that type you create on the host (virsh nodedev-define, or echo a UUID into the type's create file)`));
    out.push(`${i}<hostdev mode='subsystem' type='mdev' model='vfio-pci'>`);
    out.push(`${i}  <source>`);
    out.push(`${i}    <address uuid='${PLACEHOLDER_UUID}'/>`);
    out.push(`${i}  </source>`);
    out.push(`${i}</hostdev>`);
    return out;
  }
  const from = d.addressAsWritten ? `, host address ${d.address} (ESXi wrote it in decimal: ${d.addressAsWritten})` : '';
  out.push(comment(i, `${d.label}${d.what ? `: ${d.what}` : ''}${from}`));
  if (!d.address) out.push(comment(i, `PLACEHOLDER: ${d.label} has no .id; put the GPU's host address (lspci -D${d.lookup ? ` -d ${d.lookup}` : ''}) here`));
  out.push(`${i}<hostdev mode='subsystem' type='pci' managed='yes'>`);
  out.push(`${i}  <source>`);
  out.push(`${i}    ${pciAddress(d.address ?? '0000:00:00.0')}`);
  out.push(`${i}  </source>`);
  out.push(`${i}</hostdev>`);
  return out;
}

export function renderLibvirt(plan: ConversionPlan, source: string): string {
  const lines: string[] = [];
  lines.push('<!--');
  lines.push(commentText(`  Converted by vgpu-lint from ${source}: GPU settings only.`));
  if (plan.notes.length) {
    lines.push('  How the GPU settings were carried:');
    for (const n of plan.notes) lines.push(commentText(`  - ${n}`));
  }
  lines.push('  Not carried:');
  if (plan.notCarried.length === 0) lines.push('  - nothing');
  for (const n of plan.notCarried) lines.push(commentText(`  - ${n}`));
  lines.push('-->');
  const qemu = plan.apertureMb !== undefined;
  lines.push(qemu ? `<domain type='kvm' xmlns:qemu='${QEMU_NS}'>` : `<domain type='kvm'>`);
  lines.push(`  <name>${esc(plan.name)}</name>`);
  if (plan.memoryMb !== undefined) lines.push(`  <memory unit='MiB'>${plan.memoryMb}</memory>`);
  else lines.push(comment('  ', 'PLACEHOLDER: the .vmx has no memsize; 1024 MiB stands in'), `  <memory unit='MiB'>1024</memory>`);
  if (plan.fullReservation) {
    lines.push('  <memoryBacking>');
    lines.push('    <locked/>');
    lines.push('  </memoryBacking>');
    const vfio = plan.devices.length;
    const factor = plan.viommu && vfio > 1 ? vfio : 1;
    const kib = (plan.memoryMb ?? 1024) * 1024 * factor + 1024 * 1024;
    const formula = factor > 1 ? `guest memory × ${factor} VFIO devices (each locks it with a vIOMMU) + 1 GiB` : 'guest memory + 1 GiB';
    lines.push(comment('  ', `sched.mem reservation → locked memory; hard_limit = ${formula}, what libvirt itself locks for VFIO`));
    lines.push('  <memtune>');
    lines.push(`    <hard_limit unit='KiB'>${kib}</hard_limit>`);
    lines.push('  </memtune>');
  }
  lines.push(`  <vcpu placement='static'>${plan.vcpus}</vcpu>`);
  if (plan.firmware === 'efi') {
    lines.push(`  <os firmware='efi'>`);
    lines.push(`    <type arch='x86_64' machine='q35'>hvm</type>`);
    if (plan.secureBoot) {
      lines.push('    <firmware>');
      lines.push(`      <feature enabled='yes' name='secure-boot'/>`);
      lines.push(`      <feature enabled='yes' name='enrolled-keys'/>`);
      lines.push('    </firmware>');
    }
    lines.push('  </os>');
  } else {
    lines.push(comment('  ', 'BIOS → SeaBIOS, libvirt\'s default firmware'));
    lines.push('  <os>');
    lines.push(`    <type arch='x86_64' machine='q35'>hvm</type>`);
    lines.push('  </os>');
  }
  lines.push('  <features>');
  lines.push('    <acpi/>');
  lines.push('    <apic/>');
  if (plan.hideHypervisor) {
    lines.push('    <kvm>');
    lines.push(`      <hidden state='on'/>`);
    lines.push('    </kvm>');
  }
  if (plan.pmu) lines.push(`    <pmu state='on'/>`);
  if (plan.secureBoot) lines.push(`    <smm state='on'/>`);
  if (plan.viommu) lines.push(`    <ioapic driver='qemu'/>`);
  lines.push('  </features>');
  lines.push(`  <cpu mode='host-passthrough' check='none' migratable='off'>`);
  lines.push(`    <topology sockets='${plan.sockets}' dies='1' cores='${plan.cores}' threads='1'/>`);
  lines.push(`    <maxphysaddr mode='passthrough'/>`);
  lines.push('  </cpu>');
  lines.push('  <devices>');
  for (const d of plan.devices) lines.push(...hostdevLines(d, '    '));
  if (plan.viommu) {
    lines.push(`    <iommu model='intel'>`);
    lines.push(`      <driver intremap='on' caching_mode='on'/>`);
    lines.push('    </iommu>');
  }
  lines.push('  </devices>');
  if (qemu) {
    lines.push('  <qemu:commandline>');
    lines.push(`    <qemu:arg value='-fw_cfg'/>`);
    lines.push(`    <qemu:arg value='name=${OVMF_MMIO64_KNOB},string=${plan.apertureMb}'/>`);
    lines.push('  </qemu:commandline>');
  }
  lines.push('</domain>');
  return lines.join('\n') + '\n';
}
