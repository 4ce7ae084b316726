// A conversion plan as a Proxmox VE guest config (/etc/pve/qemu-server/<vmid>.conf, `key: value` lines). Key syntax
// as in Proxmox's qemu-server (src/PVE/QemuServer.pm and src/PVE/QemuServer/PCI.pm: hostpci host/pcie/mdev,
// bios, efidisk0, balloon, args, ostype); leading `#` lines become the VM's description in Proxmox.
import { OVMF_MMIO64_KNOB } from '../libvirt/facts';
import type { ConversionPlan } from './plan';

/** Proxmox's ostype for a VMware guestOS id (qemu-server's ostype enum); undefined: "other". */
export function proxmoxOsType(guestOs: string | undefined): string | undefined {
  if (!guestOs) return undefined;
  const g = guestOs.toLowerCase();
  if (/^windows(11|2019srvnext|2022)/.test(g)) return 'win11';
  if (/^windows(9|2019|2016)/.test(g)) return 'win10';
  if (/^windows8/.test(g)) return 'win8';
  if (/^windows7/.test(g)) return 'win7';
  if (/ubuntu|debian|rhel|centos|sles|oracle|fedora|linux|photon|rocky|alma|coreos|asianux|opensuse|amazonlinux/.test(g)) return 'l26';
  return undefined;
}

/** Proxmox names must be DNS names. */
function dnsName(name: string): string {
  const n = name.replace(/[^A-Za-z0-9.-]+/g, '-').replace(/^[-.]+|[-.]+$/g, '');
  return n || 'converted-vm';
}

export function renderProxmox(plan: ConversionPlan, source: string): string {
  const lines: string[] = [];
  const c = (s: string) => lines.push(`# ${s.replace(/[\r\n]+/g, ' ')}`);
  c(`Converted by vgpu-lint from ${source}: GPU settings only.`);
  c('Replace every PLACEHOLDER before starting the VM.');
  if (plan.notes.length) {
    c('How the GPU settings were carried:');
    for (const n of plan.notes) c(`- ${n}`);
  }
  if (plan.fullReservation) c('- sched.mem reservation → balloon: 0; with hostpci devices Proxmox pins all guest memory for VFIO');
  for (const d of plan.devices) {
    if (d.kind === 'vgpu') {
      const type = d.mdevType ? `${d.mdevType} (${d.typeName}) on ${d.mdevParent}` : `PLACEHOLDER: the host's type named "${d.typeName}" (ids differ per host: see mdev_supported_types)`;
      c(`- ${d.label}: vGPU profile ${d.profile} → mdev ${type}`);
    } else {
      const from = d.addressAsWritten ? `, host address ${d.address} (ESXi wrote it in decimal: ${d.addressAsWritten})` : '';
      c(`- ${d.label}${d.what ? `: ${d.what}` : ''}${from}${d.address ? '' : `; PLACEHOLDER: no .id, put the host address (lspci -D${d.lookup ? ` -d ${d.lookup}` : ''}) in its hostpci line`}`);
    }
  }
  if (plan.firmware === 'efi') c('- efidisk0: PLACEHOLDER storage and volume; let Proxmox create it (qm set VMID --efidisk0 STORAGE:1,efitype=4m)');
  c('Not carried:');
  if (plan.notCarried.length === 0) c('- nothing');
  for (const n of plan.notCarried) c(`- ${n}`);

  const kv: [string, string][] = [];
  const os = proxmoxOsType(plan.guestOs);
  if (plan.apertureMb !== undefined) kv.push(['args', `-fw_cfg name=${OVMF_MMIO64_KNOB},string=${plan.apertureMb}`]);
  if (plan.fullReservation || plan.devices.length) kv.push(['balloon', '0']);
  kv.push(['bios', plan.firmware === 'efi' ? 'ovmf' : 'seabios']);
  kv.push(['cores', String(plan.cores)]);
  const cpuFlags = plan.hideHypervisor ? ',hidden=1' : '';
  kv.push(['cpu', `host${cpuFlags}`]);
  if (plan.firmware === 'efi') kv.push(['efidisk0', `PLACEHOLDER-STORAGE:vm-VMID-disk-0,efitype=4m,pre-enrolled-keys=${plan.secureBoot ? 1 : 0},size=4M`]);
  plan.devices.forEach((d, i) => {
    if (d.kind === 'vgpu') kv.push([`hostpci${i}`, `${d.mdevParent ?? 'PLACEHOLDER-PARENT-GPU-ADDRESS'},mdev=${d.mdevType ?? 'PLACEHOLDER-MDEV-TYPE'},pcie=1`]);
    else kv.push([`hostpci${i}`, `${d.address ?? 'PLACEHOLDER-HOST-ADDRESS'},pcie=1`]);
  });
  kv.push(['machine', plan.viommu ? 'q35,viommu=intel' : 'q35']);
  kv.push(['memory', String(plan.memoryMb ?? 1024)]);
  kv.push(['name', dnsName(plan.name)]);
  if (os) kv.push(['ostype', os]);
  kv.push(['sockets', String(plan.sockets)]);
  for (const [k, v] of kv) lines.push(`${k}: ${v}`);
  return lines.join('\n') + '\n';
}
