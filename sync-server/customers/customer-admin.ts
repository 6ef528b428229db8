// Customers for the back office: one customer as the admin API shows it, and the list with
// search and paging (merged customers are gone from both; a merged id answers with the kept one).
import { byName, folded } from '../db/name-sql.ts';
import { phoneKey } from '../../shared/customers/contact-keys.ts';
import type { AdminCustomer, CustomerPage, CustomerQuery } from '../../shared/admin-api/customers.ts';
import type { Queryable, SqlParam } from '../db/db.ts';
import { notFound } from '../http/errors.ts';
import { defaultCountry } from './order-customer.ts';
import { prefixPattern, searchPattern } from '../db/prefix-pattern.ts';

const columns = `c.id, c.name, c.email, c.phone, c.tax_number AS "taxNumber", c.business, c.group_id AS "groupId",
  iso_utc(c.created_at) AS "createdAt", iso_utc(c.updated_at) AS "updatedAt"`;

/** The customer, or the one it was merged into. */
export async function getCustomer(q: Queryable, id: string): Promise<AdminCustomer> {
  const [row] = await q.query<AdminCustomer>(
    `SELECT ${columns} FROM customers c WHERE c.id = (SELECT coalesce(merged_into, id) FROM customers WHERE id = $1)`,
    [id],
  );
  if (!row) throw notFound(`There is no customer with the id ${id} on this server.`);
  return row;
}

/**
 * Name prefix, a part of the e-mail (its start below three characters) or the phone number however
 * it is written — each read from an index (migration 124's trigrams, migration 082's phone key).
 */
export async function listCustomers(q: Queryable, query: CustomerQuery): Promise<CustomerPage> {
  const text = (query.q ?? '').trim();
  const offset = query.offset ?? 0;
  const limit = query.limit ?? 50;
  const phone = /\d{3}/.test(text) ? phoneKey(text, await defaultCountry(q)) : null;
  // Without words, no condition on them at all: a `$1 = '' OR …` would keep a prepared statement's
  // generic plan from reading the indexes.
  const params: SqlParam[] = text ? [prefixPattern(text), searchPattern(text.toLowerCase()), ...(phone ? [phone] : [])] : [];
  const search = text
    ? ` AND (${folded('c.name')} LIKE ${folded('$1::text')} OR c.email_key LIKE $2::text${phone ? ' OR c.phone_key = $3::text' : ''})`
    : '';
  const where = `c.merged_into IS NULL${search}`;
  const [count] = await q.query<{ n: number }>(`SELECT count(*)::int AS n FROM customers c WHERE ${where}`, params);
  const n = params.length;
  const customers = await q.query<AdminCustomer>(
    `SELECT ${columns} FROM customers c WHERE ${where} ORDER BY ${byName('c.name')}, c.id OFFSET $${n + 1} LIMIT $${n + 2}`,
    [...params, offset, limit],
  );
  return { customers, total: count?.n ?? 0, offset };
}
