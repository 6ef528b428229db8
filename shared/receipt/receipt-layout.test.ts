import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { productNameArb, saleArb } from '../chain/sale-arbitraries.ts';
import { sealSale } from '../chain/seal-sale.ts';
import type { Sale } from '../schemas/sale.ts';
import { parseReceiptCode } from './receipt-code.ts';
import { layoutReceipt, ReceiptLayoutError } from './receipt-layout.ts';
import type { Receipt, ReceiptColumns, ReceiptLine } from './receipt-model.ts';
import type { ReceiptSettings } from './receipt-settings.ts';
import { renderReceiptText } from './receipt-text.ts';
import { textWidth } from './text-width.ts';

const WIDTHS: readonly ReceiptColumns[] = [32, 42, 48];

const SITE = {
  name: 'Aisle Épicerie Fine',
  address: '12 Rue de la Paix\n75002 Paris',
  receiptHeader: ['SIRET 123 456 789 00012'],
  receiptFooter: ['Merci et à bientôt !'],
};

const SALE: Sale = sealSale(
  {
    id: '0193a5c2-7b1e-7c3d-8a4f-1e2d3c4b5a69',
    kind: 'sale',
    tillId: 'till-1',
    siteId: 'store-1',
    sessionId: 'sess-1',
    cashierId: 'alice',
    receiptNo: 'T1-000042',
    createdAt: '2026-11-22T08:42:49.123Z',
    currency: 'EUR',
    customerId: 'cust-7',
    orderDiscount: 20,
    lines: [
      { lineId: 'l1', productId: 'p1', name: 'Crème brûlée €', qty: 2, unitPrice: 450, discount: 70, total: 830, taxes: [{ taxId: 'vat-5.5', rate: 5.5, amount: 43 }] },
      { lineId: 'l2', productId: 'p2', name: 'Pommes Golden', qty: 0.745, unitPrice: 299, discount: 0, total: 223, taxes: [{ taxId: 'vat-5.5', rate: 5.5, amount: 12 }], lot: 'L2026-47' },
      { lineId: 'l3', productId: 'p3', name: 'Vin rouge', qty: 1, unitPrice: 1290, discount: 0, total: 1290, taxes: [{ taxId: 'vat-20', rate: 20, amount: 215 }] },
    ],
    payments: [{ paymentId: 'pay1', method: 'cash', amount: 2343, tendered: 5000, change: 2657 }],
    total: 2343,
  },
  { seq: 41, hash: 'ab'.repeat(32) },
);

const RETURN: Sale = sealSale(
  {
    id: '0193a5d0-0000-7000-8000-000000000002',
    kind: 'return',
    tillId: 'till-1',
    siteId: 'store-1',
    sessionId: 'sess-1',
    cashierId: 'alice',
    receiptNo: 'T1-000043',
    createdAt: '2026-11-22T09:05:00.000Z',
    currency: 'EUR',
    returnOfSaleId: SALE.id,
    lines: [
      { lineId: 'r1', productId: 'p3', name: 'Vin rouge', qty: -1, unitPrice: 1290, discount: 0, total: -1290, taxes: [{ taxId: 'vat-20', rate: 20, amount: -215 }], returnOf: { saleId: SALE.id, lineId: 'l3' }, restock: false },
    ],
    payments: [{ paymentId: 'pay2', method: 'cash', amount: -1290 }],
    total: -1290,
  },
  SALE,
);

const SETTINGS: ReceiptSettings = {
  columns: 42,
  site: SITE,
  tillName: 'Caisse 1',
  cashierName: 'Alice',
  customerName: 'Jean Dupont',
  customerTaxNumber: 'FR40303265045',
  timeZone: 'Europe/Paris',
  tenderLabels: { cash: 'Espèces' },
  taxLabels: { 'vat-5.5': 'TVA', 'vat-20': 'TVA' },
};

function textLines(receipt: Receipt): Extract<ReceiptLine, { kind: 'text' }>[] {
  return receipt.lines.filter((l): l is Extract<ReceiptLine, { kind: 'text' }> => l.kind === 'text');
}

/** Rows that break the paper: wider than `columns` by display cells, UTF-16 units or code points, or holding a line break. */
function overflowing(rows: readonly string[], columns: number): string[] {
  return rows.filter((text) => textWidth(text) > columns || text.length > columns || [...text].length > columns || /[\n\r\t\u2028\u2029]/.test(text));
}

describe('layoutReceipt', () => {
  it('lays out a sale on 42 columns', () => {
    const text = renderReceiptText(layoutReceipt(SALE, SETTINGS));
    expect(text).toBe(
      [
        '           Aisle Épicerie Fine',
        '            12 Rue de la Paix',
        '               75002 Paris',
        '         SIRET 123 456 789 00012',
        '------------------------------------------',
        'Receipt                          T1-000042',
        'Date                      2026-11-22 09:42',
        'Till                              Caisse 1',
        'Cashier                              Alice',
        'Customer                       Jean Dupont',
        'Tax no.                      FR40303265045',
        '------------------------------------------',
        'Crème brûlée €',
        '  2 x 4.50                            9.00',
        '  Discount                           -0.70',
        'Pommes Golden',
        '  0.745 x 2.99                        2.23',
        '  Lot: L2026-47',
        'Vin rouge                            12.90',
        '------------------------------------------',
        'Items                                    4',
        'Subtotal                             24.13',
        'Discounts                            -0.70',
        '  incl. order discount               -0.20',
        'TOTAL EUR                            23.43',
        '------------------------------------------',
        'Espèces                              23.43',
        '  Tendered                           50.00',
        '  Change                             26.57',
        '------------------------------------------',
        'Tax rate                         Net   Tax',
        'TVA 5.5%                        9.98  0.55',
        'TVA 20%                        10.75  2.15',
        '------------------------------------------',
        `No. 42                      Chain ${SALE.hash.slice(0, 8)}`,
        'AISLE:R:till-1:T1-000042:0193a5c2-7b1e-7c3',
        '           d-8a4f-1e2d3c4b5a69',
        '      Keep this receipt for returns',
        '           Merci et à bientôt !',
        '',
      ].join('\n'),
    );
  });

  it('shows the cash rounding under the total and what was paid', () => {
    const rounded = sealSale(
      { ...SALE, rounding: -3, payments: [{ paymentId: 'pay1', method: 'cash', amount: 2340, tendered: 5000, change: 2660 }] },
      { seq: 41, hash: 'ab'.repeat(32) },
    );
    for (const columns of WIDTHS) {
      const rows = renderReceiptText(layoutReceipt(rounded, { ...SETTINGS, columns })).split('\n');
      expect(overflowing(rows, columns)).toEqual([]);
      const total = rows.findIndex((r) => r.startsWith('TOTAL EUR'));
      expect(rows[total]).toMatch(/ 23\.43$/);
      expect(rows[total + 1]).toMatch(/^Rounding +-0\.03$/);
      expect(rows[total + 2]).toMatch(/^To pay EUR +23\.40$/);
      expect(rows).toContain(`Espèces${' '.repeat(columns - 'Espèces'.length - 5)}23.40`);
    }
    // No rounding, no lines for it.
    expect(renderReceiptText(layoutReceipt(SALE, SETTINGS))).not.toMatch(/Rounding|To pay/);
  });

  it('prints gift cards sold and spent by their last four characters with the balance left, and the points redeemed, earned and left', () => {
    // Line 1's discount 70 = 50 of points + 20 of order discount; a card of 25.00 sold; 10.00 paid from another card, the rest in cash.
    const lines = SALE.lines.map((l) => (l.lineId === 'l1' ? { ...l, loyaltyDiscount: 50 } : l));
    const withValue = sealSale(
      {
        ...SALE, lines,
        giftCardLoads: [{ loadId: 'load1', number: '6012345678901234', amount: 2500, balanceAfter: 2500 }],
        loyalty: { redeemedPoints: 100, redeemedAmount: 50, earnedPoints: 23, balanceAfter: 173 },
        payments: [
          { paymentId: 'pay0', method: 'gift_card', amount: 1000, card: 'ABCDEF9876', authorization: 'h1', balanceAfter: 1500 },
          { paymentId: 'pay1', method: 'cash', amount: 3843 },
        ],
      },
      { seq: 41, hash: 'ab'.repeat(32) },
    );
    for (const columns of WIDTHS) {
      const rows = renderReceiptText(layoutReceipt(withValue, { ...SETTINGS, columns, tenderLabels: { cash: 'Espèces', gift_card: 'Gift card' }, loyaltyName: 'Aisle Rewards' })).split('\n');
      expect(overflowing(rows, columns)).toEqual([]);
      expect(rows.some((r) => /^ +Points +-0\.50$/.test(r))).toBe(true);
      expect(rows.some((r) => /^ +Discount +-0\.20$/.test(r))).toBe(true);
      const total = rows.findIndex((r) => r.startsWith('TOTAL EUR'));
      expect(rows[total]).toMatch(/ 23\.43$/);
      expect(rows.slice(total + 1, total + 4).map((r) => r.replace(/ +/g, ' '))).toEqual(['Gift card ****1234 25.00', ' Balance 25.00', 'To pay EUR 48.43']);
      const card = rows.findIndex((r) => r.startsWith('Gift card ****9876'));
      expect(rows[card]).toMatch(/ 10\.00$/);
      expect(rows[card + 1]).toMatch(/^ +Balance +15\.00$/);
      const points = rows.indexOf('Aisle Rewards');
      expect(rows.slice(points + 1, points + 4).map((r) => r.replace(/ +/g, ' '))).toEqual(['Points redeemed 100 (-0.50)', 'Points earned 23', 'Points balance 173']);
      // Never the whole card number.
      expect(rows.join('\n')).not.toMatch(/6012345678901234|ABCDEF9876/);
    }
    expect(renderReceiptText(layoutReceipt(SALE, SETTINGS))).not.toMatch(/Gift card|Points|Balance/);
  });

  it('names each promotion under its line, keeps the cashier discount apart, and says what the customer saved', () => {
    // Line 1's discount 70 = a promotion of 45 + the cashier's 5 + 20 of order discount.
    const lines = SALE.lines.map((l) => (l.lineId === 'l1' ? { ...l, promotions: [{ promotionId: 'promo-1', amount: 45 }] } : l));
    const promoted = sealSale({ ...SALE, lines }, { seq: 41, hash: 'ab'.repeat(32) });
    for (const columns of WIDTHS) {
      const rows = renderReceiptText(layoutReceipt(promoted, { ...SETTINGS, columns, promotionNames: { 'promo-1': 'Desserts -10 %' } })).split('\n');
      expect(overflowing(rows, columns)).toEqual([]);
      expect(rows.some((r) => /^ +Desserts -10 % +-0\.45$/.test(r))).toBe(true);
      expect(rows.some((r) => /^ +Discount +-0\.25$/.test(r))).toBe(true);
      expect(rows.some((r) => r.trim() === 'You saved 0.45')).toBe(true);
    }
    // Without names, the promotion row says so; without promotions, nothing is said about savings.
    expect(renderReceiptText(layoutReceipt(promoted, SETTINGS))).toMatch(/Promotion +-0\.45/);
    expect(renderReceiptText(layoutReceipt(SALE, SETTINGS))).not.toMatch(/You saved|Promotion/);
  });

  it('prints the total bold and double height, and ends with a cut', () => {
    const receipt = layoutReceipt(SALE, SETTINGS);
    const total = textLines(receipt).find((l) => l.text.startsWith('TOTAL'));
    expect(total).toMatchObject({ bold: true, doubleHeight: true });
    expect(receipt.lines.at(-1)).toEqual({ kind: 'cut' });
    expect(receipt.lines.find((l) => l.kind === 'qr')).toEqual({ kind: 'qr', data: `AISLE:R:till-1:T1-000042:${SALE.id}` });
  });

  it('titles a return REFUND and points at the original receipt', () => {
    const receipt = layoutReceipt(RETURN, { ...SETTINGS, columns: 32, originalReceiptNo: 'T1-000042' });
    const lines = textLines(receipt);
    expect(lines.find((l) => l.text === 'REFUND')).toMatchObject({ align: 'center', bold: true, doubleHeight: true });
    const text = renderReceiptText(receipt);
    expect(text).toContain('Original receipt       T1-000042');
    // The receipt number says it; the original's id is printed only when the number is unknown.
    expect(text).not.toContain('Original sale');
    expect(text).not.toContain(`${SALE.id.slice(0, 8)}-`);
    const withoutNumber = renderReceiptText(layoutReceipt(RETURN, { ...SETTINGS, columns: 32 }));
    expect(withoutNumber).toContain('Original sale\n  0193a5c2-7b1e-7c3d-8a4f-1e2d3c\n  4b5a69');
    expect(text).toContain('  -1 x 12.90              -12.90');
    expect(text).toContain('  Not restocked');
    expect(text).toContain('TOTAL EUR                 -12.90');
    expect(text).not.toContain('Keep this receipt');
  });

  it('shows tax added on top of a tax-exclusive price, keeping the amounts adding up', () => {
    const { seq: _seq, prevHash: _prevHash, hash: _hash, ...unsigned } = SALE;
    const b2b = sealSale(
      {
        ...unsigned,
        orderDiscount: undefined,
        lines: [{ lineId: 'x1', productId: 'p9', name: 'Pallet', qty: 3, unitPrice: 1000, discount: 300, total: 3240, taxes: [{ taxId: 'vat-20', rate: 20, amount: 540 }] }],
        payments: [{ paymentId: 'p', method: 'card', amount: 3240, reference: 'AUTH42' }],
        total: 3240,
      },
      null,
    );
    const text = renderReceiptText(layoutReceipt(b2b, { ...SETTINGS, columns: 32 }));
    expect(text).toContain(['Pallet', '  3 x 10.00                30.00', '  Discount                 -3.00', '  Tax added                 5.40'].join('\n'));
    expect(text).toContain(['Items                          3', 'Subtotal                   30.00', 'Discounts                  -3.00', 'Tax added                   5.40', 'TOTAL EUR                  32.40'].join('\n'));
    expect(text).toContain(['Card                       32.40', '  Ref: AUTH42'].join('\n'));
    expect(text).toContain('TVA 20%              27.00  5.40');
  });

  it('prints the date in store time, names the customer never by id, and says each tax rate once', () => {
    const night = { ...SALE, createdAt: '2026-12-02T23:30:00.000Z' };
    const noName = renderReceiptText(layoutReceipt(night, { ...SETTINGS, customerName: undefined, customerTaxNumber: undefined, taxLabels: { 'vat-5.5': 'VAT 5.5%', 'vat-20': 'VAT 20 %' } }));
    expect(noName).toContain('Date                      2026-12-03 00:30');
    expect(noName).not.toContain('cust-7');
    expect(noName).not.toContain('Customer');
    expect(noName).toContain('\nVAT 5.5%  ');
    expect(noName).toContain('\nVAT 20 %  ');
    expect(noName).not.toMatch(/5\.5% 5\.5%|20 % 20%/);
  });

  it('says COPY on a reprint and formats money for the locale', () => {
    const text = renderReceiptText(layoutReceipt(SALE, { ...SETTINGS, reprint: true, locale: 'fr-FR' }));
    expect(text).toContain('*** COPY ***');
    expect(text).toContain('TOTAL EUR                            23,43');
  });

  it('fits the largest amount a sale can hold on the narrowest paper', () => {
    const max = Number.MAX_SAFE_INTEGER;
    const { seq: _seq, prevHash: _prevHash, hash: _hash, ...unsigned } = SALE;
    const huge = sealSale(
      {
        ...unsigned,
        orderDiscount: undefined,
        lines: [{ lineId: 'h', productId: 'p', name: 'Diamant', qty: 1, unitPrice: max, discount: 0, total: max, taxes: [{ taxId: 'vat-20', rate: 20, amount: Math.floor(max / 6) }] }],
        payments: [{ paymentId: 'p', method: 'cash', amount: max, tendered: max, change: 0 }],
        total: max,
      },
      null,
    );
    const receipt = layoutReceipt(huge, { ...SETTINGS, columns: 32, locale: 'fr' });
    expect(overflowing(renderReceiptText(receipt).split('\n'), 32)).toEqual([]);
    expect(renderReceiptText(receipt)).toContain('90 071 992 547 409,91');
  });

  it('lists what a customer collected from an order paid online, with no amounts, and names the order on a charged hand-over', () => {
    const pickup = { orderId: 'order-1', orderRef: 'SHOP-1001', lines: [{ orderLineId: 'ol1', productId: 'p3', name: 'Vin rouge', qty: 2 }] };
    const online = sealSale({ ...SALE, id: 'pickup-online', lines: [], payments: [], total: 0, orderDiscount: undefined, pickup }, { seq: 42, hash: SALE.hash });
    for (const columns of WIDTHS) {
      const text = renderReceiptText(layoutReceipt(online, { ...SETTINGS, columns }));
      expect(text).toMatch(/Order collected\s+SHOP-1001/);
      expect(text).toContain('2 × Vin rouge');
      expect(text).toContain('Paid online');
      expect(text).not.toMatch(/TOTAL|Subtotal|Items/);
      expect(text).toContain('Keep this receipt for returns');
    }
    const charged = sealSale({ ...SALE, id: 'pickup-charged', pickup }, { seq: 42, hash: SALE.hash });
    const text = renderReceiptText(layoutReceipt(charged, SETTINGS));
    expect(text).toMatch(/Order collected\s+SHOP-1001/);
    expect(text).toMatch(/TOTAL EUR\s+23\.43/);
    expect(text).not.toContain('Paid online');
  });

  it('shows a collected order line’s share of the order’s promotions as what the customer saved', () => {
    // 2 of 3 units of a buy-2-get-1 order line (3 × 5.00 − 5.00): 2 × 5.00 − 3.33 = 6.67.
    const pickup = { orderId: 'order-2', orderRef: 'SHOP-1002', lines: [{ orderLineId: 'ol2', productId: 'p4', name: 'Biscuits', qty: 2 }] };
    const line = { lineId: 'l9', productId: 'p4', name: 'Biscuits', qty: 2, unitPrice: 500, discount: 333, total: 667, taxes: [{ taxId: 'vat-5.5', rate: 5.5, amount: 35 }], orderLineId: 'ol2' };
    const collected = sealSale({ ...SALE, id: 'pickup-promoted', orderDiscount: undefined, lines: [line], payments: [{ paymentId: 'pay9', method: 'card', amount: 667 }], total: 667, pickup }, { seq: 42, hash: SALE.hash });
    for (const columns of WIDTHS) {
      const rows = renderReceiptText(layoutReceipt(collected, { ...SETTINGS, columns })).split('\n');
      expect(overflowing(rows, columns)).toEqual([]);
      expect(rows.some((r) => /^ +Order promotions +-3\.33$/.test(r))).toBe(true);
      expect(rows.some((r) => /^ +Discount +/.test(r))).toBe(false);
      expect(rows.some((r) => r.trim() === 'You saved 3.33')).toBe(true);
      expect(rows.some((r) => /TOTAL EUR +6\.67/.test(r))).toBe(true);
    }
  });

  it('refuses a paper width it does not know', () => {
    expect(() => layoutReceipt(SALE, { ...SETTINGS, columns: 40 as ReceiptColumns })).toThrow(ReceiptLayoutError);
  });

  const settingsArb = (columns: ReceiptColumns): fc.Arbitrary<ReceiptSettings> =>
    fc.record(
      {
        columns: fc.constant(columns),
        site: fc.record(
          {
            name: productNameArb(),
            address: productNameArb(),
            receiptHeader: fc.array(productNameArb(), { maxLength: 3 }),
            receiptFooter: fc.array(productNameArb(), { maxLength: 3 }),
          },
          { requiredKeys: ['name'] },
        ),
        tillName: productNameArb(80),
        cashierName: productNameArb(80),
        customerName: productNameArb(80),
        originalReceiptNo: fc.string({ maxLength: 60 }),
        tenderLabels: fc.dictionary(fc.constantFrom('cash', 'card'), productNameArb(60)),
        taxLabels: fc.dictionary(fc.constantFrom('vat-5.5', 'vat-20', 'vat-7'), productNameArb(60)),
        locale: fc.constantFrom('de-DE', 'fr', 'en-US', 'de-CH'),
        reprint: fc.boolean(),
        utcOffsetMinutes: fc.integer({ min: -720, max: 840 }),
      },
      { requiredKeys: ['columns', 'site'] },
    );

  for (const columns of WIDTHS) {
    it(`never prints a line wider than ${columns} columns, whatever the sale and the store say`, () => {
      fc.assert(
        fc.property(saleArb({ maxLines: 8 }), settingsArb(columns), (sale, settings) => {
          const receipt = layoutReceipt(sale, settings);
          expect(receipt.columns).toBe(columns);
          expect(overflowing(textLines(receipt).map((l) => l.text), columns)).toEqual([]);
          expect(overflowing(renderReceiptText(receipt).split('\n'), columns)).toEqual([]);
          expect(receipt.lines.at(-1)).toEqual({ kind: 'cut' });
          expect(layoutReceipt(sale, settings)).toEqual(receipt);
        }),
        { numRuns: 500 },
      );
    });
  }

  it('always carries the total, the return code and the short chain hash', () => {
    fc.assert(
      fc.property(saleArb({ maxLines: 6 }), fc.constantFrom(...WIDTHS), (sale, columns) => {
        const receipt = layoutReceipt(sale, { columns, site: { name: 'Aisle' } });
        const lines = textLines(receipt);
        const total = lines.find((l) => l.doubleHeight && l.text.startsWith('TOTAL'));
        expect(total?.text.trimEnd().split(' ').at(-1)).toMatch(/^-?\d+(\.\d+)?$/);
        const qr = receipt.lines.find((l) => l.kind === 'qr');
        expect(qr?.kind === 'qr' ? parseReceiptCode(qr.data) : null).toEqual({ tillId: sale.tillId, receiptNo: sale.receiptNo, saleId: sale.id });
        expect(lines.some((l) => l.text.endsWith(sale.hash.slice(0, 8)))).toBe(true);
        expect(lines.some((l) => l.text === 'REFUND')).toBe(sale.kind === 'return');
      }),
      { numRuns: 500 },
    );
  });
});
