// Channel orders found by a part of their reference or of their customer's name, e-mail (or phone
// digits): the back office's orders search (order-admin-page.ts) and the till's web-order return
// lookup (order-return-lookup.ts). One branch per place a text lives, each on the expression its
// trigram index holds (migration 124) — an OR across the joined tables would read every order.
// The customer an order shows is the one on file (customer_id, the intake links every order it
// takes); an order that names nobody on file is matched by the name and e-mail it carries.
// The same three tests also exist for one order at a time (orderMatches), for a walk through the
// newest orders that checks each one: the back office's list does that for a common word.
import { folded } from '../db/name-sql.ts';

export interface OrderSearchSql {
  /** The parameter holding the LIKE pattern (searchPattern, not yet folded), e.g. `$3`. */
  pattern: string;
  /** The parameter holding digits a customer's phone number contains, when phones are searched too. */
  phoneDigits?: string;
}

interface Patterns {
  text: string;
  email: string;
  phone: string;
}

function patterns({ pattern, phoneDigits }: OrderSearchSql, k: string): Patterns {
  return {
    text: folded(pattern),
    email: `lower(${pattern})`,
    phone: phoneDigits ? ` OR regexp_replace(coalesce(${k}.phone, ''), '\\D', '', 'g') LIKE '%' || ${phoneDigits} || '%'` : '',
  };
}

const refMatches = (x: string, p: Patterns): string => `${folded(`${x}.external_ref`)} LIKE ${p.text}`;
const customerMatches = (k: string, p: Patterns): string =>
  `${k}.merged_into IS NULL AND (${folded(`${k}.name`)} LIKE ${p.text} OR ${k}.email_key LIKE ${p.email}${p.phone})`;
const guestMatches = (x: string, p: Patterns): string =>
  `${x}.customer_id IS NULL AND ${x}.customer IS NOT NULL
      AND (${folded(`coalesce(${x}.customer ->> 'name', '')`)} LIKE ${p.text} OR lower(coalesce(${x}.customer ->> 'email', '')) LIKE ${p.email})`;

/** A SELECT of the ids of the matching orders (duplicates removed), to use as `o.id IN (…)`. */
export function orderSearchIds(search: OrderSearchSql): string {
  const p = patterns(search, 'k');
  return `SELECT x.id FROM orders x WHERE ${refMatches('x', p)}
    UNION SELECT x.id FROM customers k JOIN orders x ON x.customer_id = k.id WHERE ${customerMatches('k', p)}
    UNION SELECT x.id FROM orders x WHERE ${guestMatches('x', p)}`;
}

/**
 * The matching orders `x` that also pass `where` (a condition on `x`, or 'true'), each once: the
 * branches exclude what an earlier one found (a customer branch skips an order whose reference
 * matched), so they are joined with UNION ALL, which hands rows on as they come — a LIMIT above it
 * stops every branch once it has enough, where UNION would first gather and deduplicate them all.
 * `columns` of `x`, e.g. 'x.id, x.created_at'.
 */
export function orderSearchRows(search: OrderSearchSql, columns: string, where: string): string {
  const p = patterns(search, 'k');
  return `SELECT ${columns} FROM orders x WHERE ${where} AND ${refMatches('x', p)}
    UNION ALL SELECT ${columns} FROM customers k JOIN orders x ON x.customer_id = k.id
      WHERE ${where} AND ${customerMatches('k', p)} AND NOT ${refMatches('x', p)}
    UNION ALL SELECT ${columns} FROM orders x WHERE ${where} AND ${guestMatches('x', p)} AND NOT ${refMatches('x', p)}`;
}

/**
 * Whether the order aliased `order` matches `pattern` (as OrderSearchSql's; phones are not searched
 * here), tested on that row (its customer by primary key):
 * for a walk through orders in an index's order, which stops once it has found enough. The
 * folded patterns are computed once (`(SELECT …)`), not for every row the walk reads.
 */
export function orderMatches(order: string, pattern: string): string {
  const p = patterns({ pattern }, 'k');
  const once: Patterns = { text: `(SELECT ${p.text})`, email: `(SELECT ${p.email})`, phone: '' };
  return `(${refMatches(order, once)}
      OR (SELECT ${customerMatches('k', once)} FROM customers k WHERE k.id = ${order}.customer_id)
      OR (${guestMatches(order, once)}))`;
}
