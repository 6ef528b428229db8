// The station's picking rules: location → product → quantity, and every mistake it must catch.
import { describe, expect, it } from 'vitest';
import { parseScan } from '../../shared/barcode/index.ts';
import type { Picking, Product } from '../../shared/schemas/index.ts';
import { addQty, applyScanToPick, confirmNothingElse, emptyPickState, hasRemainder, inHand, pickAllOfCurrent, setQty, uncountedLines, validatedLines, type PickContext, type PickState } from './pick-rules.ts';

const product = (id: string, gtin: string, tracking: Product['tracking'] = 'none'): Product => ({
  id, sku: id, name: `Product ${id}`, barcodes: [gtin], price: 100, priceIncludesTax: true, cost: 50, taxIds: [], category: 'x', unit: 'unit', tracking, active: true, updatedAt: '',
});
const apple = product('apple', '04006381333931');
const milk = product('milk', '05012345678900', 'lot');
const other = product('other', '09501101530003');
const products = [apple, milk, other];
const ctx: PickContext = {
  productByGtin: (g) => products.find((p) => p.barcodes.includes(g)),
  productById: (id) => products.find((p) => p.id === id),
  locationIdByCode: (c) => ({ 'WH1/STOCK/S1': 'loc-s1', 'WH1/STOCK/S2': 'loc-s2' })[c.toUpperCase()],
  locationName: (id) => ({ 'loc-s1': 'WH1/Stock/S1', 'loc-s2': 'WH1/Stock/S2' })[id],
  today: '2026-11-22',
};
const picking: Picking = {
  id: 'p1', kind: 'delivery', step: 'ship', siteId: 'wh1', reference: 'WH1/OUT/1', state: 'in_progress', createdAt: '', updatedAt: '',
  lines: [
    { lineId: 'l1', productId: 'apple', qty: 3, fromLocationId: 'loc-s1', toLocationId: 'cust' },
    { lineId: 'l2', productId: 'milk', qty: 2, fromLocationId: 'loc-s1', toLocationId: 'cust', lot: 'L1', expiry: '2027-01-01' },
  ],
};

function run(codes: string[], start: PickState = emptyPickState): { state: PickState; outcomes: string[] } {
  let state = start;
  const outcomes: string[] = [];
  for (const c of codes) {
    const r = applyScanToPick(picking, state, parseScan(c), ctx);
    outcomes.push(r.feedback.outcome);
    if (r.state) state = r.state;
  }
  return { state, outcomes };
}

describe('scanner pick rules', () => {
  it('wants the location before the product, and refuses the wrong location', () => {
    expect(run(['4006381333931']).outcomes).toEqual(['scan-location-first']);
    expect(run(['LOC:WH1/Stock/S2']).outcomes).toEqual(['wrong-location']);
    expect(run(['LOC:WH1/Nowhere']).outcomes).toEqual(['wrong-location']);
    const unlabelled: PickContext = { ...ctx, locationName: () => undefined, locationIdByCode: () => undefined };
    const apples = { lineId: 'l1', productId: 'apple', qty: 3, fromLocationId: 'loc-s1', toLocationId: 'cust' };
    const two: Picking = { ...picking, lines: [apples, { ...apples, lineId: 'l9', fromLocationId: 'loc-s2' }] };
    expect(applyScanToPick(two, emptyPickState, parseScan('LOC:WH1/Nowhere'), unlabelled).feedback.outcome).toBe('unknown-location');
    expect(applyScanToPick({ ...picking, lines: picking.lines.slice(0, 1) }, emptyPickState, parseScan('LOC:X'), unlabelled).state?.locationId).toBe('loc-s1');
  });

  it('tells a wrong product from the right one and counts each scan as one', () => {
    const r = run(['LOC:WH1/Stock/S1', '9501101530003', '4006381333931', '4006381333931']);
    expect(r.outcomes).toEqual(['location-ok', 'wrong-product', 'product-ok', 'product-ok']);
    expect(validatedLines(picking, r.state)).toEqual([{ lineId: 'l1', productId: 'apple', qty: 2, fromLocationId: 'loc-s1' }]);
    expect(hasRemainder(picking, r.state)).toBe(true);
  });

  it('checks the GS1 lot and expiry of a lot-tracked product', () => {
    const at = run(['LOC:WH1/Stock/S1']).state;
    expect(run(['5012345678900'], at).outcomes).toEqual(['lot-required']);
    expect(run(['(01)05012345678900(17)270101(10)L2'], at).outcomes).toEqual(['wrong-lot']);
    expect(run(['(01)05012345678900(17)251231(10)L1'], at).outcomes).toEqual(['expired-lot']);
    const ok = run(['(01)05012345678900(17)270101(10)L1'], at);
    expect(ok.outcomes).toEqual(['product-ok']);
    expect(validatedLines(picking, ok.state)).toEqual([{ lineId: 'l2', productId: 'milk', qty: 1, fromLocationId: 'loc-s1', lot: 'L1', expiry: '2027-01-01' }]);
  });

  it('refuses an over-pick from scans, +1, All and a typed quantity', () => {
    const r = run(['LOC:WH1/Stock/S1', '4006381333931', '4006381333931', '4006381333931', '4006381333931']);
    expect(r.outcomes.at(-2)).toBe('line-done');
    expect(r.outcomes.at(-1)).toBe('over-pick');
    expect(addQty(picking, r.state, 1, ctx).feedback.outcome).toBe('over-pick');
    expect(pickAllOfCurrent(picking, r.state, ctx).feedback.outcome).toBe('over-pick');
    expect(setQty(picking, r.state, 4, ctx).feedback.outcome).toBe('over-pick');
    expect(setQty(picking, r.state, 2, ctx).state?.entries.reduce((s, e) => s + e.qty, 0)).toBe(2);
  });

  it('"All" picks what is left of the current line', () => {
    const r = run(['LOC:WH1/Stock/S1', '4006381333931']);
    const all = pickAllOfCurrent(picking, r.state, ctx);
    expect(all.feedback.outcome).toBe('line-done');
    expect(validatedLines(picking, all.state ?? r.state)).toEqual([{ lineId: 'l1', productId: 'apple', qty: 3, fromLocationId: 'loc-s1' }]);
  });

  it('a pack step wants the package (an SSCC scan) before the goods, and tags them with it', () => {
    const pack: Picking = { ...picking, step: 'pack' };
    let state = applyScanToPick(pack, emptyPickState, parseScan('LOC:WH1/Stock/S1'), ctx).state ?? emptyPickState;
    expect(applyScanToPick(pack, state, parseScan('4006381333931'), ctx).feedback.outcome).toBe('scan-package-first');
    state = applyScanToPick(pack, state, parseScan('(00)340123450000000000'), ctx).state ?? state;
    expect(state.packageId).toBe('340123450000000000');
    state = applyScanToPick(pack, state, parseScan('4006381333931'), ctx).state ?? state;
    expect(validatedLines(pack, state)).toEqual([{ lineId: 'l1', productId: 'apple', qty: 1, fromLocationId: 'loc-s1', packageId: '340123450000000000' }]);
  });

  it('a count task reports only what was counted; "nothing else here" and a typed 0 count lines at zero', () => {
    const lines = [
      { lineId: 'l1', productId: 'apple', qty: 1, fromLocationId: 'loc-s1', toLocationId: 'loc-s1' },
      { lineId: 'l3', productId: 'other', qty: 5, fromLocationId: 'loc-s1', toLocationId: 'loc-s1' },
      { lineId: 'l4', productId: 'milk', qty: 2, fromLocationId: 'loc-s1', toLocationId: 'loc-s1', lot: 'L1' },
    ];
    const task: Picking = { ...picking, kind: 'count', step: 'count', lines };
    const r = ['LOC:WH1/Stock/S1', '4006381333931', '4006381333931'].reduce<PickState>((s, c) => applyScanToPick(task, s, parseScan(c), ctx).state ?? s, emptyPickState);
    expect(hasRemainder(task, r)).toBe(false);
    // Nobody counted "other" nor the milk lot: they are not reported, so their stock stays as booked.
    expect(validatedLines(task, r)).toEqual([{ lineId: 'l1', productId: 'apple', qty: 2, fromLocationId: 'loc-s1', toLocationId: 'loc-s1' }]);
    expect(uncountedLines(task, r).map((l) => l.lineId)).toEqual(['l3', 'l4']);
    // "Other" scanned, then typed 0: counted at zero.
    const other = applyScanToPick(task, r, parseScan('9501101530003'), ctx).state ?? r;
    const zero = setQty(task, other, 0, ctx).state ?? other;
    expect(uncountedLines(task, zero).map((l) => l.lineId)).toEqual(['l4']);
    // "Nothing else here" counts the rest at zero.
    const empty = confirmNothingElse(task, zero);
    expect(empty.feedback.message).toBe('1 line counted at zero.');
    expect(validatedLines(task, empty.state ?? zero)).toEqual([
      { lineId: 'l3', productId: 'other', qty: 0, fromLocationId: 'loc-s1' },
      { lineId: 'l4', productId: 'milk', qty: 0, fromLocationId: 'loc-s1', lot: 'L1' },
      { lineId: 'l1', productId: 'apple', qty: 2, fromLocationId: 'loc-s1', toLocationId: 'loc-s1' },
    ]);
  });

  it('a transfer is put away by scanning its destination; a wrong destination is refused', () => {
    const transfer: Picking = { ...picking, kind: 'transfer', step: 'transfer', lines: [{ lineId: 't1', productId: 'apple', qty: 2, fromLocationId: 'loc-s1', toLocationId: 'loc-s2' }] };
    const wide: PickContext = {
      ...ctx,
      locationIdByCode: (c) => ({ 'WH1/STOCK/S1': 'loc-s1', 'WH1/STOCK/S2': 'loc-s2', 'WH1/STOCK/S3': 'loc-s3' })[c.toUpperCase()],
      locationName: (id) => ({ 'loc-s1': 'WH1/Stock/S1', 'loc-s2': 'WH1/Stock/S2', 'loc-s3': 'WH1/Stock/S3' })[id],
    };
    const step = (st: PickState, code: string) => applyScanToPick(transfer, st, parseScan(code), wide);
    expect(step(emptyPickState, 'LOC:WH1/Stock/S2').feedback).toMatchObject({ outcome: 'scan-product-first', message: expect.stringMatching(/pick them at WH1\/Stock\/S1 first/) });
    let st = step(emptyPickState, 'LOC:WH1/Stock/S1').state ?? emptyPickState;
    st = step(st, '4006381333931').state ?? st;
    st = step(st, '4006381333931').state ?? st;
    expect(inHand(transfer, st)).toHaveLength(2);
    const wrong = step(st, 'LOC:WH1/Stock/S3');
    expect(wrong).toMatchObject({ state: null, feedback: { outcome: 'wrong-destination', message: 'Wrong destination: WH1/Stock/S3. Take what you carry to WH1/Stock/S2.' } });
    const put = step(st, 'LOC:WH1/Stock/S2');
    expect(put.feedback).toEqual({ outcome: 'put-away', message: 'Put away at WH1/Stock/S2: 2 × Product apple.' });
    expect(inHand(transfer, put.state ?? st)).toEqual([]);
    expect(validatedLines(transfer, put.state ?? st)).toEqual([{ lineId: 't1', productId: 'apple', qty: 2, fromLocationId: 'loc-s1', toLocationId: 'loc-s2' }]);
  });

  it('asks for the weight of a weighed product scanned with its plain barcode, and flags a label expiry that disagrees with the books', () => {
    const cheese: Product = { ...product('cheese', '05901234123457'), unit: 'kg' };
    const weighed: PickContext = { ...ctx, productByGtin: (g) => [...products, cheese].find((p) => p.barcodes.includes(g)), productById: (id) => [...products, cheese].find((p) => p.id === id) };
    const cheesePick: Picking = { ...picking, lines: [{ lineId: 'c1', productId: 'cheese', qty: 1.5, fromLocationId: 'loc-s1', toLocationId: 'cust' }] };
    const at = applyScanToPick(cheesePick, emptyPickState, parseScan('LOC:WH1/Stock/S1'), weighed).state ?? emptyPickState;
    const plain = applyScanToPick(cheesePick, at, parseScan('5901234123457'), weighed);
    expect(plain.feedback).toEqual({ outcome: 'weight-required', message: 'Product cheese is measured in kg: weigh it and type the quantity in kg.' });
    expect(plain.state?.entries).toEqual([]);
    expect(setQty(cheesePick, plain.state ?? at, 1.25, weighed).state?.entries.map((e) => e.qty)).toEqual([1.25]);

    const stocked = run(['LOC:WH1/Stock/S1']).state;
    const odd = applyScanToPick(picking, stocked, parseScan('(01)05012345678900(17)270202(10)L1'), ctx);
    expect(odd.feedback.outcome).toBe('expiry-mismatch');
    expect(odd.feedback.message).toMatch(/label says expiry 2027-02-02, the books say 2027-01-01/);
    expect(validatedLines(picking, odd.state ?? stocked)).toEqual([{ lineId: 'l2', productId: 'milk', qty: 1, fromLocationId: 'loc-s1', lot: 'L1', expiry: '2027-02-02' }]);
  });
});
