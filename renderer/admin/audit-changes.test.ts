import { describe, expect, it } from 'vitest';
import { auditChangeLines, auditChangeText } from './audit-changes.ts';

const paris = { currency: 'EUR', timeZone: 'Europe/Paris' };
const text = (before: unknown, after: unknown, d: Parameters<typeof auditChangeLines>[2] = paris): string[] => auditChangeLines(before, after, d).map(auditChangeText);

describe('audit change lines', () => {
  it('names a changed price in words and money with its currency', () => {
    expect(text({ price: 599 }, { price: 345 })).toEqual(['price: €5.99 → €3.45']);
  });

  it("writes a tax's rate as a percentage, as the Taxes page does", () => {
    expect(text(null, { name: 'Eco levy 2%', rate: 2, compound: false, active: true })).toEqual(['name: Eco levy 2%', 'rate: 2 %', 'compound: no', 'active: yes']);
    expect(text({ name: 'VAT', rate: 5.5 }, { name: 'VAT', rate: 20 })).toEqual(['rate: 5.5 % → 20 %']);
  });

  it('shows only the fields that differ when whole records are logged', () => {
    const before = { id: 'c1', code: 'WEB', name: 'Web shop', buffer: 2, routing: 'nearest', routingSites: ['S1'] };
    const after = { ...before, name: 'Online shop', buffer: 5 };
    expect(text(before, after)).toEqual(['name: Web shop → Online shop', 'buffer: 2 → 5']);
  });

  it('lists every field of something created, ids left out, switches as yes/no', () => {
    expect(text(null, { id: 'p1', name: 'Tea', sku: 'T-1', price: 210, priceIncludesTax: true, taxIds: ['t1'], active: true, updatedAt: '2026-12-06T15:00:00.000Z' }))
      .toEqual(['name: Tea', 'SKU: T-1', 'price: €2.10', 'price includes tax: yes', 'taxes: 1', 'active: yes']);
  });

  it('names first what names the thing, and leaves out the blank defaults of something created', () => {
    // As PostgreSQL's jsonb stores keys (shortest first), with a blank category and no sites ticked.
    const stored = { sku: 'T-1', cost: 0, name: 'Tea', price: 450, siteIds: [], category: '', customerGroupIds: ['g1', 'g2'] };
    expect(text(null, stored)).toEqual(['name: Tea', 'SKU: T-1', 'price: €4.50', 'cost: €0.00', 'customer groups: 2']);
  });

  it('formats money in the currency the change names, and leaves that currency out of the lines', () => {
    expect(text(null, { amount: 5000, currency: 'JPY', reason: 'goodwill', eventId: 'e1' })).toEqual(['amount: ¥5,000', 'reason: goodwill']);
  });

  it('shows what a deletion removed', () => {
    expect(text({ min: 5, max: 20, multiple: 1, supplier: 'Acme' }, null)).toEqual(['min: 5 → —', 'max: 20 → —', 'multiple: 1 → —', 'supplier: Acme → —']);
  });

  it('opens nested settings one level, each leaf named under its setting', () => {
    const before = { offlineAllowance: { amount: 5000, points: 100, mode: 'till' }, holdMinutes: 0 };
    const after = { offlineAllowance: { amount: 2500, points: 100, mode: 'till' }, holdMinutes: 60 };
    expect(text(before, after)).toEqual(['offline allowance – amount: €50.00 → €25.00', 'authorisations hold (minutes): 0 → 60']);
  });

  it('shows times in store time and says a list of records changed when its size did not', () => {
    expect(text(null, { role: 'till', site: 'STORE1', expiresAt: '2026-12-06T15:00:00.000Z' })).toEqual(['role: till', 'site: STORE1', 'expires: 2026-12-06 16:00']);
    expect(text({ items: [{ productId: 'a', price: 100 }] }, { items: [{ productId: 'a', price: 90 }] })).toEqual(['rules: changed']);
    expect(text({ items: [{ price: 100 }] }, { items: [{ price: 100 }, { price: 90 }] })).toEqual(['rules: 1 → 2']);
  });

  it('says an id list changed without its ids, and a changed currency is a line of its own', () => {
    expect(text({ taxIds: ['a'], currency: 'EUR' }, { taxIds: ['b'], currency: 'CHF' })).toEqual(['taxes: changed', 'currency: EUR → CHF']);
  });

  it('shows a choice in the words of the page that sets it, not the stored value', () => {
    const before = { name: 'Web', buffer: 0, routing: 'warehouse-first', routingSites: [], invoicePolicy: 'delivery' };
    const after = { ...before, routing: 'store-first', invoicePolicy: 'order' };
    expect(text(before, after)).toEqual([
      'ship delivery orders from: Warehouses only (by priority) → Stores first, then warehouses',
      'invoice orders: On delivery → On order',
    ]);
  });

  it('reads a role, a kind or a state by what the entry is about', () => {
    const as = (entity: string) => ({ ...paris, entity });
    expect(text(null, { username: 'ann', role: 'supervisor', pin: 'set' }, as('user'))).toEqual(['username: ann', 'role: Supervisor', 'pin: set']);
    expect(text({ role: 'cashier' }, { role: 'manager' }, as('user'))).toEqual(['role: Cashier → Manager']);
    expect(text(null, { role: 'scanner', site: 'WH1' }, as('site'))).toEqual(['role: Scanner station', 'site: WH1']);
    expect(text(null, { code: 'WH2', name: 'North', kind: 'warehouse' }, as('site'))).toEqual(['name: North', 'code: WH2', 'kind: Warehouse']);
    expect(text({ state: 'open' }, { state: 'cancelled' }, as('order'))).toEqual(['state: Open → Cancelled']);
    expect(text({ state: 'open' }, { state: 'done' }, as('order'))).toEqual(['state: Open → Delivered']);
    expect(text({ state: 'requested' }, { state: 'waiting' }, as('picking'))).toEqual(['state: Requested → Waiting for stock']);
    expect(text({ state: 'pending' }, { state: 'approved' }, as('count-approval'))).toEqual(['state: Waiting for approval → Approved']);
    expect(text({ offlineAllowance: { mode: 'till' } }, { offlineAllowance: { mode: 'card' } }, as('settings')))
      .toEqual(['offline allowance – mode: Per till (all cards and customers together) → Per card or customer, on each till']);
    expect(text({ reward: { kind: 'percent_off' } }, { reward: { kind: 'bundle' } }, as('promotion'))).toEqual(['reward – kind: Percentage off → Bundle price']);
  });

  it('leaves a value that is not one of the choices as stored', () => {
    expect(text({ state: 'open' }, { state: 'archived' }, { ...paris, entity: 'order' })).toEqual(['state: Open → archived']);
    expect(text(null, { name: 'Aisle 3', kind: 'shelf' }, { ...paris, entity: 'location' })).toEqual(['name: Aisle 3', 'kind: shelf']);
  });
});
