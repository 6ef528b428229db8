import { describe, expect, it } from 'vitest';
import { linePromotionLabels } from './line-promotions.ts';

const money = (n: number) => (n / 100).toFixed(2);
const names = new Map([['p1', 'Three for two'], ['p2', 'Welcome coupon'], ['p3', 'Snacks 10 %']]);

describe('line promotion labels', () => {
  it('names up to three promotions with what each took off', () => {
    const labels = linePromotionLabels([{ promotionId: 'p1', amount: 136 }, { promotionId: 'p2', amount: 100 }, { promotionId: 'p3', amount: 5 }], (id) => names.get(id), money);
    expect(labels.map((l) => [l.label, l.text])).toEqual([
      ['Promotion', ' Three for two −1.36'], ['Promotion', ' Welcome coupon −1.00'], ['Promotion', ' Snacks 10 % −0.05'],
    ]);
  });

  it('past three, names two and counts the rest with their sum', () => {
    const applied = Array.from({ length: 57 }, (_, i) => ({ promotionId: `p${i + 1}`, amount: 10 }));
    const labels = linePromotionLabels(applied, (id) => names.get(id), money);
    expect(labels.map((l) => [l.label, l.text])).toEqual([
      ['Promotion', ' Three for two −0.10'], ['Promotion', ' Welcome coupon −0.10'], ['More promotions', ' and 55 more promotions −5.50'],
    ]);
  });

  it('shows nothing without promotions, and a promotion the till no longer knows as "Promotion"', () => {
    expect(linePromotionLabels([], () => undefined, money)).toEqual([]);
    expect(linePromotionLabels([{ promotionId: 'gone', amount: 20 }], () => undefined, money).map((l) => l.text)).toEqual([' Promotion −0.20']);
  });
});
