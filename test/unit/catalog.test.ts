import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { BAR_NAMES, barUnconfirmed, findGpuById, findGpusByPciId, GiB, GPUS, NVIDIA_VENDOR_ID } from '../../server/src/catalog/gpus';
import { describeBars } from '../../server/src/catalog/mmio';
import {
  findVgpuProfile,
  mdevNameForProfile,
  profileFromMdevName,
  profilesForGpu,
  VGPU_PROFILES,
} from '../../server/src/catalog/vgpuProfiles';

describe('GPU catalog', () => {
  test('every GPU has at least one non-empty source', () => {
    for (const g of GPUS) {
      assert.ok(g.sources.length > 0, `${g.id} has no source`);
      for (const s of g.sources) assert.ok(typeof s === 'string' && s.trim().length > 0, `${g.id} has an empty source`);
    }
  });

  test('every BAR layout has a non-empty source and positive sizes', () => {
    for (const g of GPUS) {
      if (!g.bars) continue;
      assert.ok(g.bars.source.trim().length > 0, `${g.id} bars without source`);
      assert.ok(g.bars.bar0Mb > 0 && g.bars.bar1Mb > 0 && g.bars.bar3Mb > 0, `${g.id} bars not positive`);
    }
  });

  test('every BAR size of every catalog layout has its own source or an explicit "not confirmed" mark', () => {
    let sourced = 0;
    let unconfirmed = 0;
    for (const g of GPUS) {
      if (!g.bars) continue;
      assert.ok(g.bars.facts, `${g.id}: BAR layout without per-BAR facts`);
      assert.deepEqual(Object.keys(g.bars.facts).sort(), [...BAR_NAMES].sort(), g.id);
      for (const b of BAR_NAMES) {
        const f = g.bars.facts[b] as { source?: string; unconfirmed?: boolean; note?: string };
        if (f.unconfirmed === true) {
          assert.ok(f.note && f.note.length > 20, `${g.id} ${b}: unconfirmed without a note`);
          unconfirmed++;
        } else {
          assert.ok(typeof f.source === 'string' && f.source.trim().length > 20, `${g.id} ${b}: neither a source nor an unconfirmed mark`);
          sourced++;
        }
      }
      // BAR1 is the size the checks depend on: it is never an assumption.
      assert.equal(barUnconfirmed(g.bars, 'bar1'), false, `${g.id}: BAR1 must be sourced`);
    }
    // 7 layouts with a listing (T4, A100 40 GB, A10, H20, A100 SXM4 80 GB, RTX A4000, RTX 4090) × 3 + 7 BAR1-only × 1.
    assert.equal(sourced, 7 * 3 + 7);
    assert.equal(unconfirmed, 7 * 2);
  });

  test('an unconfirmed BAR3 reads "(not confirmed for this model)"; a listed one does not', () => {
    assert.equal(describeBars(findGpuById('A2')!.bars!), 'BAR0 16 MB (not confirmed for this model) · BAR1 16 GB · BAR3 32 MB (not confirmed for this model)');
    assert.equal(describeBars(findGpuById('A10')!.bars!), 'BAR0 16 MB · BAR1 32 GB · BAR3 32 MB');
    assert.equal(describeBars(findGpuById('RTX-4090')!.bars!), 'BAR0 16 MB · BAR1 256 MB (resizable) · BAR3 32 MB');
    assert.match(findGpuById('H100-PCIE-80GB')!.bars!.source, /; BAR0 and BAR3 not confirmed for this model$/);
  });

  test('BAR layouts from lspci listings: A10 32 GB, H20 and A100 SXM4 80 GB 128 GB, RTX A4000 256 MB, each with its listing', () => {
    const want: [id: string, dev: string, bar1Mb: number, cite: RegExp][] = [
      ['A10', '2236', 32 * GiB, /stevescargall\.com\.v2 .*6b3bb6f03b91b7bc806dcfe3b520c66d460e079d.*\[size=32G\]/],
      ['H20', '2329', 128 * GiB, /NVIDIA\/nvtrust issue #128.*\[size=128G\]/],
      ['A100-SXM4-80GB', '20b2', 128 * GiB, /CALdZjm6iDnCR7OWzfCuKOALAtN-FoVvTdxUB=XcAFqHg5Aumpw@mail\.gmail\.com.*\[size=128G\]/],
      ['RTX-A4000', '24b0', 256, /raspberry-pi-pcie-devices issue #692.*\[size=256M\]/],
    ];
    for (const [id, dev, bar1Mb, cite] of want) {
      const g = findGpusByPciId(NVIDIA_VENDOR_ID, dev);
      assert.deepEqual(g.map((x) => x.id), [id], dev);
      const b = g[0].bars!;
      assert.deepEqual([b.bar0Mb, b.bar1Mb, b.bar3Mb], [16, bar1Mb, 32], id);
      for (const n of BAR_NAMES) assert.match((b.facts![n] as { source: string }).source, cite, `${id} ${n}`);
    }
  });

  test('the catalog holds no mdev type id (nvidia-NNN): those are a driver release\'s numbering, not GPU facts', () => {
    // Citations (sources.ts) may quote a table's ids; no data and no code may carry one.
    const dir = path.join(__dirname, '..', '..', 'server', 'src', 'catalog');
    const files = readdirSync(dir).filter((f) => f !== 'sources.ts');
    assert.ok(files.includes('gpus.ts') && files.includes('vgpuProfiles.ts'), files.join(', '));
    for (const f of files) {
      const code = readFileSync(path.join(dir, f), 'utf8').split('\n').filter((l) => !/^\s*(\/\/|\*|\/\*)/.test(l));
      for (const line of code) assert.doesNotMatch(line, /nvidia-\d+/, `${f}: ${line}`);
    }
    const data = JSON.stringify([GPUS.map(({ sources: _s, bars, ...g }) => ({ ...g, bars: bars && [bars.bar0Mb, bars.bar1Mb, bars.bar3Mb] })), VGPU_PROFILES.map(({ source: _s, ...p }) => p)]);
    assert.doesNotMatch(data, /nvidia-\d+/);
  });

  test('device and subsystem ids are 4 lower-case hex digits', () => {
    for (const g of GPUS) {
      assert.ok(g.deviceIds.length > 0, `${g.id} has no device id`);
      for (const id of [...g.deviceIds, ...(g.subsystemIds ?? [])]) assert.match(id, /^[0-9a-f]{4}$/, `${g.id}: ${id}`);
    }
  });

  test('GPU ids are unique (case-insensitively)', () => {
    const seen = new Set<string>();
    for (const g of GPUS) {
      const k = g.id.toLowerCase();
      assert.ok(!seen.has(k), `duplicate id ${g.id}`);
      seen.add(k);
    }
  });

  test('a device id shared by several GPUs is told apart by subsystem ids', () => {
    const byDevice = new Map<string, string[]>();
    for (const g of GPUS) for (const d of g.deviceIds) byDevice.set(d, [...(byDevice.get(d) ?? []), g.id]);
    for (const [dev, ids] of byDevice) {
      if (ids.length < 2) continue;
      const withSub = ids.filter((id) => (findGpuById(id)?.subsystemIds?.length ?? 0) > 0);
      assert.ok(withSub.length >= ids.length - 1, `device ${dev} shared by ${ids.join(', ')} without subsystem ids`);
    }
  });

  test('10de:20b1 is the A100 PCIe 40 GB', () => {
    assert.equal(findGpusByPciId(NVIDIA_VENDOR_ID, '20b1')[0].id, 'A100-PCIE-40GB');
  });

  test('A2 and A16 share 25b6 and are told apart by subsystem id (A16 = 14a9, A2 = 157e)', () => {
    const ids = findGpusByPciId(NVIDIA_VENDOR_ID, '25b6').map((g) => g.id).sort();
    assert.deepEqual(ids, ['A16', 'A2']);
    const a16 = findGpuById('A16')!;
    const a2 = findGpuById('A2')!;
    assert.deepEqual(a16.subsystemIds, ['14a9']);
    assert.ok(!(a2.subsystemIds ?? []).includes('14a9'));
    assert.ok(!(a16.subsystemIds ?? []).includes('157e'));
  });

  test('new entries resolve by PCI id', () => {
    const expect: Record<string, string> = {
      '2236': 'A10', '2235': 'A40', '27b8': 'L4', '26b5': 'L40', '26b9': 'L40S', '26b1': 'RTX-6000-ADA',
      '2321': 'H100-NVL', '233b': 'H200-NVL', '2335': 'H200-SXM', '2901': 'B200', '2230': 'RTX-A6000',
      '2231': 'RTX-A5000', '1b38': 'P40', '1bb3': 'P4', '15f7': 'P100-PCIE-12GB', '15f8': 'P100-PCIE-16GB',
      '2204': 'RTX-3090', '2684': 'RTX-4090', '2329': 'H20', '20b2': 'A100-SXM4-80GB', '24b0': 'RTX-A4000',
    };
    for (const [dev, id] of Object.entries(expect)) {
      assert.deepEqual(findGpusByPciId(NVIDIA_VENDOR_ID, dev).map((g) => g.id), [id], dev);
    }
  });

  test('unconfirmed BAR layouts stay unknown; the RTX 4090 default is 256 MB and resizable', () => {
    for (const id of ['L40S', 'RTX-6000-ADA', 'H100-NVL', 'A40', 'A16', 'L4', 'L40', 'H200-NVL', 'H200-SXM', 'B200', 'RTX-A6000']) {
      assert.equal(findGpuById(id)!.bars, undefined, id);
    }
    const b = findGpuById('RTX-4090')!.bars!;
    assert.equal(b.bar1Mb, 256);
    assert.equal(b.resizable, true);
  });
});

describe('vGPU profiles', () => {
  test('grid_a100-4c exists: 4096 MB, C-series, on the A100 40 GB', () => {
    const p = findVgpuProfile('GRID_A100-4C');
    assert.ok(p);
    assert.equal(p.framebufferMb, 4096);
    assert.equal(p.series, 'C');
    assert.equal(p.gpuId, 'A100-PCIE-40GB');
    assert.equal(p.maxPerGpu, 10);
  });

  test('both mdev name spellings resolve', () => {
    assert.equal(profileFromMdevName('GRID A100-4C')?.name, 'grid_a100-4c');
    assert.equal(profileFromMdevName('NVIDIA A100-4C')?.name, 'grid_a100-4c');
    assert.equal(profileFromMdevName('NVIDIA RTX6000-Ada-24Q')?.name, 'grid_rtx6000-ada-24q');
    assert.equal(profileFromMdevName('GRID P4-8C')?.framebufferMb, 8192);
    assert.equal(profileFromMdevName('GRID NOPE-4C'), undefined);
  });

  test('mdev names round-trip, keeping NVIDIA capitalisation', () => {
    const p = findVgpuProfile('grid_rtx6000-ada-24q')!;
    assert.equal(mdevNameForProfile(p), 'GRID RTX6000-Ada-24Q');
    assert.equal(mdevNameForProfile(p, 'nvidia'), 'NVIDIA RTX6000-Ada-24Q');
    for (const q of VGPU_PROFILES) {
      assert.equal(profileFromMdevName(mdevNameForProfile(q)), q);
      assert.equal(profileFromMdevName(mdevNameForProfile(q, 'nvidia')), q);
    }
  });

  test('MIG-backed profiles are marked', () => {
    const p = findVgpuProfile('grid_a100-3-20c')!;
    assert.equal(p.mig, true);
    assert.equal(p.framebufferMb, 20 * 1024);
    assert.equal(findVgpuProfile('grid_a100-1-5cme')?.mig, true);
    assert.equal(findVgpuProfile('grid_a100-4c')?.mig, undefined);
  });

  test('every profile names a catalog GPU, is lower case and unique, and has a source', () => {
    const ids = new Set(GPUS.map((g) => g.id));
    const names = new Set<string>();
    for (const p of VGPU_PROFILES) {
      assert.ok(ids.has(p.gpuId), `${p.name}: unknown gpuId ${p.gpuId}`);
      assert.equal(p.name, p.name.toLowerCase());
      assert.ok(p.name.startsWith('grid_'), p.name);
      assert.ok(!names.has(p.name), `duplicate ${p.name}`);
      names.add(p.name);
      assert.ok(p.source.trim().length > 0, p.name);
      assert.ok(p.framebufferMb > 0, p.name);
    }
  });

  // Time-sliced only: MIG-backed names round the slice size (NVIDIA lists H100L-1-24C ×4 on a 94 GB GPU).
  test('a time-sliced profile fits its GPU: framebuffer × max per GPU ≤ GPU memory', () => {
    for (const p of VGPU_PROFILES) {
      const g = findGpuById(p.gpuId)!;
      if (p.maxPerGpu && !p.mig) assert.ok(p.framebufferMb * p.maxPerGpu <= g.memoryGb * 1024, `${p.name} on ${g.id}`);
      assert.ok(p.framebufferMb <= g.memoryGb * 1024, `${p.name} larger than ${g.id}`);
    }
  });

  test('profile prefixes agree with GpuFact.vgpuPrefix', () => {
    for (const g of GPUS) {
      const ps = profilesForGpu(g.id);
      if (ps.length === 0) continue;
      assert.ok(g.vgpuPrefix, `${g.id} has profiles but no vgpuPrefix`);
      for (const p of ps) assert.ok(p.name.startsWith(`grid_${g.vgpuPrefix}-`), `${p.name} vs ${g.vgpuPrefix}`);
    }
  });

  test('type-name prefixes from NVIDIA\'s whole-GPU type table: H200 SXM "H200X", H200 NVL "H200", B200 "B200X", H20 "H20"', () => {
    const want: [gpu: string, prefix: string, type: string, gb: number][] = [
      ['H200-SXM', 'h200x', 'NVIDIA H200X-141C', 141],
      ['H200-NVL', 'h200', 'NVIDIA H200-141C', 141],
      ['B200', 'b200x', 'NVIDIA B200X-180C', 180],
      ['H20', 'h20', 'NVIDIA H20-96C', 96],
    ];
    for (const [gpu, prefix, type, gb] of want) {
      assert.equal(findGpuById(gpu)!.vgpuPrefix, prefix, gpu);
      const ps = profilesForGpu(gpu);
      assert.deepEqual(ps.map((p) => mdevNameForProfile(p, 'nvidia')), [type], gpu);
      assert.equal(ps[0].framebufferMb, gb * 1024);
      assert.equal(ps[0].maxPerGpu, 1);
      assert.match(ps[0].source, /docs\.nvidia\.com\/ai-enterprise\/release-8\/8\.1\/infra-software\/vgpu\/features\/p2p\.html/);
    }
    // The H200X MIG type came only from a pull request's test input: it is not listed.
    assert.equal(findVgpuProfile('grid_h200x-1-18c'), undefined);
  });

  test('no catalog fact cites the pull-request-only types_test.go', () => {
    const all = [...GPUS.flatMap((g) => [...g.sources, g.bars?.source ?? '']), ...VGPU_PROFILES.map((p) => p.source)].join('\n');
    assert.doesNotMatch(all, /types_test\.go/);
  });

  test('the vGPU-capable data-centre GPUs have profiles', () => {
    for (const id of ['T4', 'A2', 'A10', 'A16', 'A30', 'A40', 'A100-PCIE-40GB', 'A100-PCIE-80GB', 'H100-PCIE-80GB', 'L4', 'L40', 'L40S', 'V100-PCIE-16GB']) {
      assert.ok(profilesForGpu(id).length > 0, id);
    }
  });
});
