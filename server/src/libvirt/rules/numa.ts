import { defineRule, finding } from '../../service/rule';
import type { Finding } from '../../service/types';
import { hostdevAnchor } from '../adapter';
import type { LibvirtContext } from '../context';
import { hostDeviceOf } from '../host/facts';
import { attrValue, child, childrenNamed } from '../xml/dom';

/** libvirt cpuset / nodeset syntax: "0-3,8,^2"; undefined when malformed. Bounded. */
export function parseSet(text: string): Set<number> | undefined {
  const out = new Set<number>();
  const exclude: number[] = [];
  for (const raw of text.split(',')) {
    const part = raw.trim();
    const m = /^(\^)?(\d+)(?:-(\d+))?$/.exec(part);
    if (!m) return undefined;
    const a = Number(m[2]);
    const b = m[3] !== undefined ? Number(m[3]) : a;
    if (b < a || b - a > 4096) return undefined;
    for (let c = a; c <= b; c++) (m[1] ? exclude.push(c) : out.add(c));
  }
  for (const c of exclude) out.delete(c);
  return out;
}

/**
 * A GPU's DMA and interrupts cross the socket interconnect when the VM's vCPUs or memory live on another
 * NUMA node than the GPU's (sysfs numa_node): a performance hint, not an error.
 */
export const numaRule = defineRule<LibvirtContext>(
  { id: 'libvirt/numa', defaultSeverity: 'hint', description: "The GPU's NUMA node differs from the node the domain pins its vCPUs or memory to.", fixable: false },
  (ctx) => {
    const host = ctx.host;
    const dom = ctx.domain?.domain;
    if (!host || !dom) return [];
    const memNodes = parseSet(attrValue(child(child(dom, 'numatune'), 'memory'), 'nodeset') ?? '');
    const cpus = new Set<number>();
    for (const pin of childrenNamed(child(dom, 'cputune'), 'vcpupin')) for (const c of parseSet(attrValue(pin, 'cpuset') ?? '') ?? []) cpus.add(c);
    if (!cpus.size) for (const c of parseSet(attrValue(child(dom, 'vcpu'), 'cpuset') ?? '') ?? []) cpus.add(c);
    const nodes = host.numaNodes?.() ?? [];
    const cpuNodes = new Set(nodes.filter((n) => [...cpus].some((c) => n.cpus.has(c))).map((n) => n.node));
    const out: Finding[] = [];
    for (const h of ctx.domain?.hostdevs ?? []) {
      if (h.kind !== 'pci') continue;
      const dev = hostDeviceOf(host, h);
      if (dev?.numaNode === undefined) continue;
      const node = dev.numaNode;
      const wrong: string[] = [];
      if (memNodes?.size && !memNodes.has(node)) wrong.push(`<numatune> puts memory on node ${[...memNodes].sort((a, b) => a - b).join(',')}`);
      if (cpuNodes.size && !cpuNodes.has(node)) wrong.push(`the vCPUs are pinned to CPUs of node ${[...cpuNodes].sort((a, b) => a - b).join(',')}`);
      if (!wrong.length) continue;
      const local = nodes.find((n) => n.node === node);
      const cpuHint = local ? ` (node ${node} has CPUs ${[...local.cpus].length ? compact([...local.cpus]) : 'none'})` : '';
      out.push(finding('libvirt/numa', ctx.range(hostdevAnchor(h)), `${dev.address} sits on NUMA node ${node} (host sysfs: numa_node), but ${wrong.join(' and ')}: GPU DMA and interrupts then cross the socket link. Pin vCPUs and memory to node ${node}${cpuHint}`));
    }
    return out;
  },
);

function compact(cpus: number[]): string {
  const s = [...cpus].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < s.length; i++) {
    let j = i;
    while (j + 1 < s.length && s[j + 1] === s[j] + 1) j++;
    parts.push(i === j ? `${s[i]}` : `${s[i]}-${s[j]}`);
    i = j;
  }
  return parts.slice(0, 8).join(',');
}
