import { describe, expect, it } from 'vitest';
import { DAY_PROBLEM, NAME_PROBLEM, parseTaxDraft, parseTaxRate, parseTaxSchedule, percent, RATE_PROBLEM, scheduledText } from './tax-input.ts';

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

  it('schedules a next rate from a store day and time, sending a new name only when it changes', () => {
    const draft = { rate: '16', day: '2027-01-01', time: '00:00', name: ' VAT 16% ' };
    expect(parseTaxSchedule(draft, 'VAT 19%', 'Europe/Berlin')).toEqual({ ok: true, value: { rate: 16, from: '2027-01-01T00:00:00+01:00', name: 'VAT 16%' } });
    expect(parseTaxSchedule({ ...draft, name: '' }, 'VAT 19%', 'America/New_York')).toEqual({ ok: true, value: { rate: 16, from: '2027-01-01T00:00:00-05:00' } });
    expect(parseTaxSchedule({ ...draft, name: 'VAT 19%' }, 'VAT 19%', 'UTC')).toEqual({ ok: true, value: { rate: 16, from: '2027-01-01T00:00:00+00:00' } });
    expect(parseTaxSchedule({ rate: '16,5 %', day: '2027-07-01', time: '06:30', name: '' }, 'VAT', 'Europe/Berlin')).toEqual({ ok: true, value: { rate: 16.5, from: '2027-07-01T06:30:00+02:00' } });
    // The time on 24 hours, as people write it.
    expect(['0:00', ' 6:30 ', '6.30', '6h30', '23:59'].map((time) => parseTaxSchedule({ ...draft, time, name: '' }, 'VAT', 'UTC')))
      .toEqual(['00:00', '06:30', '06:30', '06:30', '23:59'].map((t) => ({ ok: true, value: { rate: 16, from: `2027-01-01T${t}:00+00:00` } })));
  });

  it('says what to fix in a scheduled rate: the rate, and a day and time both given', () => {
    expect(parseTaxSchedule({ rate: 'abc', day: '', time: '00:00', name: '' }, 'VAT', 'UTC')).toEqual({ ok: false, problems: [RATE_PROBLEM, DAY_PROBLEM] });
    expect(['', '24:00', '12:60', '6 pm', '630'].map((time) => parseTaxSchedule({ rate: '16', day: '2027-01-01', time, name: '' }, 'VAT', 'UTC')))
      .toEqual(Array(5).fill({ ok: false, problems: [DAY_PROBLEM] }));
  });

  it('says a scheduled rate in store time, with the name it takes', () => {
    expect(scheduledText({ rate: 16, from: '2026-12-31T23:00:00.000Z', name: 'VAT 16%' }, 'Europe/Berlin')).toBe('16 % from 1 Jan 2027, 00:00 (as VAT 16%)');
    expect(scheduledText({ rate: 7.5, from: '2027-01-01T05:00:00Z' }, 'America/New_York')).toBe('7.5 % from 1 Jan 2027, 00:00');
  });
});
