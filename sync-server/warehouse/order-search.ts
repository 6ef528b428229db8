// Channel orders found by a part of their reference or of their customer's name, e-mail (or phone
// digits): the back office's orders search (order-admin-list.ts) and the till's web-order return
// lookup (order-return-lookup.ts). One branch per place a text lives, each on the expression its
// trigram index holds (migration 124) — an OR across the joined tables would read every order.
// The customer an order shows is the one on file (customer_id, the intake links every order it
// takes); an order that names nobody on file is matched by the name and e-mail it carries.
import { folded } from '../db/name-sql.ts';

export interface OrderSearchSql {
  /** The parameter holding the LIKE pattern (searchPattern, not yet folded), e.g. `$3`. */
  pattern: string;
  /** The parameter holding digits a customer's phone number contains, when phones are searched too. */
  phoneDigits?: string;
}

/** A SELECT of the ids of the matching orders (duplicates removed), to use as `o.id IN (…)`. */
export function orderSearchIds({ pattern, phoneDigits }: OrderSearchSql): string {
  const text = folded(pattern);
  const email = `lower(${pattern})`;
  const phone = phoneDigits ? ` OR regexp_replace(coalesce(k.phone, ''), '\\D', '', 'g') LIKE '%' || ${phoneDigits} || '%'` : '';
  return `SELECT x.id FROM orders x WHERE ${folded('x.external_ref')} LIKE ${text}
    UNION SELECT x.id FROM customers k JOIN orders x ON x.customer_id = k.id
      WHERE k.merged_into IS NULL AND (${folded('k.name')} LIKE ${text} OR k.email_key LIKE ${email}${phone})
    UNION SELECT x.id FROM orders x WHERE x.customer_id IS NULL AND x.customer IS NOT NULL
      AND (${folded("coalesce(x.customer ->> 'name', '')")} LIKE ${text} OR lower(coalesce(x.customer ->> 'email', '')) LIKE ${email})`;
}
