// The words a message uses for "where the user configures this", per client: an editor user has
// settings (vgpuLint.gpuMap), a vgpu-lint user has flags and a config file (--gpu, .vgpu-lint.json).
import type { Client } from './types';

export interface ClientWording {
  /** The GPU map, as a noun phrase in a sentence: "…, and {gpuMap} does not map this address". */
  gpuMap: string;
  /** How to add an entry to it, after "map the address …". */
  mapIt: string;
  /** How to run the analysis on the KVM host itself. */
  runOnHost: string;
}

const WORDING: Record<Client, ClientWording> = {
  editor: { gpuMap: 'vgpuLint.gpuMap', mapIt: 'in the vgpuLint.gpuMap setting', runOnHost: 'Run the server on the host' },
  cli: { gpuMap: 'the GPU map (--gpu, gpuMap in .vgpu-lint.json)', mapIt: 'with --gpu ADDR=MODEL or "gpuMap" in .vgpu-lint.json', runOnHost: 'Run vgpu-lint on the host' },
};

export function wordingFor(client: Client | undefined): ClientWording {
  return WORDING[client ?? 'editor'];
}
