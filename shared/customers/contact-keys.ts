// The keys that make one customer of the same person across channels: an e-mail address is
// compared trimmed and lower-cased (the database computes the same key, migration 082), a phone
// number in E.164 (+33612345678) read with the site's country for national numbers. A number that
// cannot be read as a phone number is compared by its digits ('+' kept when it was dialled
// internationally), so the same typing still finds the same customer.
import { type CountryCode, parsePhoneNumberFromString } from 'libphonenumber-js/min';

/** `" Ada@Example.COM "` → `"ada@example.com"`; null when empty. */
export function emailKey(raw: string | null | undefined): string | null {
  const key = (raw ?? '').trim().toLowerCase();
  return key === '' ? null : key;
}

/** `"06 12 34 56 78"` with FR → `"+33612345678"`; null when it holds fewer than 3 digits. */
export function phoneKey(raw: string | null | undefined, country?: string | null): string | null {
  const text = (raw ?? '').trim();
  const digits = text.replace(/\D/g, '');
  if (digits.length < 3) return null;
  const parsed = parsePhoneNumberFromString(text, country ? (country.toUpperCase() as CountryCode) : undefined);
  if (parsed?.isPossible()) return parsed.number;
  return /^(\+|00)/.test(text) ? `+${text.startsWith('00') ? digits.slice(2) : digits}` : digits;
}
