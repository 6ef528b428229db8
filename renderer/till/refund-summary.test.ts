import { describe, expect, it } from 'vitest';
import { formatMoneyWithSymbol } from '../../shared/money/format.ts';
import type { Sale, TenderConfig } from '../../shared/schemas/index.ts';
import { refundLines } from './refund-summary.ts';

const tenders: TenderConfig[] = [
  { method: 'cash', label: 'Cash', isCash: true },
  { method: 'card', label: 'Card', isCash: false },
];
const money = (m: number) => formatMoneyWithSymbol(m, 'EUR');
const base: Sale = {
  id: 'r1', kind: 'return', tillId: 't', siteId: 'x', sessionId: 'ss', cashierId: 'c', seq: 2, receiptNo: 'R-2',
  createdAt: '2026-01-01T00:00:00Z', currency: 'EUR', prevHash: '0'.repeat(64), hash: '1'.repeat(64), total: -374,
  lines: [], payments: [{ paymentId: 'p', method: 'cash', amount: -374 }],
};

describe('what the Refunded screen tells the cashier to hand back', () => {
  it('says the cash to count out, as a positive amount with the currency', () => {
    expect(refundLines(base, tenders, money)).toEqual(['Refund €3.74 in cash']);
  });

  it('names a non-cash tender as the till lists it', () => {
    expect(refundLines({ ...base, payments: [{ paymentId: 'p', method: 'card', amount: -1200 }] }, tenders, money)).toEqual(['Refund €12.00 by Card']);
  });

  it('names a tender the till does not list (a gift card, store credit) in words, not by its code', () => {
    expect(refundLines({ ...base, payments: [{ paymentId: 'p', method: 'store_credit', amount: -500 }] }, tenders, money)).toEqual(['Refund €5.00 by Store credit']);
  });

  it('says nothing for a sale (its change is shown instead)', () => {
    expect(refundLines({ ...base, kind: 'sale', total: 374, payments: [{ paymentId: 'p', method: 'cash', amount: 374 }] }, tenders, money)).toEqual([]);
  });
});
