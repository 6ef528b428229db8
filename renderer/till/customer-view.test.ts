import { describe, expect, it } from 'vitest';
import { isCustomerDisplayMessage, type CustomerView } from '../../shared/customer-display.ts';
import type { Payment, Sale } from '../../shared/schemas/index.ts';
import type { CartLine } from './cart-math.ts';
import { customerViewOf, type TillForCustomer } from './customer-view.ts';

const line = (id: string, name: string, qty: number, unitPrice: number, extra: Partial<CartLine> = {}): CartLine => ({
  lineId: id, productId: `p-${id}`, sku: `SKU-${id}`, name, qty, unitPrice, listPrice: unitPrice, priceIncludesTax: true,
  taxes: [{ taxId: 'vat', rate: 20 }], discount: 0, unit: 'unit', ...extra,
});

const till = (over: Partial<TillForCustomer> = {}): TillForCustomer => ({
  storeName: 'Aisle Demo Store', currency: 'EUR', lines: [], orderDiscount: 0, payments: [], paid: null, ...over,
});

const cash = (amount: number, tendered: number): Payment => ({ paymentId: 'pay-1', method: 'cash', amount, tendered, change: tendered - amount });

/** The view travels as a message: it must be one the display accepts (only declared fields). */
const asMessage = (view: CustomerView) => ({ v: 1, type: 'view', source: 'w', live: true, view });

describe('customer display view', () => {
  it('welcomes with the store name between sales', () => {
    const view = customerViewOf(till());
    expect(view).toEqual({ phase: 'idle', storeName: 'Aisle Demo Store', currency: 'EUR' });
    expect(isCustomerDisplayMessage(asMessage(view))).toBe(true);
  });

  it('lists the lines by name with quantities (weighed goods with their unit), the total and what is left to pay', () => {
    const view = customerViewOf(
      till({
        lines: [line('a', 'Oat milk 1 l', 2, 189), line('b', 'Apples', 0.75, 320, { unit: 'kg', fixed: true })],
        payments: [{ paymentId: 'c1', method: 'card', amount: 100 }],
      }),
    );
    expect(view).toMatchObject({ phase: 'sale', total: 378 + 240, paid: 100, remaining: 518, itemCount: 3, discount: 0 });
    if (view.phase !== 'sale') throw new Error('not a sale view');
    expect(view.lines.map((l) => [l.name, l.quantity, l.unit, l.total])).toEqual([
      ['Oat milk 1 l', '2', undefined, 378],
      ['Apples', '0.750 kg', 'kg', 240],
    ]);
    expect(isCustomerDisplayMessage(asMessage(view))).toBe(true);
  });

  it('shows the order discount spread over the lines and in total', () => {
    const view = customerViewOf(till({ lines: [line('a', 'Tea', 1, 1000), line('b', 'Honey', 1, 1000)], orderDiscount: 200 }));
    expect(view).toMatchObject({ phase: 'sale', total: 1800, discount: 200 });
  });

  it('after payment: the change, what was handed over and the receipt, with thanks to come', () => {
    const sale = {
      kind: 'sale', receiptNo: 'A1B2C3-000042', total: 1234,
      lines: [{ lineId: 'a', productId: 'p', name: 'Coffee beans', qty: 1, unitPrice: 1234, discount: 0, total: 1234, taxes: [] }],
      payments: [cash(1234, 2000)],
    } as unknown as Sale;
    const view = customerViewOf(till({ paid: { sale, change: 766 } }));
    expect(view).toMatchObject({ phase: 'done', kind: 'sale', receiptNo: 'A1B2C3-000042', total: 1234, rounding: 0, paid: 2000, change: 766, itemCount: 1 });
    expect(isCustomerDisplayMessage(asMessage(view))).toBe(true);
  });

  it('after a cash payment rounded to the site step: the rounding the sale carries', () => {
    const sale = {
      kind: 'sale', receiptNo: 'A1B2C3-000043', total: 1233, rounding: 2,
      lines: [{ lineId: 'a', productId: 'p', name: 'Tea', qty: 1, unitPrice: 1233, discount: 0, total: 1233, taxes: [] }],
      payments: [cash(1235, 1235)],
    } as unknown as Sale;
    expect(customerViewOf(till({ paid: { sale, change: 0 } }))).toMatchObject({ phase: 'done', total: 1233, rounding: 2, paid: 1235, change: 0 });
  });

  it('refuses a message carrying anything not declared (a PIN could never ride along)', () => {
    const view = { ...customerViewOf(till()), pin: '1234' };
    expect(isCustomerDisplayMessage(asMessage(view as CustomerView))).toBe(false);
    expect(isCustomerDisplayMessage({ v: 2, type: 'hello' })).toBe(false);
    expect(isCustomerDisplayMessage({ v: 1, type: 'hello' })).toBe(true);
  });
});
