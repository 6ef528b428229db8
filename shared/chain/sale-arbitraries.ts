// Test support (imported by tests only): fast-check generators of plausible sales and of
// valid chains, shared by the chain and receipt property tests.
import fc from 'fast-check';
import { multiplyMinor } from '../money/minor-units.ts';
import type { LineTax, Payment, SaleLine } from '../schemas/sale.ts';
import type { Sale } from '../schemas/sale.ts';
import { sealSale } from './seal-sale.ts';
import type { UnsignedSale } from './seal-sale.ts';

export interface SaleArbitraryOptions {
  /** Longest name a line may have (default 200, the schema's limit). */
  maxNameLength?: number;
  /** Most lines in a sale (default 12). */
  maxLines?: number;
  /** Largest unit price in minor units (default 10^9). */
  maxUnitPrice?: number;
}

const idArb = fc.uuid();
const shortText = fc.string({ minLength: 1, maxLength: 24 });

/** Names that stress a receipt: accents, symbols, CJK, emoji, long words, whitespace. */
export function productNameArb(maxLength = 200): fc.Arbitrary<string> {
  return fc.oneof(
    fc.constantFrom('Crème brûlée €', 'Œufs bio ×12', 'Ångström Äpfel süß', 'Łódź żurek', '日本のお茶', 'Café ☕ au lait', 'e\u0301clair'),
    fc.string({ maxLength, unit: 'grapheme' }),
    fc.string({ maxLength, unit: 'binary' }),
    fc.stringMatching(/^[A-Z]{1,200}$/).map((s) => s.slice(0, maxLength)),
    fc.array(fc.constantFrom('Crème', 'brûlée', '€', 'Extra-long-product-name-without-spaces', ' ', '\t', '\n'), { maxLength: 30 }).map((parts) =>
      parts.join(' ').slice(0, maxLength),
    ),
  );
}

function lineArb(options: Required<SaleArbitraryOptions>): fc.Arbitrary<SaleLine> {
  return fc
    .record(
      {
        lineId: idArb,
        productId: idArb,
        name: productNameArb(options.maxNameLength),
        qty: fc.oneof(fc.integer({ min: 1, max: 1000 }), fc.integer({ min: 1, max: 99_999 }).map((g) => g / 1000)),
        unitPrice: fc.integer({ min: 0, max: options.maxUnitPrice }),
        discountPercent: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 100 })),
        taxRate: fc.constantFrom(0, 5.5, 7, 10, 19, 20, 25),
        taxExclusive: fc.boolean(),
        lot: fc.option(shortText, { nil: undefined }),
        serial: fc.option(shortText, { nil: undefined }),
      },
      { requiredKeys: ['lineId', 'productId', 'name', 'qty', 'unitPrice', 'discountPercent', 'taxRate', 'taxExclusive'] },
    )
    .map(({ discountPercent, taxRate, taxExclusive, qty, unitPrice, ...rest }) => {
      const amount = multiplyMinor(unitPrice, qty);
      const discount = Math.floor((amount * discountPercent) / 100);
      const price = amount - discount;
      const tax = taxExclusive ? Math.round((price * taxRate) / 100) : Math.round((price * taxRate) / (100 + taxRate));
      const total = taxExclusive ? price + tax : price;
      const taxes: LineTax[] = taxRate === 0 ? [] : [{ taxId: `vat-${taxRate}`, rate: taxRate, amount: tax }];
      const line: SaleLine = { ...rest, qty, unitPrice, discount, total, taxes };
      if (line.lot === undefined) delete line.lot;
      if (line.serial === undefined) delete line.serial;
      return line;
    });
}

function paymentsFor(total: number, cashTendered: number | null, id: string): Payment[] {
  if (cashTendered === null) return [{ paymentId: id, method: 'card', amount: total, reference: 'A1B2C3' }];
  const tendered = Math.max(total, cashTendered);
  return [{ paymentId: id, method: 'cash', amount: total, tendered, change: tendered - total }];
}

/** An unsealed sale or return whose totals add up. */
export function unsignedSaleArb(opts: SaleArbitraryOptions = {}): fc.Arbitrary<UnsignedSale> {
  const options: Required<SaleArbitraryOptions> = { maxNameLength: 200, maxLines: 12, maxUnitPrice: 1_000_000_000, ...opts };
  return fc
    .record({
      id: idArb,
      kind: fc.constantFrom<'sale' | 'return'>('sale', 'sale', 'return'),
      tillId: fc.oneof(fc.constant('till-1'), idArb),
      siteId: fc.constant('store-1'),
      sessionId: idArb,
      cashierId: fc.oneof(fc.constant('alice'), idArb),
      receiptNo: fc.oneof(fc.integer({ min: 1, max: 999_999 }).map((n) => `T1-${String(n).padStart(6, '0')}`), fc.string({ minLength: 1, maxLength: 40 })),
      createdAt: fc.date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2035-12-31T23:59:59Z'), noInvalidDate: true }).map((d) => d.toISOString()),
      currency: fc.constantFrom('EUR', 'USD', 'GBP', 'CHF', 'JPY', 'SEK', 'PLN'),
      customerId: fc.option(idArb, { nil: undefined }),
      orderDiscount: fc.option(fc.integer({ min: 1, max: 5_000 }), { nil: undefined }),
      lines: fc.array(lineArb(options), { minLength: 1, maxLength: options.maxLines }),
      cashTendered: fc.option(fc.integer({ min: 0, max: 2_000_000_000_000 }), { nil: null }),
      paymentId: idArb,
      returnOfSaleId: idArb,
    })
    .map(({ cashTendered, paymentId, returnOfSaleId, kind, lines, customerId, orderDiscount, ...rest }) => {
      const sign = kind === 'return' ? -1 : 1;
      const signedLines = lines.map((line) => ({
        ...line,
        qty: sign * line.qty,
        total: sign * line.total,
        discount: sign * line.discount,
        taxes: line.taxes.map((t) => ({ ...t, amount: sign * t.amount })),
        ...(kind === 'return' ? { returnOf: { saleId: returnOfSaleId, lineId: line.lineId }, restock: true } : {}),
      }));
      const total = signedLines.reduce((sum, l) => sum + l.total, 0);
      const sale: UnsignedSale = {
        ...rest,
        kind,
        lines: signedLines,
        payments: kind === 'return' ? [{ paymentId, method: 'cash', amount: total }] : paymentsFor(total, cashTendered, paymentId),
        total,
      };
      if (customerId !== undefined) sale.customerId = customerId;
      if (orderDiscount !== undefined && kind === 'sale') sale.orderDiscount = Math.min(orderDiscount, signedLines.reduce((s, l) => s + l.discount, 0)) || undefined;
      if (sale.orderDiscount === undefined) delete sale.orderDiscount;
      if (kind === 'return') sale.returnOfSaleId = returnOfSaleId;
      return sale;
    });
}

/** A sealed sale (seq 1 chain of one). */
export function saleArb(opts: SaleArbitraryOptions = {}): fc.Arbitrary<Sale> {
  return unsignedSaleArb(opts).map((s) => sealSale(s, null));
}

/** A valid chain of `minLength`–`maxLength` sales of one till, in seq order. */
export function chainArb(minLength = 1, maxLength = 8): fc.Arbitrary<Sale[]> {
  return fc.array(unsignedSaleArb({ maxLines: 3, maxNameLength: 30 }), { minLength, maxLength }).map((unsigned) => {
    const chain: Sale[] = [];
    for (const u of unsigned) chain.push(sealSale({ ...u, tillId: 'till-1' }, chain.at(-1) ?? null));
    return chain;
  });
}
