import { describe, expect, it } from 'vitest';
import { gs1DateToIso, gs1FullYear } from './gs1-date.ts';

describe('GS1 dates', () => {
  it('applies the GS1 century rule around the reference year', () => {
    expect(gs1FullYear(26, 2026)).toBe(2026);
    expect(gs1FullYear(76, 2026)).toBe(2076); // 50 years ahead stays in this century
    expect(gs1FullYear(77, 2026)).toBe(1977); // 51 ahead belongs to the previous century
    expect(gs1FullYear(99, 2026)).toBe(1999);
    expect(gs1FullYear(0, 2026)).toBe(2000);
    expect(gs1FullYear(10, 2090)).toBe(2110); // 80 behind belongs to the next century
    expect(gs1FullYear(40, 2090)).toBe(2140); // exactly 50 behind: next century
    expect(gs1FullYear(41, 2090)).toBe(2041);
  });

  it('reads day 00 as the last day of the month, leap years included', () => {
    expect(gs1DateToIso('250200', 2026)).toBe('2025-02-28');
    expect(gs1DateToIso('240200', 2026)).toBe('2024-02-29');
    expect(gs1DateToIso('261100', 2026)).toBe('2026-11-30');
    expect(gs1DateToIso('261200', 2026)).toBe('2026-12-31');
  });

  it('refuses dates that are not in the calendar', () => {
    expect(gs1DateToIso('251301', 2026)).toBeNull();
    expect(gs1DateToIso('250001', 2026)).toBeNull();
    expect(gs1DateToIso('250230', 2026)).toBeNull();
    expect(gs1DateToIso('250229', 2026)).toBeNull();
    expect(gs1DateToIso('250431', 2026)).toBeNull();
    expect(gs1DateToIso('2504a1', 2026)).toBeNull();
    expect(gs1DateToIso('25041', 2026)).toBeNull();
  });
});
