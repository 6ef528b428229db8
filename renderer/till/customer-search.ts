// The till's customer search over its replicated customers (works offline): a name or e-mail by
// a part of it (a name's accents and case aside: "jose" finds "José"), a phone number however it
// is typed — national or international, with spaces, dots or dashes — read with the store's country into the key the server matches customers by
// (shared/customers/contact-keys.ts), so "06 12 34 56 78" finds "+33 6 12 34 56 78" as in the back office.
// The rules are written once, over a customer's searchable strings (`searchableCustomer`): the
// till's in-memory customer index (customer-index.ts) keeps those strings per customer, so a
// keystroke folds the query only, not every customer.
import { phoneKey } from '../../shared/customers/contact-keys.ts';
import type { Customer } from '../../shared/schemas/index.ts';
import { foldText } from '../../shared/text/fold.ts';

/** Fewer characters than this find nobody (every customer would match). */
export const MIN_QUERY = 2;

const PHONE_LIKE = /^[\d\s.\-+()/]+$/;

/** A customer with the strings the search compares, computed once. */
export interface SearchableCustomer {
  readonly customer: Customer;
  /** The name folded (shared/text/fold.ts). */
  readonly name: string;
  /** The e-mail in lower case ('' without one). */
  readonly email: string;
  /** The phone number's digits ('' without one). */
  readonly phoneDigits: string;
}

export function searchableCustomer(customer: Customer): SearchableCustomer {
  return { customer, name: foldText(customer.name), email: (customer.email ?? '').toLowerCase(), phoneDigits: (customer.phone ?? '').replace(/\D/g, '') };
}

/** A query read once per keystroke: its folded text, and its phone key and digits when it could be a number. */
export interface CustomerQuery {
  readonly text: string;
  readonly phone: { readonly key: string | null; readonly digits: string } | null;
  readonly country: string | null | undefined;
}

/** The query, or null when it is too short to find anybody. */
export function customerQuery(query: string, country: string | null | undefined): CustomerQuery | null {
  const text = foldText(query.trim());
  if (text.length < MIN_QUERY) return null;
  // Only what could be a phone number is compared as one: digits and the signs numbers are written with.
  const digits = text.replace(/\D/g, '');
  const phone = PHONE_LIKE.test(text) && digits.length >= 3 ? { key: phoneKey(text, country), digits } : null;
  return { text, phone, country };
}

export function customerMatches(c: SearchableCustomer, q: CustomerQuery): boolean {
  return c.name.includes(q.text) || c.email.includes(q.text) || (q.phone !== null && phoneMatches(c, q.phone, q.country));
}

/** The customers matching `query`, in the order given, at most `limit`. `country`: the store's (SiteConfig.country). */
export function searchCustomers(customers: readonly Customer[], query: string, country: string | null | undefined, limit = 6): Customer[] {
  const q = customerQuery(query, country);
  if (!q) return [];
  const hits: Customer[] = [];
  for (const c of customers) {
    if (hits.length >= limit) break;
    if (customerMatches(searchableCustomer(c), q)) hits.push(c);
  }
  return hits;
}

/**
 * The whole number in any writing (the same key), or a part of it as its digits appear in the
 * stored number — what the cashier has typed so far ("12 34 56" while typing the rest).
 */
function phoneMatches(stored: SearchableCustomer, typed: { key: string | null; digits: string }, country: string | null | undefined): boolean {
  if (!stored.customer.phone) return false;
  if (stored.phoneDigits.includes(typed.digits)) return true;
  // Two writings of one number share its last digits (the subscriber's part): only those are parsed,
  // so a keystroke does not run the phone parser over every customer the till holds.
  return typed.key !== null && stored.phoneDigits.includes(typed.key.slice(-6)) && phoneKey(stored.customer.phone, country) === typed.key;
}
