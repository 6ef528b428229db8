import { describe, expect, it } from 'vitest';
import { routeSteps, stepEnds, type WarehouseLocations } from './sites.ts';

const locs: WarehouseLocations = { siteId: 's', code: 'WH', stockId: 'stock', outputId: 'out', packId: 'pack', customerId: 'cust', supplierId: 'sup', lossId: 'loss' };

describe('delivery routes', () => {
  it('chains each route from stock to the customer without gaps', () => {
    for (const steps of [1, 2, 3] as const) {
      const route = routeSteps(steps);
      expect(route).toHaveLength(steps);
      expect(stepEnds(route[0] ?? 'ship', steps, locs).from).toBe('stock');
      expect(stepEnds(route.at(-1) ?? 'ship', steps, locs).to).toBe('cust');
      for (let i = 1; i < route.length; i++) {
        expect(stepEnds(route[i] ?? 'ship', steps, locs).from).toBe(stepEnds(route[i - 1] ?? 'ship', steps, locs).to);
      }
    }
  });

  it('names the steps pick → pack → ship', () => {
    expect(routeSteps(1)).toEqual(['ship']);
    expect(routeSteps(2)).toEqual(['pick', 'ship']);
    expect(routeSteps(3)).toEqual(['pick', 'pack', 'ship']);
  });
});
