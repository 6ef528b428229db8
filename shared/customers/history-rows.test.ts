import { describe, expect, it } from 'vitest';
import type { CustomerHistory } from '../admin-api/customers.ts';
import { historyRows } from './history-rows.ts';

const history: CustomerHistory = {
  customer: { id: 'c1', name: 'Ada Lovelace', email: null, phone: null, taxNumber: null, business: false, groupId: null, createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z' },
  entries: [
    { kind: 'return', id: 'r1', reference: 'ABC123-000002', channel: 'store', channelName: 'Demo Store', site: 'STORE1', state: 'applied', total: -450, currency: 'EUR', at: '2026-12-03T23:30:00.000Z' },
    { kind: 'sale', id: 's1', reference: 'ABC123-000001', channel: 'store', channelName: 'Demo Store', site: 'STORE1', state: 'applied', total: 900, currency: 'EUR', at: '2026-12-02T10:00:00.000Z' },
    { kind: 'order', id: 'o1', reference: 'WEB-1', channel: 'web', channelName: 'Web shop', site: null, state: 'done', total: 1200, currency: 'GBP', at: '2026-11-30T08:05:00.000Z' },
  ],
};

describe('customer history at the till', () => {
  it('shows each entry in store time, with the channel’s name, the money with its currency and the state in words, in the server’s order', () => {
    expect(historyRows(history, 'Europe/Paris')).toEqual([
      { key: 'return:r1', date: '2026-12-04 00:30', what: 'Return', channel: 'Demo Store', reference: 'ABC123-000002', total: '-€4.50', state: 'Refunded' },
      { key: 'sale:s1', date: '2026-12-02 11:00', what: 'Sale', channel: 'Demo Store', reference: 'ABC123-000001', total: '€9.00', state: 'Paid' },
      { key: 'order:o1', date: '2026-11-30 09:05', what: 'Order', channel: 'Web shop', reference: 'WEB-1', total: '£12.00', state: 'Completed' },
    ]);
  });

  it('says how much of a till sale came back: Partly returned, Returned, else Paid', () => {
    const sale = history.entries[1];
    if (!sale) throw new Error('fixture has no sale');
    const states = ['partly_returned', 'returned', 'applied'].map((state) => historyRows({ ...history, entries: [{ ...sale, state }] }, 'Europe/Paris')[0]?.state);
    expect(states).toEqual(['Partly returned', 'Returned', 'Paid']);
  });
});
