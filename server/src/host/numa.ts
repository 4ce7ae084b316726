// A GPU's NUMA node (sysfs numa_node) against the nodes a VM's memory and vCPU threads are placed on,
// for the libvirt and Proxmox numa rules alike: GPU DMA and interrupts cross the socket link otherwise.
import type { HostInventory, HostPciDevice } from './inventory';

/** More CPUs than any host has (Linux's NR_CPUS is at most 8192): a longer list is not a placement. */
const MAX_SET_VALUES = 65_536;

/** A CPU or node list: "0-3,8,^2" (libvirt cpuset/nodeset, Proxmox pve-cpuset) or "0;2-3" (Proxmox hostnodes, sep ';'); undefined when malformed. Bounded. */
export function parseSet(text: string, sep = ','): Set<number> | undefined {
  const out = new Set<number>();
  const exclude: number[] = [];
  let count = 0;
  for (const raw of text.split(sep)) {
    const part = raw.trim();
    const m = /^(\^)?(\d+)(?:-(\d+))?$/.exec(part);
    if (!m) return undefined;
    const a = Number(m[2]);
    const b = m[3] !== undefined ? Number(m[3]) : a;
    // Bounded per range and in all: a pasted megabyte of "0-4096," must not take seconds.
    if (b < a || b - a > 4096 || (count += b - a + 1) > MAX_SET_VALUES) return undefined;
    for (let c = a; c <= b; c++) (m[1] ? exclude.push(c) : out.add(c));
  }
  for (const c of exclude) out.delete(c);
  return out;
}

/** "0-15,32-47" from a CPU set (at most 8 ranges). */
export function compactSet(values: Iterable<number>): string {
  const s = [...values].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < s.length; i++) {
    let j = i;
    while (j + 1 < s.length && s[j + 1] === s[j] + 1) j++;
    parts.push(i === j ? `${s[i]}` : `${s[i]}-${s[j]}`);
    i = j;
  }
  return parts.slice(0, 8).join(',');
}

export interface NumaPlacement {
  /** Host nodes the memory is bound to (empty or undefined: not placed). */
  memNodes?: Set<number>;
  /** "<numatune> puts memory on node" – followed by the node list. */
  memWhat: string;
  /** Host CPUs the vCPU threads run on (empty: not pinned). */
  cpus: Set<number>;
  /** "the vCPUs are pinned to CPUs of node" – followed by the node list. */
  cpuWhat: string;
  /** "Pin vCPUs and memory to node" – followed by the GPU's node. */
  advice: string;
}

/** The message when the device's node is not where the VM's memory or vCPUs are placed; undefined otherwise. */
export function numaMismatch(host: HostInventory, dev: HostPciDevice, p: NumaPlacement): string | undefined {
  const node = dev.numaNode;
  if (node === undefined) return undefined;
  const nodes = host.numaNodes?.() ?? [];
  const cpuNodes = new Set(nodes.filter((n) => [...p.cpus].some((c) => n.cpus.has(c))).map((n) => n.node));
  const list = (s: Set<number>) => [...s].sort((a, b) => a - b).join(',');
  const wrong: string[] = [];
  if (p.memNodes?.size && !p.memNodes.has(node)) wrong.push(`${p.memWhat} ${list(p.memNodes)}`);
  if (cpuNodes.size && !cpuNodes.has(node)) wrong.push(`${p.cpuWhat} ${list(cpuNodes)}`);
  if (!wrong.length) return undefined;
  const local = nodes.find((n) => n.node === node);
  const cpuHint = local ? ` (node ${node} has CPUs ${local.cpus.size ? compactSet(local.cpus) : 'none'})` : '';
  return `${dev.address} sits on NUMA node ${node} (host sysfs: numa_node), but ${wrong.join(' and ')}: GPU DMA and interrupts then cross the socket link. ${p.advice} ${node}${cpuHint}`;
}
