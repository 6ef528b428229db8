// The cart's lot rules: a scanned lot joins only its own line, a plain scan joins the line of the
// store's lot, the store's default never replaces a lot scanned or chosen, serial units stay apart.
import { beforeEach, describe, expect, it } from 'vitest';
import type { Product } from '../../shared/schemas/index.ts';
import { computeCart } from './cart-math.ts';
import { useCartStore } from './cart-store.ts';
import { serialOf } from './serial-dialog.tsx';

const product = (tracking: Product['tracking']): Product => ({
  id: `p-${tracking}`, sku: `SKU-${tracking}`, name: `Item ${tracking}`, barcodes: [], price: 250, priceIncludesTax: true, cost: 100,
  taxIds: [], category: 'c', unit: 'unit', tracking, active: true, updatedAt: '2026-01-01T00:00:00Z',
});
const cart = () => useCartStore.getState();
const summary = () => cart().lines.map((l) => `${l.lot ?? '-'}/${l.serial ?? '-'}×${l.qty}`);

describe('cart lines of tracked products', () => {
  beforeEach(() => cart().clear());

  it('puts each scanned lot on its own line and joins repeated scans of the same lot', () => {
    const p = product('lot');
    cart().addProduct(p, [], { lot: 'A' });
    cart().addProduct(p, [], { lot: 'B' });
    cart().addProduct(p, [], { lot: 'A' });
    expect(summary()).toEqual(['A/-×2', 'B/-×1']);
  });

  it('joins plain scans on the line that took the store lot, and never lets the store lot replace a chosen one', () => {
    const p = product('lot');
    const id = cart().addProduct(p, []);
    cart().setLineLot(id, 'FEFO', 'store');
    cart().addProduct(p, []);
    expect(summary()).toEqual(['FEFO/-×2']);
    cart().setLineLot(id, 'CHOSEN', 'cashier');
    cart().setLineLot(id, 'LATE', 'store');
    expect(summary()).toEqual(['CHOSEN/-×2']);
    cart().addProduct(p, []);
    expect(summary()).toEqual(['CHOSEN/-×2', '-/-×1']);
  });

  it('keeps serial-numbered units one per line and passes lot and serial to the sale', () => {
    const p = product('serial');
    cart().addProduct(p, [], { serial: 'S1' });
    cart().addProduct(p, [], { serial: 'S2' });
    expect(summary()).toEqual(['-/S1×1', '-/S2×1']);
    expect(cart().lines.every((l) => l.tracking === 'serial')).toBe(true);
    expect(computeCart(cart().lines, 0).lines.map((l) => l.serial)).toEqual(['S1', 'S2']);
  });

  it('reads the serial of a GS1 label (AI 21) scanned into the serial field, or takes the text as typed', () => {
    expect(serialOf('010950110153000321SN-77')).toBe('SN-77');
    expect(serialOf(' ABC123 ')).toBe('ABC123');
  });
});
