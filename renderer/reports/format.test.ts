import { describe, expect, it } from 'vitest';
import { formatCountTick, formatMajorTick } from './format.ts';

describe('chart axis ticks', () => {
  it('write money axes with the currency and grouping, without empty minor digits', () => {
    expect(formatMajorTick(800000, 'EUR')).toBe('€800,000');
    expect(formatMajorTick(0, 'EUR')).toBe('€0');
    expect(formatMajorTick(12.5, 'EUR')).toBe('€12.50');
    expect(formatMajorTick(1500, 'JPY')).toBe('¥1,500');
    expect(formatMajorTick(-200, 'EUR')).toBe('-€200');
  });

  it('group count axes', () => {
    expect(formatCountTick(12000)).toBe('12,000');
    expect(formatCountTick(75)).toBe('75');
  });
});
