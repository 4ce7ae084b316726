// The firmware model's own rules, beyond the lab rows: OVMF's reject-the-largest retry, and that the fast search for
// the number of devices to reject gives what rejecting them one at a time gives.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { devicesNeed, GiB, GuestPlatform, MiB, place, PlacementDevice } from '../../server/src/model/firmware/placement';

const intel40: GuestPlatform['cpu'] = { vendor: 'intel', physBits: 40, pdpe1gb: false };
const dev = (...sizes: number[]): PlacementDevice => ({ regions: sizes.map((s) => ({ sizeBytes: s, is64: true, prefetchable: true })) });

test('a GPU root-port window is its 64-bit BARs rounded up to the largest one: A100 80 GB (128 GiB + 32 MiB) needs 256 GiB', () => {
  assert.deepEqual(devicesNeed([dev(128 * GiB, 32 * MiB)], 'q35'), [256 * GiB]);
  assert.deepEqual(devicesNeed([dev(128 * GiB, 32 * MiB)], 'i440fx'), [128 * GiB + 32 * MiB]);
});

test('OVMF rejects the device that needs most, then places the rest', () => {
  const p: GuestPlatform = { machine: 'q35', ramBytes: 4 * GiB, cpu: intel40, fwCfgMmio64Mb: 256 * 1024 };
  const r = place('ovmf-classic', p, [dev(64 * GiB), dev(128 * GiB), dev(64 * GiB), dev(64 * GiB)]);
  assert.equal(r.aperture.base, 256 * GiB);
  assert.deepEqual(r.devices.map((d) => d.placed), [true, false, true, true]);
  assert.deepEqual(r.devices.map((d) => d.start), [256 * GiB, undefined, 320 * GiB, 384 * GiB]);
});

/** The reference: reject one device at a time, the largest consumer each time, until the rest fit. */
function oneAtATime(sizes: number[], windowBytes: number): boolean[] {
  const placed = sizes.map(() => true);
  for (;;) {
    const p: GuestPlatform = { machine: 'q35', ramBytes: 4 * GiB, cpu: intel40, fwCfgMmio64Mb: windowBytes / MiB };
    const devices = sizes.map((s, i) => (placed[i] ? dev(s) : dev()));
    const r = place('ovmf-classic', p, devices);
    if (r.devices.every((d, i) => !placed[i] || d.placed)) return placed;
    let largest = -1;
    for (let i = 0; i < sizes.length; i++) if (placed[i] && (largest < 0 || sizes[i] > sizes[largest])) largest = i;
    placed[largest] = false;
  }
}

test('the binary search rejects exactly the devices one-at-a-time rejection does (seeded random cases)', () => {
  let seed = 12345;
  const rand = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed % n;
  };
  for (let c = 0; c < 300; c++) {
    const sizes = Array.from({ length: 1 + rand(7) }, () => 2 ** (30 + rand(8)));
    const windowBytes = 2 ** (33 + rand(6));
    const p: GuestPlatform = { machine: 'q35', ramBytes: 4 * GiB, cpu: intel40, fwCfgMmio64Mb: windowBytes / MiB };
    const fast = place('ovmf-classic', p, sizes.map((s) => dev(s))).devices.map((d) => d.placed);
    assert.deepEqual(fast, oneAtATime(sizes, windowBytes), `sizes ${sizes.map((s) => s / GiB).join(',')} GiB in ${windowBytes / GiB} GiB`);
  }
});
