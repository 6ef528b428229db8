// What the pager of a server-paged list says and whether Next leads anywhere: an exact count, and a
// count the server stopped at (the channel orders count up to 1,000), where only the server's
// `hasMore` knows whether another page follows.
import { describe, expect, it } from 'vitest';
import { type PagerCount, pagerHasNext, pagerText } from './pager.tsx';

const orders = (count: Partial<PagerCount>): PagerCount => ({ total: null, offset: 0, pageSize: 50, noun: ['order', 'orders'], ...count });

describe('pager', () => {
  it('says how many match and which are shown', () => {
    expect(pagerText(orders({ total: 1204, offset: 1000 }))).toBe('1,204 orders, 1,001–1,050');
    expect(pagerText(orders({ total: 1204, offset: 1200 }))).toBe('1,204 orders, 1,201–1,204');
    expect(pagerText(orders({ total: 1 }))).toBe('1 order, 1–1');
    expect(pagerText(orders({ total: 0 }))).toBe('0 orders');
    expect(pagerText(orders({ total: null }))).toBe('Loading…');
  });

  it('says "1,000+" when the server stopped counting, with the rows of the page shown', () => {
    expect(pagerText(orders({ total: 1000, totalExact: false, rows: 50 }))).toBe('1,000+ orders, 1–50');
    expect(pagerText(orders({ total: 1000, totalExact: false, rows: 50, offset: 1500 }))).toBe('1,000+ orders, 1,501–1,550');
    // The last page of a capped count is as long as what came.
    expect(pagerText(orders({ total: 1000, totalExact: false, rows: 7, offset: 1050 }))).toBe('1,000+ orders, 1,051–1,057');
  });

  it('pages on by the server\'s hasMore when it gives one, past a capped count too', () => {
    expect(pagerHasNext(orders({ total: 1000, totalExact: false, hasMore: true, offset: 950 }))).toBe(true);
    expect(pagerHasNext(orders({ total: 1000, totalExact: false, hasMore: true, offset: 2000 }))).toBe(true);
    expect(pagerHasNext(orders({ total: 1000, totalExact: false, hasMore: false, offset: 2000 }))).toBe(false);
    // Without it, the exact total decides.
    expect(pagerHasNext(orders({ total: 120, offset: 50 }))).toBe(true);
    expect(pagerHasNext(orders({ total: 120, offset: 100 }))).toBe(false);
    expect(pagerHasNext(orders({ total: null }))).toBe(false);
  });
});
