import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseScan, withCheckDigit } from '../../shared/barcode/index.ts';
import type { PackageConfig, PackageMove } from '../../shared/schemas/index.ts';
import { applyScanToPackageMove, emptyPackageMove, packageMoveEvent, packagesWithPendingMoves, type PackageMoveContext, type PackageMoveState } from './package-move-rules.ts';

const sscc = withCheckDigit('34012345000000003');
const pkg: PackageConfig = { sscc, locationId: 'loc-a', contents: [{ productId: 'mug', lot: '', qty: 4 }, { productId: 'milk', lot: 'L1', qty: 2 }] };
const labels: Record<string, string> = { 'WH1/STOCK/A': 'loc-a', 'WH1/STOCK/B': 'loc-b' };
const ctx: PackageMoveContext = {
  packageBySscc: (code) => (code === sscc ? pkg : undefined),
  locationIdByCode: (code) => labels[code.toUpperCase()],
  locationName: (id) => ({ 'loc-a': 'WH1/Stock/A', 'loc-b': 'WH1/Stock/B' })[id],
};
const scan = (state: PackageMoveState, raw: string) => applyScanToPackageMove(state, parseScan(raw), raw, ctx);

describe('package move rules', () => {
  it('scan the package, then where it was put: the event carries what the station showed, from and to', () => {
    const first = scan(emptyPackageMove, `(00)${sscc}`);
    expect(first.feedback).toEqual({ outcome: 'package-ok', message: `Package ${sscc} at WH1/Stock/A: scan where you put it.` });
    const second = scan(first.state ?? emptyPackageMove, 'LOC:WH1/Stock/B');
    expect(second.feedback.outcome).toBe('put-away');
    const base = { id: 'e1', deviceId: 'd', siteId: 's', userId: 'u', createdAt: '2026-12-02T10:00:00Z' };
    expect(packageMoveEvent(second.state ?? emptyPackageMove, base)).toEqual({
      ...base, sscc, fromLocationId: 'loc-a', toLocationId: 'loc-b',
      contents: [{ productId: 'mug', qty: 4 }, { productId: 'milk', lot: 'L1', qty: 2 }],
    });
  });

  it('refuses an unknown package, a location before the package, a product or the same place as destination', () => {
    expect(scan(emptyPackageMove, `(00)${withCheckDigit('34012345000000999')}`).feedback.outcome).toBe('unknown-package');
    expect(scan(emptyPackageMove, 'LOC:WH1/Stock/B').feedback.outcome).toBe('scan-package-first');
    const held = scan(emptyPackageMove, `(00)${sscc}`).state ?? emptyPackageMove;
    expect(scan(held, '4006381333931').feedback.outcome).toBe('scan-destination-first');
    expect(scan(held, 'LOC:WH1/Stock/A').feedback.outcome).toBe('wrong-destination');
    expect(scan(held, 'LOC:WH1/Nowhere').feedback.outcome).toBe('unknown-location');
    expect(packageMoveEvent(held, { id: 'e', deviceId: 'd', siteId: 's', userId: 'u', createdAt: 'x' })).toBeNull();
  });

  it("puts a package where the station's last unacknowledged move left it", () => {
    const move = (id: string, to: string, at: string): PackageMove => ({ id, deviceId: 'd', siteId: 's', userId: 'u', createdAt: at, sscc, fromLocationId: 'x', toLocationId: to, contents: [] });
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom('loc-a', 'loc-b', 'loc-c'), fc.boolean()), { maxLength: 8 }), (steps) => {
        const moves = steps.map(([to], i) => move(`m${i}`, to, `2026-12-02T10:00:0${i}Z`));
        const acked = new Set(steps.flatMap(([, done], i) => (done ? [`m${i}`] : [])));
        const pending = steps.flatMap(([to, done]) => (done ? [] : [to]));
        const shuffled = [...moves].reverse();
        expect(packagesWithPendingMoves([pkg], shuffled, acked).get(sscc)?.locationId).toBe(pending.at(-1) ?? 'loc-a');
      }),
    );
  });
});
