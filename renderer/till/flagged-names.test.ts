import { describe, expect, it } from 'vitest';
import type { Ack } from '../../shared/schemas/index.ts';
import { describeFlagged, nameIds } from './flagged-names.ts';

const PRODUCT = '3f2b8c1e-5a4d-4e6f-9a7b-1c2d3e4f5a6b';
const SALE = '0193a5c2-7b1e-7c3d-8a4f-1e2d3c4b5a69';

describe('flagged events in names', () => {
  it('names the product and the receipt instead of their ids', () => {
    const ack: Ack = {
      id: SALE, eventCollection: 'sales', status: 'exception', deviceId: 'd', at: '2026-12-02T10:00:00Z',
      problems: [{ code: 'negative_stock', severity: 'warning', message: `receipt T1-000042: ${PRODUCT} is now at -1 in the store — stock was short` }],
    };
    const text = describeFlagged(ack, (id) => (id === SALE ? 'T1-000042' : undefined), (id) => (id === PRODUCT ? 'Fresh Tea #12' : undefined));
    expect(text.title).toBe('Sale receipt T1-000042');
    expect(text.detail).toBe('receipt T1-000042: "Fresh Tea #12" is now at -1 in the store — stock was short');
    expect(text.detail).not.toContain(PRODUCT);
  });

  it('names a till session event in words, not by its collection', () => {
    const ack: Ack = {
      id: SALE, eventCollection: 'sessions', status: 'exception', deviceId: 'd', at: '2026-12-02T10:00:00Z',
      problems: [{ code: 'cash_difference', severity: 'warning', message: 'the drawer was 2.00 short' }],
    };
    expect(describeFlagged(ack, () => undefined, () => undefined).title).toBe(`Till session ${SALE.slice(-8)}`);
  });

  it('keeps ids it cannot name', () => {
    expect(nameIds(`original sale ${SALE} is missing`, () => undefined)).toBe(`original sale ${SALE} is missing`);
  });
});
