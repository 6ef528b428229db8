// Money typed by a person (a cashier, a back-office form, a catalog CSV cell: "12.5", "12,50"; "1250c" is not accepted) → integer minor units.
export function parseMoneyInput(text: string, minorDigits = 2): number | null {
  const cleaned = text.trim().replace(',', '.');
  if (!/^\d+(\.\d*)?$/.test(cleaned)) return null;
  const [whole = '0', fraction = ''] = cleaned.split('.');
  if (fraction.length > minorDigits) return null;
  return Number(whole) * 10 ** minorDigits + Number(fraction.padEnd(minorDigits, '0') || '0');
}
