// Gift card numbers as a cashier scans or types them: spaces and dashes dropped, letters
// upper-cased, then 6–32 letters or digits. Retailers buy printed cards from several vendors, so no
// one check-digit scheme is imposed; the numbers Aisle makes itself (back office) are 16 digits
// ending in a Luhn check digit, so a mistyped one is caught before it reaches the server.
export const CARD_NUMBER_PATTERN = '^[A-Z0-9]{6,32}$';
const FORMAT = new RegExp(CARD_NUMBER_PATTERN);

export function normalizeCardNumber(raw: string): string {
  return raw.replace(/[\s-]+/g, '').toUpperCase();
}

export function isCardNumberFormat(raw: string): boolean {
  return FORMAT.test(normalizeCardNumber(raw));
}

/** The Luhn check digit of a string of digits. */
export function luhnCheckDigit(body: string): number {
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    let d = Number(body[body.length - 1 - i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
}

/** A new 16-digit card number from 15 random digits (`randomDigit` returns 0–9) and a Luhn check digit. */
export function makeCardNumber(randomDigit: () => number): string {
  let body = String(1 + (randomDigit() % 9));
  while (body.length < 15) body += String(randomDigit() % 10);
  return body + String(luhnCheckDigit(body));
}

/** How a card number is shown on screens and receipts: its last four characters (plain ASCII for receipt printers). */
export function maskCardNumber(number: string): string {
  return `****${number.slice(-4)}`;
}
