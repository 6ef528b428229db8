// Online authorisations (issue 17 point 5): before a till redeems stored value while it can reach
// the server, it asks; the server sets the amount aside for that sale's payment, so two tills asking
// at once can never both take the last of a balance. The sale takes its hold when it is applied
// (sale-value-store.ts); a till that drops the payment lets the hold go. Asking again for the same
// sale and reference answers the same way (a retried request holds nothing twice). A hold lasts the
// settings' `holdMinutes`: a till that died with a hold never takes nor releases it, and the value
// must become spendable again. Expired holds count for nothing; their rows wait for their sale.
import { v7 as uuidv7 } from 'uuid';
import type { AuthorizeRequest, AuthorizeResponse, BalanceResponse, ValueHolder } from '../../shared/stored-value/authorization-api.ts';
import { normalizeCardNumber } from '../../shared/stored-value/card-number.ts';
import type { Db, Queryable } from '../db/db.ts';
import { badRequest } from '../http/errors.ts';
import { type AccountKey, heldOn, readAccount, valueAccountId } from './value-accounts.ts';
import { readStoredValueSettings } from './value-settings.ts';

/** The account a holder names; a till that asks about a customer's value must name the customer. */
export function holderKey(h: ValueHolder, siteCurrency: string): AccountKey {
  if (h.kind === 'gift_card') {
    if (!h.card) throw badRequest('a gift card is named by its number (card)');
    return { kind: 'gift_card', key: normalizeCardNumber(h.card), currency: null };
  }
  if (!h.customerId) throw badRequest(`${h.kind === 'points' ? 'points' : 'store credit'} belong to a customer: give customerId`);
  return { kind: h.kind, key: h.customerId, currency: h.kind === 'points' ? null : (h.currency ?? siteCurrency) };
}

async function siteCurrency(q: Queryable, siteId: string): Promise<string> {
  const [row] = await q.query<{ currency: string }>('SELECT currency FROM sites WHERE id = $1', [siteId]);
  return row?.currency ?? 'EUR';
}

/** A merged customer's value is the kept customer's. */
async function resolveCustomer(q: Queryable, key: AccountKey): Promise<AccountKey> {
  if (key.kind === 'gift_card' || key.key === null) return key;
  const [row] = await q.query<{ merged_into: string | null }>('SELECT merged_into FROM customers WHERE id = $1', [key.key]);
  return row?.merged_into ? { ...key, key: row.merged_into } : key;
}

export async function valueBalance(db: Db, siteId: string, holder: ValueHolder): Promise<BalanceResponse> {
  const key = await resolveCustomer(db, holderKey(holder, await siteCurrency(db, siteId)));
  const account = await readAccount(db, valueAccountId(key));
  if (!account) return { known: false, balance: 0, available: 0 };
  const held = (await heldOn(db, [account.id])).get(account.id) ?? 0;
  return { known: true, balance: account.balance, available: account.balance - held, ...(account.currency ? { currency: account.currency } : {}) };
}

export async function authorizeRedemption(db: Db, device: { deviceId: string; siteId: string }, req: AuthorizeRequest): Promise<AuthorizeResponse> {
  const key = await resolveCustomer(db, holderKey(req, await siteCurrency(db, device.siteId)));
  const id = valueAccountId(key);
  const { holdMinutes } = await readStoredValueSettings(db);
  return db.transaction(async (tx) => {
    const [account] = await tx.query<{ balance: string; currency: string | null }>('SELECT balance, currency FROM value_accounts WHERE id = $1 FOR UPDATE', [id]);
    const balance = Number(account?.balance ?? 0);
    const currency = account?.currency ? { currency: account.currency } : {};
    // Held by every other authorisation; this payment's own earlier hold is replaced, never added to.
    const [others] = await tx.query<{ held: string | null }>(
      'SELECT sum(amount) AS held FROM value_holds WHERE account_id = $1 AND expires_at > now() AND NOT (sale_id = $2 AND ref = $3)',
      [id, req.saleId, req.ref],
    );
    const available = balance - Number(others?.held ?? 0);
    if (!account || req.amount > available) return { approved: false, balance, available: Math.max(available, 0), ...currency };
    const [prior] = await tx.query<{ id: string }>('SELECT id FROM value_holds WHERE sale_id = $1 AND ref = $2', [req.saleId, req.ref]);
    const holdId = prior?.id ?? uuidv7();
    // holdMinutes 0: the hold never lapses ('infinity'), it ends with its sale or the till's release.
    const [hold] = await tx.query<{ expires_at: Date | string; never: boolean }>(
      `INSERT INTO value_holds (id, account_id, till_id, sale_id, ref, amount, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, CASE WHEN $7::int = 0 THEN 'infinity'::timestamptz ELSE now() + $7::int * interval '1 minute' END)
       ON CONFLICT (sale_id, ref) DO UPDATE SET account_id = EXCLUDED.account_id, amount = EXCLUDED.amount, created_at = now(), expires_at = EXCLUDED.expires_at
       RETURNING CASE WHEN expires_at = 'infinity' THEN NULL ELSE expires_at END AS expires_at, expires_at = 'infinity' AS never`,
      [holdId, id, device.deviceId, req.saleId, req.ref, req.amount, holdMinutes],
    );
    const expiresAt = hold && !hold.never ? { expiresAt: new Date(hold.expires_at).toISOString(), holdSeconds: holdMinutes * 60 } : {};
    return { approved: true, authorizationId: holdId, balance, available, balanceAfter: available - req.amount, ...expiresAt, ...currency };
  });
}

/** Lets a hold go (the till voided the payment or the sale). Only the till that asked may. */
export async function releaseAuthorization(db: Db, deviceId: string, authorizationId: string): Promise<boolean> {
  const rows = await db.query('DELETE FROM value_holds WHERE id = $1 AND till_id = $2 RETURNING id', [authorizationId, deviceId]);
  return rows.length > 0;
}
