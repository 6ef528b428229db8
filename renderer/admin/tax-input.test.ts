import { describe, expect, it } from 'vitest';
import { NAME_PROBLEM, parseTaxDraft, parseTaxRate, percent, RATE_PROBLEM } from './tax-input.ts';

describe('a tax as the Taxes page reads it', () => {
  it('reads a rate in percent, with a decimal comma or a % sign, up to 4 decimals and 100', () => {
    expect(['20', ' 5,5 ', '7 %', '7%', '0', '100', '8.1234'].map(parseTaxRate)).toEqual([20, 5.5, 7, 7, 0, 100, 8.1234]);
    expect(['', 'abc', '-1', '100.5', '150', '8.12345', '1e2', '20 %%', '.5'].map(parseTaxRate)).toEqual([null, null, null, null, null, null, null, null, null]);
  });

  it('says what to fix in a new tax, or gives the body to send', () => {
    expect(parseTaxDraft({ name: ' VAT 7% ', rate: '7', compound: false })).toEqual({ ok: true, value: { name: 'VAT 7%', rate: 7, compound: false } });
    expect(parseTaxDraft({ name: '  ', rate: '120', compound: true })).toEqual({ ok: false, problems: [NAME_PROBLEM, RATE_PROBLEM] });
  });

  it('shows rates with a percent sign and no float noise', () => {
    expect([20, 5.5, 0.1 + 0.2, 8.12345].map(percent)).toEqual(['20 %', '5.5 %', '0.3 %', '8.1235 %']);
  });
});
