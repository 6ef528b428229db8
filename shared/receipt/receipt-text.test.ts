import { describe, expect, it } from 'vitest';
import { formatReceiptDate } from './receipt-date.ts';
import { formatQuantity } from './receipt-items.ts';
import { renderReceiptText } from './receipt-text.ts';

describe('renderReceiptText', () => {
  it('draws each kind of receipt line as text rows of the paper width', () => {
    const text = renderReceiptText({
      columns: 32,
      lines: [
        { kind: 'text', text: 'Shop', align: 'center', bold: true },
        { kind: 'text', text: 'right', align: 'right' },
        { kind: 'text', text: 'left   ' },
        { kind: 'rule', char: '=' },
        { kind: 'blank' },
        { kind: 'qr', data: 'AISLE:R:till-1:T1-000001:0193a5c2-7b1e-7c3d-8a4f-1e2d3c4b5a69' },
        { kind: 'barcode', data: 'T1-000001' },
        { kind: 'cut' },
      ],
    });
    expect(text.split('\n')).toEqual([
      '              Shop',
      '                           right',
      'left',
      '='.repeat(32),
      '',
      'AISLE:R:till-1:T1-000001:0193a5c',
      ' 2-7b1e-7c3d-8a4f-1e2d3c4b5a69',
      '           T1-000001',
    ]);
  });

  it('wraps a text line that was built too wide rather than overflowing', () => {
    const rows = renderReceiptText({ columns: 32, lines: [{ kind: 'text', text: 'x'.repeat(40) }] }).split('\n');
    expect(rows).toEqual(['x'.repeat(32), 'x'.repeat(8)]);
  });
});

describe('formatQuantity', () => {
  it('prints whole quantities plainly and weighed ones with 3 decimals', () => {
    expect(formatQuantity(2)).toBe('2');
    expect(formatQuantity(-1)).toBe('-1');
    expect(formatQuantity(0.745)).toBe('0.745');
    expect(formatQuantity(1.5)).toBe('1.500');
    expect(formatQuantity(-0.0005)).toBe('-0.001');
    expect(formatQuantity(12.3456)).toBe('12.346');
  });
});

describe('formatReceiptDate', () => {
  it('prints the wall clock written in the timestamp, or shifts to a given offset', () => {
    expect(formatReceiptDate('2026-11-22T08:42:49.123Z')).toBe('2026-11-22 08:42');
    expect(formatReceiptDate('2026-11-22T08:42:49+01:00')).toBe('2026-11-22 08:42');
    expect(formatReceiptDate('2026-11-22T23:42:49.000Z', 60)).toBe('2026-11-23 00:42');
    expect(formatReceiptDate('2026-01-01T00:10:00.000Z', -120)).toBe('2025-12-31 22:10');
    expect(formatReceiptDate('yesterday')).toBe('yesterday');
  });
});
