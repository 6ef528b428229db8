// Free counts: location first, each scan counts one, lots kept apart, typed quantities replace.
import { describe, expect, it } from 'vitest';
import { parseScan } from '../../shared/barcode/index.ts';
import type { Ack, Product } from '../../shared/schemas/index.ts';
import { applyScanToCount, countLines, countOneMore, emptyCountState, setCounted, type CountState } from './count-rules.ts';
import { describeOutcome, pendingValidations } from './event-outcome.ts';
import type { PickContext } from './pick-rules.ts';

const milk: Product = {
  id: 'milk', sku: 'milk', name: 'Milk', barcodes: ['05012345678900'], price: 100, priceIncludesTax: true, cost: 50, taxIds: [], category: 'x', unit: 'unit', tracking: 'lot', active: true, updatedAt: '',
};
const ctx: PickContext = {
  productByGtin: (g) => (milk.barcodes.includes(g) ? milk : undefined),
  productById: (id) => (id === 'milk' ? milk : undefined),
  locationIdByCode: (c) => (c.toUpperCase() === 'WH1/STOCK/S1' ? 'loc-s1' : undefined),
  locationName: (id) => (id === 'loc-s1' ? 'WH1/Stock/S1' : undefined),
  today: '2026-11-22',
};

function run(codes: string[]): { state: CountState; outcomes: string[] } {
  let state = emptyCountState();
  const outcomes: string[] = [];
  for (const c of codes) {
    const r = applyScanToCount(state, parseScan(c), ctx);
    outcomes.push(r.feedback.outcome);
    if (r.state) state = r.state;
  }
  return { state, outcomes };
}

describe('scanner free count', () => {
  it('needs a known location first and a lot for lot-tracked products', () => {
    expect(run(['(01)05012345678900(10)L1']).outcomes).toEqual(['scan-location-first']);
    expect(run(['LOC:WH1/Nowhere']).outcomes).toEqual(['unknown-location']);
    expect(run(['LOC:WH1/Stock/S1', '5012345678900']).outcomes).toEqual(['location-ok', 'lot-required']);
  });

  it('counts each scan per lot; +1 and a typed quantity adjust the current one', () => {
    const r = run(['LOC:WH1/Stock/S1', '(01)05012345678900(10)L1', '(01)05012345678900(10)L1', '(01)05012345678900(10)L2']);
    expect(countLines(r.state)).toEqual([{ productId: 'milk', lot: 'L1', counted: 2 }, { productId: 'milk', lot: 'L2', counted: 1 }]);
    const more = countOneMore(r.state).state ?? r.state;
    expect(countLines(more)[1]).toEqual({ productId: 'milk', lot: 'L2', counted: 2 });
    const typed = setCounted(more, 7).state ?? more;
    expect(countLines(typed)[1]).toEqual({ productId: 'milk', lot: 'L2', counted: 7 });
    expect(setCounted(emptyCountState(), 1).feedback.outcome).toBe('scan-product-first');
  });

  it('asks for the weight of a weighed product scanned with its plain barcode, and counts nothing until it is typed', () => {
    const ham: Product = { ...milk, id: 'ham', name: 'Ham', barcodes: ['05901234123457'], unit: 'kg', tracking: 'none' };
    const weighed: PickContext = { ...ctx, productByGtin: (g) => [milk, ham].find((p) => p.barcodes.includes(g)), productById: (id) => [milk, ham].find((p) => p.id === id) };
    const at = applyScanToCount(emptyCountState(), parseScan('LOC:WH1/Stock/S1'), weighed).state ?? emptyCountState();
    const plain = applyScanToCount(at, parseScan('5901234123457'), weighed);
    expect(plain.feedback.outcome).toBe('weight-required');
    expect(countLines(plain.state ?? at)).toEqual([]);
    expect(countLines(setCounted(plain.state ?? at, 2.4).state ?? at)).toEqual([{ productId: 'ham', counted: 2.4 }]);
  });
});

describe('event outcome', () => {
  const ack = (status: Ack['status'], codes: string[]): Ack => ({
    id: 'e', eventCollection: 'picking_events', status, deviceId: 'd', at: '', problems: codes.map((code) => ({ code, message: `${code} happened`, severity: 'warning' })),
  });
  it('says pending, applied, or the exception with its problems', () => {
    expect(describeOutcome(undefined).state).toBe('pending');
    expect(describeOutcome(ack('applied', [])).text).toBe('Recorded');
    expect(describeOutcome(ack('exception', ['picking_claimed'])).text).toBe('Picking_claimed happened');
  });

  it('keeps a picking validated here locked until the server acknowledges the validation', () => {
    const ev = (id: string, kind: 'claim' | 'validate', pickingId: string) => ({ id, kind, pickingId, deviceId: 'd', siteId: 's', userId: 'u', createdAt: '' });
    const events = [ev('c1', 'claim', 'p1'), ev('v1', 'validate', 'p1'), ev('v2', 'validate', 'p2')];
    expect([...pendingValidations(events, new Map())].sort()).toEqual(['p1', 'p2']);
    expect([...pendingValidations(events, new Map([['v2', ack('applied', [])]]))]).toEqual(['p1']);
  });
});
