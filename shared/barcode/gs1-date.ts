// GS1 YYMMDD dates: the century rule of GS1 General Specifications 7.12 and "day 00 means the
// last day of the month". Pure arithmetic on numbers — no Date objects, so no time zone can
// shift a day.

/**
 * The full year for a two-digit `yy`, relative to `referenceYear` (GS1 GenSpecs 7.12): a year
 * 51–99 ahead of the current one is in the previous century, one 50–99 behind is in the next,
 * anything else is in the current century.
 */
export function gs1FullYear(yy: number, referenceYear: number): number {
  const currentYy = referenceYear % 100;
  const century = referenceYear - currentYy;
  const difference = yy - currentYy;
  if (difference >= 51) return century - 100 + yy;
  if (difference <= -50) return century + 100 + yy;
  return century + yy;
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/**
 * `YYMMDD` → ISO `YYYY-MM-DD`, or null when it is not a date. Day 00 is the last day of the month.
 */
export function gs1DateToIso(yymmdd: string, referenceYear: number): string | null {
  if (!/^[0-9]{6}$/.test(yymmdd)) return null;
  const yy = Number(yymmdd.slice(0, 2));
  const month = Number(yymmdd.slice(2, 4));
  const day = Number(yymmdd.slice(4, 6));
  if (month < 1 || month > 12) return null;
  const year = gs1FullYear(yy, referenceYear);
  const lastDay = daysInMonth(year, month);
  if (day > lastDay) return null;
  const resolvedDay = day === 0 ? lastDay : day;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(resolvedDay).padStart(2, '0')}`;
}
