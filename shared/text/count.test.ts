import { describe, expect, it } from 'vitest';
import { counted } from './count.ts';

describe('counted', () => {
  it('writes one noun in the singular and every other count in the plural, grouped', () => {
    expect(counted(1, 'unit')).toBe('1 unit');
    expect(counted(0, 'unit')).toBe('0 units');
    expect(counted(2, 'unit')).toBe('2 units');
    expect(counted(1200, 'order')).toBe('1,200 orders');
    expect(counted(1.5, 'unit')).toBe('1.5 units');
  });

  it('takes an irregular plural', () => {
    expect(counted(1, 'delivery', 'deliveries')).toBe('1 delivery');
    expect(counted(3, 'delivery', 'deliveries')).toBe('3 deliveries');
  });
});
