import { numaMismatch, parseSet } from '../../host/numa';
import { defineRule, finding } from '../../service/rule';
import type { Finding } from '../../service/types';
import { hostdevAnchor } from '../adapter';
import type { LibvirtContext } from '../context';
import { hostDeviceOf } from '../host/facts';
import { attrValue, child, childrenNamed } from '../xml/dom';

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
    const placement = { ...(memNodes ? { memNodes } : {}), memWhat: '<numatune> puts memory on node', cpus, cpuWhat: 'the vCPUs are pinned to CPUs of node', advice: 'Pin vCPUs and memory to node' };
    const out: Finding[] = [];
    for (const h of ctx.domain?.hostdevs ?? []) {
      if (h.kind !== 'pci') continue;
      const dev = hostDeviceOf(host, h);
      const message = dev && numaMismatch(host, dev, placement);
      if (message) out.push(finding('libvirt/numa', ctx.range(hostdevAnchor(h)), message));
    }
    return out;
  },
);
