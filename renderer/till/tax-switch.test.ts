// A tax rate scheduled ahead, on the till: new lines take the rate in force when they are added, and
// the sale on screen is re-rated at the instant by the till's own timer (the clock is vitest's).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Product, TaxConfig } from '../../shared/schemas/index.ts';
import { buildCatalogIndex } from '../catalog/catalog-index.ts';
import { useCatalogStore } from '../catalog/catalog-store.ts';
import { emptySnapshot } from '../config/config-snapshot.ts';
import { useConfigStore } from '../config/config-store.ts';
import { computeCart, type CartLine } from './cart-math.ts';
import { useCartStore } from './cart-store.ts';
import { taxRulesFor } from './scan-apply.ts';
import { MAX_TAX_SWITCH_WAIT_MS, watchTaxSwitch } from './tax-switch.ts';

const SWITCH = '2027-01-01T00:00:00+01:00';
const switchAt = Date.parse(SWITCH);
const vat: TaxConfig = { name: 'VAT 19%', rate: 19, next: { rate: 16, from: SWITCH, name: 'VAT 16%' } };
const levy: TaxConfig = { name: 'Levy', rate: 2, compound: true };

const product = (id: string, price: number, taxIds: string[]): Product => ({
  id, sku: `SKU-${id}`, name: id, barcodes: [], price, priceIncludesTax: false, cost: 100, taxIds, category: 'food', unit: 'unit',
  tracking: 'none', active: true, updatedAt: '2026-12-01T00:00:00.000Z',
});
const bread = product('bread', 1000, ['vat']);
const wine = product('wine', 2000, ['vat', 'levy']);

const setTaxes = (taxes: Record<string, TaxConfig>): void =>
  useConfigStore.setState({ config: { ...emptySnapshot(), site: { id: 's1', code: 'STORE1', name: 'Store', kind: 'store', currency: 'EUR', timeZone: 'Europe/Berlin' }, taxes: new Map(Object.entries(taxes)) } });
const cart = () => useCartStore.getState();
const rates = (): number[][] => cart().lines.map((l) => l.taxes.map((t) => t.rate));
const tax = (): number => computeCart(cart().lines, 0).tax;

describe('a scheduled tax rate on the till', () => {
  let stop: () => void = () => undefined;

  beforeEach(() => {
    vi.useFakeTimers({ now: switchAt - 10_000 });
    setTaxes({ vat, levy });
    useCatalogStore.setState({ index: buildCatalogIndex([bread, wine]), ready: true });
    cart().clear();
  });
  afterEach(() => {
    stop();
    stop = () => undefined;
    vi.useRealTimers();
  });

  it('gives a new line the rate in force when it is added: the old one until the instant, the scheduled one from it', () => {
    expect(taxRulesFor(wine, new Date(switchAt - 1))).toEqual([{ taxId: 'vat', rate: 19 }, { taxId: 'levy', rate: 2, compound: true }]);
    expect(taxRulesFor(wine, new Date(switchAt))).toEqual([{ taxId: 'vat', rate: 16 }, { taxId: 'levy', rate: 2, compound: true }]);
    expect(taxRulesFor(bread)).toEqual([{ taxId: 'vat', rate: 19 }]);
    vi.setSystemTime(switchAt + 1);
    expect(taxRulesFor(bread)).toEqual([{ taxId: 'vat', rate: 16 }]);
  });

  it('re-rates every line of the open cart at the instant, without any action, and says so', () => {
    stop = watchTaxSwitch();
    cart().addProduct(bread, taxRulesFor(bread));
    cart().addProduct(wine, taxRulesFor(wine), { unitPrice: 1500 });
    // A collected order's line: the order's price, the till's rates (pickup-handover.ts).
    const pickup: CartLine = { lineId: 'pickup-1', productId: 'bread', sku: 'SKU-bread', name: 'bread', qty: 1, unitPrice: 900, listPrice: 900, priceIncludesTax: false, taxes: taxRulesFor(bread), discount: 0, fixed: true, orderLineId: 'ol-1' };
    cart().setPricing({ lines: [...cart().lines, pickup], orderDiscount: 0 });
    expect(rates()).toEqual([[19], [19, 2], [19]]);
    const before = tax();

    vi.advanceTimersByTime(9_999);
    expect(rates()).toEqual([[19], [19, 2], [19]]);
    vi.advanceTimersByTime(1);
    expect(rates()).toEqual([[16], [16, 2], [16]]);
    expect(tax()).toBeLessThan(before);
    // 16 % of 10.00 + 9.00, and of 15.00 with the 2 % levy on top of it.
    expect(tax()).toBe(160 + 144 + 240 + Math.round((1500 + 240) * 0.02));
    expect(cart().message?.text).toBe('Tax rate changed at 00:00: VAT 16%. The items on screen now carry the new rate.');
  });

  it('leaves the cart alone when a config change or the switch brings no new rate to its lines', () => {
    stop = watchTaxSwitch();
    cart().addProduct(product('water', 100, ['levy']), [{ taxId: 'levy', rate: 2, compound: true }]);
    const lines = cart().lines;
    vi.advanceTimersByTime(10_000);
    expect(cart().lines).toBe(lines);
    expect(cart().message).toBeNull();
  });

  it('arms again when the taxes change: a rate scheduled later, or one moved', () => {
    setTaxes({ vat: { name: 'VAT 19%', rate: 19 }, levy });
    stop = watchTaxSwitch();
    cart().addProduct(bread, taxRulesFor(bread));
    vi.advanceTimersByTime(20_000);
    expect(rates()).toEqual([[19]]);

    setTaxes({ vat: { name: 'VAT 19%', rate: 19, next: { rate: 21, from: new Date(Date.now() + 5_000).toISOString() } }, levy });
    vi.advanceTimersByTime(4_999);
    expect(rates()).toEqual([[19]]);
    // Moved later before it began: the first instant no longer counts.
    setTaxes({ vat: { name: 'VAT 19%', rate: 19, next: { rate: 21, from: new Date(Date.now() + 60_000).toISOString() } }, levy });
    vi.advanceTimersByTime(1);
    expect(rates()).toEqual([[19]]);
    vi.advanceTimersByTime(60_000);
    expect(rates()).toEqual([[21]]);
  });

  it('re-rates when a schedule reaches the till only after its instant had passed while it ran', () => {
    setTaxes({ vat: { name: 'VAT 19%', rate: 19 }, levy });
    stop = watchTaxSwitch();
    cart().addProduct(bread, taxRulesFor(bread));
    vi.advanceTimersByTime(15_000);
    setTaxes({ vat, levy });
    expect(rates()).toEqual([[16]]);
  });

  it('gives a sale restored at start after the instant the rates in force, and says so', () => {
    // Rung up at 23:59 on the old rate; the till starts again after midnight with it on screen.
    cart().addProduct(bread, taxRulesFor(bread));
    expect(rates()).toEqual([[19]]);
    vi.setSystemTime(switchAt + 7 * 3600_000);
    stop = watchTaxSwitch();
    expect(rates()).toEqual([[16]]);
    expect(cart().message?.text).toBe('Tax rate changed: VAT 16%. The items on screen now carry the new rate.');
  });

  it('re-rates the open cart when a rate is changed at once in the back office', () => {
    setTaxes({ vat: { name: 'VAT 19%', rate: 19 }, levy });
    stop = watchTaxSwitch();
    cart().addProduct(wine, taxRulesFor(wine));
    setTaxes({ vat: { name: 'VAT 19%', rate: 19 }, levy: { ...levy, rate: 3 } });
    expect(rates()).toEqual([[19, 3]]);
    expect(cart().message?.text).toBe('Tax rate changed: Levy 3%. The items on screen now carry the new rate.');
  });

  it('waits out a switch more than 24.8 days ahead (setTimeout’s limit) without firing early', () => {
    const far = new Date(switchAt + 40 * 24 * 3600_000).toISOString();
    setTaxes({ vat: { name: 'VAT 19%', rate: 19, next: { rate: 16, from: far } }, levy });
    const timeout = vi.spyOn(globalThis, 'setTimeout');
    stop = watchTaxSwitch();
    cart().addProduct(bread, taxRulesFor(bread));
    expect(Math.max(...timeout.mock.calls.map((c) => Number(c[1])))).toBeLessThanOrEqual(MAX_TAX_SWITCH_WAIT_MS);
    vi.advanceTimersByTime(Date.parse(far) - Date.now() - 1);
    expect(rates()).toEqual([[19]]);
    vi.advanceTimersByTime(1);
    expect(rates()).toEqual([[16]]);
    timeout.mockRestore();
  });

  it('switches on the first wake-up after a sleep that stopped its timer past the instant', () => {
    stop = watchTaxSwitch();
    cart().addProduct(bread, taxRulesFor(bread));
    // The wall clock moves on while no timer runs (a suspended machine).
    vi.setSystemTime(switchAt + 3600_000);
    expect(rates()).toEqual([[19]]);
    vi.advanceTimersByTime(MAX_TAX_SWITCH_WAIT_MS);
    expect(rates()).toEqual([[16]]);
    expect(cart().message?.text).toContain('changed at 00:00');
  });

  it('stops with the till: no timer left, no re-rating after teardown', () => {
    stop = watchTaxSwitch();
    cart().addProduct(bread, taxRulesFor(bread));
    stop();
    expect(vi.getTimerCount()).toBe(0);
    setTaxes({ vat: { ...vat }, levy });
    vi.advanceTimersByTime(20_000);
    expect(rates()).toEqual([[19]]);
  });
});
