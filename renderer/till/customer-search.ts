// The till's customer search over its replicated customers (works offline): a name or e-mail by
// a part of it (a name's accents and case aside: "jose" finds "José"), a phone number however it
// is typed — national or international, with spaces, dots or dashes — read with the store's country into the key the server matches customers by
// (shared/customers/contact-keys.ts), so "06 12 34 56 78" finds "+33 6 12 34 56 78" as in the back office.
import { phoneKey } from '../../shared/customers/contact-keys.ts';
import type { Customer } from '../../shared/schemas/index.ts';
import { foldText } from '../../shared/text/fold.ts';

/** Fewer characters than this find nobody (every customer would match). */
export const MIN_QUERY = 2;

const PHONE_LIKE = /^[\d\s.\-+()/]+$/;

/** The customers matching `query`, in the order given, at most `limit`. `country`: the store's (SiteConfig.country). */
export function searchCustomers(customers: readonly Customer[], query: string, country: string | null | undefined, limit = 6): Customer[] {
  const text = foldText(query.trim());
  if (text.length < MIN_QUERY) return [];
  // Only what could be a phone number is compared as one: digits and the signs numbers are written with.
  const digits = text.replace(/\D/g, '');
  const phone = PHONE_LIKE.test(text) && digits.length >= 3 ? { key: phoneKey(text, country), digits } : null;
  const hits: Customer[] = [];
  for (const c of customers) {
    if (hits.length >= limit) break;
    const byText = foldText(c.name).includes(text) || (c.email ?? '').toLowerCase().includes(text);
    if (byText || (phone !== null && phoneMatches(c.phone, phone, country))) hits.push(c);
  }
  return hits;
}

/**
 * The whole number in any writing (the same key), or a part of it as its digits appear in the
 * stored number — what the cashier has typed so far ("12 34 56" while typing the rest).
 */
function phoneMatches(stored: string | undefined, typed: { key: string | null; digits: string }, country: string | null | undefined): boolean {
  if (!stored) return false;
  const storedDigits = stored.replace(/\D/g, '');
  if (storedDigits.includes(typed.digits)) return true;
  // Two writings of one number share its last digits (the subscriber's part): only those are parsed,
  // so a keystroke does not run the phone parser over every customer the till holds.
  return typed.key !== null && storedDigits.includes(typed.key.slice(-6)) && phoneKey(stored, country) === typed.key;
}
