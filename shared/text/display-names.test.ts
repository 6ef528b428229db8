import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { codeAsWords, deviceRoleLabel, inSentence, journalKindLabel, pickingStepLabel, tenderLabel } from './display-names.ts';

describe('display names of codes', () => {
  it('names tenders as the till does', () => {
    expect(tenderLabel('cash')).toBe('Cash');
    expect(tenderLabel('card')).toBe('Card');
    expect(tenderLabel('gift_card')).toBe('Gift card');
    expect(tenderLabel('store_credit')).toBe('Store credit');
    expect(tenderLabel('bank_transfer')).toBe('Bank transfer');
  });

  it('names device roles as the back office does', () => {
    expect(deviceRoleLabel('till')).toBe('Till');
    expect(deviceRoleLabel('scanner')).toBe('Scanner station');
  });

  it('writes journal kinds in words', () => {
    expect(journalKindLabel('session_open')).toBe('Session opened');
    expect(journalKindLabel('late_adjustment')).toBe('Late sale adjustment');
    expect(journalKindLabel('sale')).toBe('Sale');
  });

  it('names picking steps as the tasks they are', () => {
    expect(['pick', 'pack', 'ship', 'receive'].map(pickingStepLabel)).toEqual(['Pick', 'Pack', 'Delivery', 'Receipt']);
  });

  it('never shows an underscore or a leading lower-case letter for a code', () => {
    fc.assert(fc.property(fc.stringMatching(/^[a-z][a-z0-9_]{0,20}$/), (code) => {
      for (const label of [codeAsWords(code), tenderLabel(code), deviceRoleLabel(code), journalKindLabel(code), pickingStepLabel(code)]) {
        expect(label).not.toContain('_');
        expect(label.charAt(0)).toBe(label.charAt(0).toUpperCase());
      }
    }));
  });

  it('writes a tender\'s name inside a sentence in lower case, and initialisms and brands as they are spelt', () => {
    expect(['cash', 'card', 'gift_card', 'points', 'account'].map((m) => `Counted ${inSentence(tenderLabel(m))}`))
      .toEqual(['Counted cash', 'Counted card', 'Counted gift card', 'Counted loyalty points', 'Counted on account']);
    expect(inSentence('EC card')).toBe('EC card');
    expect(inSentence('PayPal')).toBe('PayPal');
    expect(inSentence('A')).toBe('a');
    expect(inSentence('')).toBe('');
    // Whatever a code reads as, only its first letter may change.
    fc.assert(fc.property(fc.stringMatching(/^[a-z][a-z0-9_]{0,20}$/), (code) => {
      const label = tenderLabel(code);
      expect(inSentence(label).slice(1)).toBe(label.slice(1));
      expect(inSentence(label).toLowerCase()).toBe(label.toLowerCase());
    }));
  });

  it('does not take Object built-ins for names', () => {
    expect(tenderLabel('constructor')).toBe('Constructor');
  });
});
