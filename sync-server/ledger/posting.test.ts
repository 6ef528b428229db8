import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { simulateTill, type SimProduct, type TillStep } from '../../tests/support/pos-events.ts';
import { amountDue, saleCashRounding } from '../../shared/money/index.ts';
import type { Sale } from '../../shared/schemas/index.ts';
import { defaultAccountMap } from './accounts.ts';
import { totals, type JournalLine } from './journal.ts';
import { postSale } from './sale-posting.ts';
import { adjustClosedSession, closeTenders, postCashMovement, postSessionClose } from './session-posting.ts';

const catalog: SimProduct[] = [
  { id: 'p1', price: 1999, priceIncludesTax: true, taxes: [{ taxId: 'vat20', rate: 20 }] },
  { id: 'p2', price: 349, priceIncludesTax: true, taxes: [{ taxId: 'vat5', rate: 5.5 }] },
  { id: 'p3', price: 10000, priceIncludesTax: false, taxes: [{ taxId: 'vat20', rate: 20 }] },
  { id: 'p4', price: 1, priceIncludesTax: true, taxes: [] },
];
const costs = new Map([['p1', 1000], ['p2', 120], ['p3', 7000], ['p4', 0]]);
const ctx = { accounts: defaultAccountMap, isCashTender: (m: string) => m === 'cash', costOf: (id: string) => costs.get(id) };

const stepArb: fc.Arbitrary<TillStep> = fc.oneof(
  fc.record({
    kind: fc.constant('sale' as const),
    lines: fc.array(fc.record({ product: fc.nat(3), qty: fc.integer({ min: 1, max: 20 }), discount: fc.integer({ min: 0, max: 500 }) }), { minLength: 1, maxLength: 5 }),
    orderDiscount: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 300 })),
    tender: fc.constantFrom('cash' as const, 'card' as const, 'split' as const),
  }),
  fc.record({ kind: fc.constant('return' as const), of: fc.nat(20), fraction: fc.double({ min: 0.1, max: 1, noNaN: true }), restock: fc.boolean() }),
  fc.record({ kind: fc.constantFrom('cash_in' as const, 'cash_out' as const), amount: fc.integer({ min: 1, max: 5000 }) }),
);

function balanceOf(lines: readonly JournalLine[], account: string): number {
  return lines.filter((l) => l.account === account).reduce((a, l) => a + l.debit - l.credit, 0) + 0;
}

function mirrored(lines: readonly JournalLine[]): JournalLine[] {
  return lines.map((l) => ({ ...l, debit: l.credit, credit: l.debit }));
}

describe('sale posting', () => {
  it('balances every generated sale and return, with revenue + tax equal to the lines', () => {
    fc.assert(
      fc.property(fc.array(stepArb, { minLength: 1, maxLength: 15 }), (steps) => {
        const events = simulateTill({ tillId: 't1', siteId: 's1', cashierId: 'c1', float: 10000, steps, cashDifference: 0 }, catalog);
        for (const e of events) {
          if (e.collection !== 'sales') continue;
          const lines = postSale(e.doc, ctx);
          const t = totals(lines);
          expect(t.debit).toBe(t.credit);
          const revenueAndTax = -(balanceOf(lines, '4000') + balanceOf(lines, '2200')) + 0;
          expect(revenueAndTax).toBe(e.doc.total);
          expect(balanceOf(lines, '6900')).toBe(0);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('books cash rounding to its account and stays balanced, whatever the step and the split', () => {
    const isCash = (m: string): boolean => m === 'cash';
    fc.assert(
      fc.property(fc.array(stepArb, { minLength: 1, maxLength: 10 }), fc.constantFrom(5, 10, 100), (steps, step) => {
        const events = simulateTill({ tillId: 't1', siteId: 's1', cashierId: 'c1', float: 0, steps, cashDifference: 0 }, catalog);
        for (const e of events) {
          if (e.collection !== 'sales') continue;
          // Round the cash payment the way the till does: the cash part, after the other tenders.
          const others = e.doc.payments.filter((p) => !isCash(p.method));
          const cashPayment = e.doc.payments.find((p) => isCash(p.method));
          const payments = cashPayment ? [...others, { ...cashPayment, amount: amountDue(e.doc.total, others, isCash, step).cashDue }] : others;
          const rounding = saleCashRounding(e.doc.total, payments, isCash, step);
          const lines = postSale({ ...e.doc, payments, rounding }, ctx);
          const t = totals(lines);
          expect(t.debit).toBe(t.credit);
          expect(balanceOf(lines, '6550')).toBe(0 - rounding);
          expect(balanceOf(lines, '6900')).toBe(0);
          expect(Math.abs(balanceOf(lines, '1010')) % step).toBe(0);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('posts a full restocked return as the exact mirror of its sale', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ product: fc.nat(3), qty: fc.integer({ min: 1, max: 9 }), discount: fc.constant(0) }), { minLength: 1, maxLength: 4 }), (lines) => {
        const events = simulateTill(
          { tillId: 't1', siteId: 's1', cashierId: 'c1', float: 0, cashDifference: 0, steps: [{ kind: 'sale', lines, orderDiscount: 0, tender: 'cash' }, { kind: 'return', of: 0, fraction: 1, restock: true }] },
          catalog,
        );
        const [sale, ret] = events.filter((e) => e.collection === 'sales').map((e) => e.doc as Sale);
        if (!sale || !ret) return;
        const key = (l: JournalLine): string => `${l.account}|${l.taxId ?? ''}|${l.debit}|${l.credit}`;
        const saleLines = postSale(sale, ctx).map(key).sort();
        const returnLines = mirrored(postSale(ret, ctx)).map(key).sort();
        // A return merges equal lines differently only when two sale lines share a product; compare sums per account.
        const sumBy = (keys: string[]): Record<string, number> => {
          const out: Record<string, number> = {};
          for (const k of keys) {
            const [account, , debit, credit] = k.split('|');
            out[account as string] = (out[account as string] ?? 0) + Number(debit) - Number(credit);
          }
          return out;
        };
        expect(sumBy(returnLines)).toEqual(sumBy(saleLines));
      }),
      { numRuns: 300 },
    );
  });

  it('keeps the cost of a return that is not restocked in COGS', () => {
    const events = simulateTill(
      { tillId: 't1', siteId: 's1', cashierId: 'c1', float: 0, cashDifference: 0, steps: [{ kind: 'sale', lines: [{ product: 0, qty: 2, discount: 0 }], orderDiscount: 0, tender: 'card' }, { kind: 'return', of: 0, fraction: 1, restock: false }] },
      catalog,
    );
    const ret = events.filter((e) => e.collection === 'sales').map((e) => e.doc as Sale)[1] as Sale;
    const lines = postSale(ret, ctx);
    expect(balanceOf(lines, '5000')).toBe(0);
    expect(balanceOf(lines, '1300')).toBe(0);
    expect(balanceOf(lines, '4000') + balanceOf(lines, '2200')).toBe(3998);
  });

  it('sends payments that do not match the lines to suspense and still balances', () => {
    const events = simulateTill(
      { tillId: 't1', siteId: 's1', cashierId: 'c1', float: 0, cashDifference: 0, steps: [{ kind: 'sale', lines: [{ product: 0, qty: 1, discount: 0 }], orderDiscount: 0, tender: 'card' }] },
      catalog,
    );
    const sale = events.find((e) => e.collection === 'sales')?.doc as Sale;
    const tampered: Sale = { ...sale, payments: [{ paymentId: 'x', method: 'card', amount: sale.total - 100 }] };
    const lines = postSale(tampered, ctx);
    expect(totals(lines).debit).toBe(totals(lines).credit);
    expect(balanceOf(lines, '6900')).toBe(100);
  });
});

describe('session posting', () => {
  it('leaves the drawer at zero after close and books the difference, for any counts', () => {
    fc.assert(
      fc.property(fc.nat(100000), fc.array(fc.integer({ min: -5000, max: 5000 }), { maxLength: 10 }), fc.integer({ min: -2000, max: 2000 }), (float, moves, difference) => {
        const journal: JournalLine[] = [...postCashMovement('open', float, 't1', ctx)];
        let expected = float;
        for (const m of moves) {
          journal.push(...postCashMovement(m >= 0 ? 'cash_in' : 'cash_out', Math.abs(m), 't1', ctx));
          expected += m;
        }
        journal.push(...postSessionClose(closeTenders([{ method: 'cash', amount: expected }], [{ method: 'cash', amount: expected + difference }]), 't1', ctx));
        expect(balanceOf(journal, '1010')).toBe(0);
        expect(balanceOf(journal, '6500')).toBe(-difference + 0);
        expect(totals(journal).debit).toBe(totals(journal).credit);
      }),
      { numRuns: 1000 },
    );
  });

  it('gives the same balances when a cash sale arrives after the close as before it', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100000 }), fc.integer({ min: 0, max: 10000 }), (late, counted) => {
        const sale: JournalLine[] = [{ account: '1010', debit: late, credit: 0 }, { account: '4000', debit: 0, credit: late }];
        const inOrder = [...sale, ...postSessionClose(closeTenders([{ method: 'cash', amount: late }], [{ method: 'cash', amount: counted }]), 't1', ctx)];
        const closeFirst = [
          ...postSessionClose(closeTenders([{ method: 'cash', amount: 0 }], [{ method: 'cash', amount: counted }]), 't1', ctx),
          ...sale,
          ...adjustClosedSession('cash', late, 't1', ctx),
        ];
        for (const account of ['1010', '1050', '4000', '6500']) expect(balanceOf(closeFirst, account)).toBe(balanceOf(inOrder, account));
      }),
      { numRuns: 1000 },
    );
  });
});

describe('journal line merging', () => {
  it('posts one revenue and one tax line per tax rate however many sale lines share it', () => {
    const events = simulateTill(
      { tillId: 't1', siteId: 's1', cashierId: 'c1', float: 0, cashDifference: 0, steps: [{ kind: 'sale', lines: [0, 0, 0, 0, 0].map(() => ({ product: 0, qty: 1, discount: 0 })), orderDiscount: 0, tender: 'card' }] },
      catalog,
    );
    const sale = events.find((e) => e.collection === 'sales')?.doc as Sale;
    const lines = postSale(sale, ctx);
    expect(lines.filter((l) => l.account === '4000')).toHaveLength(1);
    expect(lines.filter((l) => l.account === '2200')).toHaveLength(1);
    expect(-(balanceOf(lines, '4000') + balanceOf(lines, '2200'))).toBe(sale.total);
  });
});
