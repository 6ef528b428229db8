// Builders for pricing tests (till, server and shared): a product, a pricelist and a promotion with
// the fields a test does not care about filled in.
import type { Pricelist, PricelistItem, Promotion } from './pricing-rules.ts';
import type { PricingProduct } from './pricelist.ts';

export const product = (id: string, price: number, category = 'misc', cost = Math.floor(price / 2)): PricingProduct => ({ id, price, cost, category });

export const pricelist = (id: string, items: PricelistItem[], over: Partial<Pricelist> = {}): Pricelist => ({
  id,
  name: `Pricelist ${id}`,
  siteIds: [],
  customerGroupIds: [],
  defaultForSiteIds: ['site-1'],
  sequence: 10,
  items,
  ...over,
});

export const promotion = (id: string, reward: Promotion['reward'], over: Partial<Promotion> = {}): Promotion => ({
  id,
  name: `Promotion ${id}`,
  trigger: 'automatic',
  siteIds: [],
  channels: [],
  priority: 10,
  exclusive: false,
  reward,
  ...over,
});
