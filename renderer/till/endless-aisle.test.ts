import { describe, expect, it } from 'vitest';
import type { ProductAvailability } from '../../shared/schemas/index.ts';
import { aisleSites, choiceProblem, describeFulfillment, fulfillmentOf, sameFulfillment, type AisleChoice } from './endless-aisle.ts';

const doc: ProductAvailability = {
  id: 'p1', productId: 'p1',
  sites: [
    { siteId: 'wh', code: 'WH1', name: 'Demo Warehouse', kind: 'warehouse', available: 4 },
    { siteId: 's2', code: 'STORE2', name: 'Store Two', kind: 'store', available: 6 },
    { siteId: 's1', code: 'STORE1', name: 'Demo Store', kind: 'store', available: 0 },
  ],
};

describe('endless aisle at the till', () => {
  it('lists the till’s store first, then the sites with most available', () => {
    expect(aisleSites(doc, 's1').map((s) => [s.code, s.here])).toEqual([['STORE1', true], ['STORE2', false], ['WH1', false]]);
    expect(aisleSites(null, 's1')).toEqual([]);
  });

  it('says what is missing before the line can go into the sale', () => {
    const [, store2, wh] = aisleSites(doc, 's1');
    const base: AisleChoice = { site: wh ?? null, type: 'delivery', qty: 2, address: 'Ada Lovelace, 12 Rue de la Paix, Paris', phone: '' };
    expect(choiceProblem(base, 'unit')).toBeNull();
    expect(choiceProblem({ ...base, qty: 5 }, 'unit')).toBe('Demo Warehouse has only 4');
    expect(choiceProblem({ ...base, qty: 1.5 }, 'unit')).toBe('Whole pieces only');
    expect(choiceProblem({ ...base, qty: 1.5 }, 'kg')).toBeNull();
    expect(choiceProblem({ ...base, address: ' ' }, 'unit')).toBe('Enter the customer’s name and delivery address');
    expect(choiceProblem({ ...base, type: 'pickup' }, 'unit')).toMatch(/is a warehouse/);
    expect(choiceProblem({ ...base, site: store2 ?? null, type: 'pickup', address: '' }, 'unit')).toBeNull();
    expect(choiceProblem({ ...base, site: null }, 'unit')).toBe('Choose where it comes from');
  });

  it('makes the sale’s fulfilment and describes it', () => {
    const [, store2, wh] = aisleSites(doc, 's1');
    if (!wh || !store2) throw new Error('sites');
    const delivery = fulfillmentOf({ site: wh, type: 'delivery', qty: 1, address: ' Ada\n12 Rue ', phone: ' ' });
    expect(delivery).toEqual({ type: 'delivery', site: 'WH1', address: 'Ada\n12 Rue' });
    const pickup = fulfillmentOf({ site: store2, type: 'pickup', qty: 1, address: 'ignored', phone: '06' });
    expect(pickup).toEqual({ type: 'pickup', site: 'STORE2' });
    const names = new Map([['WH1', 'Demo Warehouse'], ['STORE2', 'Store Two']]);
    expect(describeFulfillment(delivery, (c) => names.get(c))).toBe('Delivery from Demo Warehouse');
    expect(describeFulfillment(pickup, (c) => names.get(c))).toBe('Collect at Store Two');
    expect(sameFulfillment(delivery, { ...delivery })).toBe(true);
    expect(sameFulfillment(delivery, pickup)).toBe(false);
  });
});
