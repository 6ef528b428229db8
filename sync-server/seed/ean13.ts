// EAN-13 check digits for demo barcodes. The seed computes the same digit in SQL (ean13CheckSql)
// for speed; the test holds the two to the same answer.

/** Check digit of a 12-digit EAN-13 body: weights 1,3,1,3… from the left. */
export function ean13CheckDigit(body12: string): number {
  if (!/^[0-9]{12}$/.test(body12)) throw new RangeError(`EAN-13 body must be 12 digits, got ${body12}`);
  let sum = 0;
  for (let k = 0; k < 12; k++) sum += Number(body12[k]) * (k % 2 === 0 ? 1 : 3);
  return (10 - (sum % 10)) % 10;
}

export function isValidEan13(code: string): boolean {
  return /^[0-9]{13}$/.test(code) && ean13CheckDigit(code.slice(0, 12)) === Number(code[12]);
}

/** SQL expression for the check digit of the 12-digit text expression `body` (inline: no subquery per row). */
export function ean13CheckSql(body: string): string {
  const terms = Array.from({ length: 12 }, (_, k) => `substr(${body}, ${k + 1}, 1)::int${k % 2 === 1 ? ' * 3' : ''}`);
  return `((10 - (${terms.join(' + ')}) % 10) % 10)`;
}
