// mdev type descriptions as the host reports them: "num_heads=1, frl_config=60, framebuffer=8192M, …".
import type { MdevType } from '../host/inventory';

export function framebufferOf(t: MdevType): string | undefined {
  return /framebuffer=(\d+[KMGT]?)/i.exec(t.description ?? '')?.[1];
}

/** "nvidia-289 (GRID P4-8C, framebuffer 8192M)". */
export function describeMdevType(t: MdevType): string {
  const fb = framebufferOf(t);
  const parts = [t.name?.trim(), fb ? `framebuffer ${fb}` : undefined].filter(Boolean);
  return parts.length ? `${t.id} (${parts.join(', ')})` : t.id;
}
