// Merging two records of one person (POST /api/admin/customers/merge): the merged customer's
// orders, till sales and returns, invoices and credit notes move to the kept one, which also
// takes the e-mail, phone and tax number it lacked; the merged row stays as a tombstone
// (merged_into) so a sale pushed later by a till that was offline is filed under the kept
// customer, and its document is deleted on every till. Customers merged into it before follow
// it (and so do a missing tax number and customer group), and so do its loyalty points and store
// credit (stored-value/value-merge.ts). One transaction, under the feed lock, with the audit entry.
import type { AdminCustomer, MergeCustomers, MergeResult } from '../../shared/admin-api/customers.ts';
import type { Actor } from '../admin/actor.ts';
import { recordAudit } from '../admin/audit.ts';
import type { Db, Tx } from '../db/db.ts';
import { lockFeed } from '../feed/publish.ts';
import { badRequest, HttpError, notFound } from '../http/errors.ts';
import { getCustomer } from './customer-admin.ts';
import { mergeCustomerValue } from '../stored-value/value-merge.ts';
import { publishCustomers, unpublishCustomers } from './customer-feed.ts';

async function activeCustomer(tx: Tx, id: string): Promise<AdminCustomer> {
  const [row] = await tx.query<{ merged_into: string | null }>('SELECT merged_into FROM customers WHERE id = $1 FOR UPDATE', [id]);
  if (!row) throw notFound(`no customer ${id}`);
  if (row.merged_into !== null) throw new HttpError(409, 'customer_merged', `customer ${id} was already merged into ${row.merged_into}`);
  return getCustomer(tx, id);
}

const count = async (tx: Tx, sql: string, params: readonly string[]): Promise<number> => (await tx.query(sql, params)).length;

export async function mergeCustomers(db: Db, actor: Actor, body: MergeCustomers): Promise<MergeResult> {
  if (body.keep === body.merge) throw badRequest('a customer cannot be merged into itself');
  return db.transaction(async (tx) => {
    await lockFeed(tx);
    const keep = await activeCustomer(tx, body.keep);
    const merge = await activeCustomer(tx, body.merge);
    const args = [keep.id, merge.id];
    const moved = {
      orders: await count(tx, 'UPDATE orders SET customer_id = $1 WHERE customer_id = $2 RETURNING 1', args),
      sales: await count(tx, `UPDATE pos_sales SET customer_id = $1 WHERE customer_id = $2 AND kind = 'sale' RETURNING 1`, args),
      returns: await count(tx, `UPDATE pos_sales SET customer_id = $1 WHERE customer_id = $2 AND kind = 'return' RETURNING 1`, args),
      invoices: await count(tx, 'UPDATE invoices SET customer_id = $1 WHERE customer_id = $2 RETURNING 1', args),
    };
    await tx.query(
      `UPDATE customers k SET email = coalesce(k.email, m.email), phone = coalesce(k.phone, m.phone), phone_key = coalesce(k.phone_key, m.phone_key),
         tax_number = coalesce(k.tax_number, m.tax_number), group_id = coalesce(k.group_id, m.group_id),
         business = k.business OR m.business, updated_at = now()
       FROM customers m WHERE k.id = $1 AND m.id = $2`,
      args,
    );
    await tx.query('UPDATE customers SET merged_into = $1, merged_at = now() WHERE id = $2 OR merged_into = $2', args);
    // Their points and store credit go with them (docs/stored-value.md).
    await mergeCustomerValue(tx, keep.id, merge.id);
    await unpublishCustomers(tx, [merge.id]);
    await publishCustomers(tx, [keep.id]);
    const kept = await getCustomer(tx, keep.id);
    const what = [`${moved.orders} order(s)`, `${moved.sales} till sale(s)`, `${moved.returns} return(s)`, `${moved.invoices} invoice(s) and credit note(s)`].join(', ');
    await recordAudit(tx, actor, {
      action: 'customer.merge',
      entity: 'customer',
      entityId: keep.id,
      summary: `merged customer "${merge.name}" into "${keep.name}" (${what} moved)`,
      before: { keep, merge },
      after: { kept, mergedId: merge.id, moved },
    });
    return { kept, mergedId: merge.id, moved };
  });
}
