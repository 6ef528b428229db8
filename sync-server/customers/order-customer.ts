// The customer of a channel order (POST /api/orders `customer`): an id names an existing customer
// (a merged one stands for the customer it was merged into); otherwise `{name, email, phone}` is
// matched by e-mail first, then by phone (shared/customers/contact-keys.ts), and a customer is
// made when nothing matches. A matched customer gains the e-mail or phone it lacked, unless
// another customer already has it. The order first locks the person's contact keys (migration
// 096), so two concurrent orders of the same new person cannot make two customers, and holds a
// share lock on the customer it matched (a concurrent merge waits for the order, or the order sees
// the merge). The customer's document is published without the feed counter lock: the order
// writes no other shared row before its quants (warehouse/orders.ts).
import { v7 as uuidv7 } from 'uuid';
import { emailKey, phoneKey } from '../../shared/customers/contact-keys.ts';
import type { Queryable, Tx } from '../db/db.ts';
import { publishCustomers } from './customer-feed.ts';
import type { OrderCustomerInput } from '../../shared/channel-api/order-request.ts';

/** A customer as an order names one (shared/channel-api/order-request.ts). */
export type CustomerInput = OrderCustomerInput;

/** The country that reads national phone numbers: the first store that has one, else any site. */
export async function defaultCountry(q: Queryable): Promise<string | null> {
  const [row] = await q.query<{ country: string }>(`SELECT country FROM sites WHERE country IS NOT NULL ORDER BY kind <> 'store', code LIMIT 1`);
  return row?.country ?? null;
}

interface Found {
  id: string;
  group_id: string | null;
  email: string | null;
  phone: string | null;
  by_email: boolean;
  by_phone: boolean;
}

/** The customer an order belongs to, with its group (its pricelist: warehouse/order-pricing.ts). */
export interface OrderCustomer {
  id: string;
  groupId: string | null;
}

/** Returns the customer the order belongs to, or null when the order names nobody. */
export async function resolveOrderCustomer(tx: Tx, input: CustomerInput | null, country: string | null): Promise<OrderCustomer | null> {
  if (!input) return null;
  if (input.id) {
    const [byId] = await tx.query<{ id: string; group_id: string | null }>(
      `SELECT coalesce(c.merged_into, c.id) AS id, (SELECT k.group_id FROM customers k WHERE k.id = coalesce(c.merged_into, c.id)) AS group_id
       FROM customers c WHERE c.id = $1 FOR SHARE`,
      [input.id],
    );
    if (byId) return { id: byId.id, groupId: byId.group_id };
  }
  const email = input.email?.trim() || null;
  const phone = input.phone?.trim() || null;
  const eKey = emailKey(email);
  const pKey = phoneKey(phone, country);
  const name = input.name?.trim() || email || phone;
  if (!name) return null;
  // The e-mail key is computed by the database from the raw address, exactly as the column is.
  const emailKeySql = `nullif(lower(btrim($1::text, E' \\t\\r\\n')), '')`;
  const keys = `SELECT DISTINCT k FROM unnest(ARRAY['e:' || ${emailKeySql}, 'p:' || $2::text]) AS k WHERE k IS NOT NULL`;
  await tx.query(`INSERT INTO customer_contact_locks (contact_key) SELECT k FROM (${keys}) x ORDER BY k ON CONFLICT DO NOTHING`, [email, pKey]);
  await tx.query(`SELECT contact_key FROM customer_contact_locks WHERE contact_key IN (${keys}) ORDER BY contact_key FOR UPDATE`, [email, pKey]);
  const found = await tx.query<Found>(
    `WITH k AS (SELECT ${emailKeySql} AS email_key)
     SELECT c.id, c.group_id, c.email, c.phone, coalesce(c.email_key = k.email_key, false) AS by_email, coalesce(c.phone_key = $2, false) AS by_phone
     FROM customers c, k WHERE c.merged_into IS NULL AND (c.email_key = k.email_key OR c.phone_key = $2)
     ORDER BY 5 DESC, c.created_at, c.id FOR SHARE OF c`,
    [email, pKey],
  );
  const match = found[0];
  if (!match) {
    const id = uuidv7();
    await tx.query('INSERT INTO customers (id, name, email, phone, phone_key) VALUES ($1, $2, $3, $4, $5)', [id, name.slice(0, 200), email, phone, pKey]);
    await publishCustomers(tx, [id], { gate: false });
    return { id, groupId: null };
  }
  // What the order adds: only where the customer has none and nobody else has this one.
  const addEmail = eKey !== null && match.email === null && !found.some((f) => f.id !== match.id && f.by_email);
  const addPhone = pKey !== null && match.phone === null && !found.some((f) => f.id !== match.id && f.by_phone);
  if (addEmail || addPhone) {
    await tx.query(
      `UPDATE customers SET email = CASE WHEN $2 THEN $3 ELSE email END,
         phone = CASE WHEN $4 THEN $5 ELSE phone END, phone_key = CASE WHEN $4 THEN $6 ELSE phone_key END, updated_at = now()
       WHERE id = $1`,
      [match.id, addEmail, email, addPhone, phone, pKey],
    );
    await publishCustomers(tx, [match.id], { gate: false });
  }
  return { id: match.id, groupId: match.group_id };
}
