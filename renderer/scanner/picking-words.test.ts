import { describe, expect, it } from 'vitest';
import { pickingKindText } from './picking-words.ts';

describe('a picking\'s kind in words', () => {
  it('names the steps of a delivery route as the tasks they are, and other kinds by their kind', () => {
    expect(['pick', 'pack', 'ship'].map((step) => pickingKindText({ kind: 'delivery', step }))).toEqual(['Pick', 'Pack', 'Delivery']);
    expect(pickingKindText({ kind: 'receipt', step: 'receive' })).toBe('Receipt');
    expect(pickingKindText({ kind: 'transfer', step: 'transfer' })).toBe('Transfer');
    expect(pickingKindText({ kind: 'count', step: 'count' })).toBe('Count');
    // A step this station does not know yet still reads as its kind.
    expect(pickingKindText({ kind: 'delivery', step: 'load' })).toBe('Delivery');
  });
});
