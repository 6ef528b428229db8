// Stored value in the back office (issue 17, docs/stored-value.md): gift cards and store credit
// issued by an admin (a goodwill gesture, a card sold at head office), the list of gift cards, and
// the offline allowance tills hold. An issue is one transaction: the movement on the card or the
// customer's credit, a balanced journal entry (Dr "given" expense / Cr the liability), the audit
// row, and the customer's document for the tills.
import { randomInt } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import type {
  CustomerValue, GiftCard, GiftCardIssueInput, GiftCardList, LoyaltyProgramView, StoreCredit, StoreCreditAdjustInput, StoreCreditIssueInput, ValueMoveList,
} from '../../shared/admin-api/stored-value.ts';
import type { LoyaltyProgram } from '../../shared/stored-value/loyalty-program.ts';
import { formatMoneyWithSymbol } from '../../shared/money/format.ts';
import { isCardNumberFormat, makeCardNumber, maskCardNumber, normalizeCardNumber } from '../../shared/stored-value/card-number.ts';
import type { StoredValueSettings } from '../../shared/stored-value/offline-allowance.ts';
import type { Actor } from '../admin/actor.ts';
import { recordAudit } from '../admin/audit.ts';
import { publishCustomers } from '../customers/customer-feed.ts';
import type { Db, Queryable, Tx } from '../db/db.ts';
import { publishStoredValueConfig } from '../feed/stored-value-docs.ts';
import { lockFeed } from '../feed/publish.ts';
import { badRequest, HttpError, notFound } from '../http/errors.ts';
import { loadAccountMap, writeEntry } from '../ledger/journal-store.ts';
import { creditSigned, debitSigned } from '../ledger/journal.ts';
import { type AccountKey, lockAccounts, openAccounts, recordMoves, valueAccountId } from './value-accounts.ts';
import { LOYALTY_SETTINGS_KEY, readLoyaltyProgram } from './loyalty-store.ts';
import { readStoredValueSettings, STORED_VALUE_SETTINGS_KEY } from './value-settings.ts';

/** The company's currency when an issue names none: the first store's. */
async function defaultCurrency(q: Queryable): Promise<string> {
  const [row] = await q.query<{ currency: string }>(`SELECT currency FROM sites WHERE kind = 'store' ORDER BY code LIMIT 1`);
  return row?.currency ?? 'EUR';
}

/** Puts `amount` on the account as an issue by the back office, with its journal entry. Under the feed lock. */
async function issue(tx: Tx, key: AccountKey, amount: number, memo: string): Promise<{ balance: number; currency: string | null; eventId: string }> {
  await lockFeed(tx);
  const id = valueAccountId(key);
  await openAccounts(tx, [key]);
  await lockAccounts(tx, [id]);
  const eventId = uuidv7();
  await recordMoves(tx, [{ accountId: id, eventId, ref: 'issue', kind: 'issue', amount, value: amount }]);
  const accounts = await loadAccountMap(tx);
  const liability = key.kind === 'gift_card' ? accounts.gift_card_liability : accounts.store_credit_liability;
  await writeEntry(tx, { kind: 'adjustment', eventId, entryDate: new Date().toISOString(), memo }, [
    debitSigned(accounts.value_issued, amount, { memo }),
    creditSigned(liability, amount, { memo }),
  ]);
  const [row] = await tx.query<{ balance: string; currency: string | null }>('SELECT balance, currency FROM value_accounts WHERE id = $1', [id]);
  return { balance: Number(row?.balance ?? 0), currency: row?.currency ?? null, eventId };
}

async function unusedCardNumber(q: Queryable): Promise<string> {
  for (;;) {
    const number = makeCardNumber(() => randomInt(10));
    if ((await q.query('SELECT 1 FROM value_accounts WHERE number = $1', [number])).length === 0) return number;
  }
}

const giftCardColumns = `a.number, a.currency, a.balance::float8 AS balance,
  coalesce((SELECT sum(h.amount) FROM value_holds h WHERE h.account_id = a.id AND h.expires_at > now()), 0)::float8 AS held,
  iso_utc(a.created_at) AS "createdAt", iso_utc(a.updated_at) AS "updatedAt"`;

export async function issueGiftCard(db: Db, actor: Actor, input: GiftCardIssueInput): Promise<GiftCard> {
  const currency = input.currency ?? (await defaultCurrency(db));
  if (input.number !== undefined && !isCardNumberFormat(input.number)) throw badRequest(`"${input.number}" is not a card number: 6 to 32 letters or digits`);
  return db.transaction(async (tx) => {
    const number = input.number !== undefined ? normalizeCardNumber(input.number) : await unusedCardNumber(tx);
    const [existing] = await tx.query<{ currency: string | null }>('SELECT currency FROM value_accounts WHERE id = $1', [valueAccountId({ kind: 'gift_card', key: number, currency })]);
    if (existing && existing.currency !== currency) throw badRequest(`gift card ${maskCardNumber(number)} holds ${existing.currency ?? 'no currency'}, not ${currency}`);
    const memo = `gift card ${maskCardNumber(number)} issued: ${input.reason}`;
    const { eventId } = await issue(tx, { kind: 'gift_card', key: number, currency }, input.amount, memo);
    await recordAudit(tx, actor, {
      action: 'gift_card.issue', entity: 'gift_card', entityId: number,
      summary: `issued ${formatMoneyWithSymbol(input.amount, currency)} on gift card ${maskCardNumber(number)} (${input.reason})`, after: { amount: input.amount, currency, reason: input.reason, eventId },
    });
    const [card] = await tx.query<GiftCard>(`SELECT ${giftCardColumns} FROM value_accounts a WHERE a.number = $1`, [number]);
    if (!card) throw new Error(`gift card ${number} vanished inside its transaction`);
    return card;
  });
}

export async function issueStoreCredit(db: Db, actor: Actor, input: StoreCreditIssueInput): Promise<StoreCredit> {
  return changeStoreCredit(db, actor, input);
}

/**
 * An admin's change of a customer's store credit, up (given) or down (taken back, never below
 * zero), with its reason: a movement, its journal entry (Dr given / Cr liability, or the reverse),
 * the audit row (who, why) and the customer's document for the tills, in one transaction.
 */
export async function changeStoreCredit(db: Db, actor: Actor, input: StoreCreditIssueInput | StoreCreditAdjustInput): Promise<StoreCredit> {
  if (input.amount === 0) throw badRequest('The amount cannot be 0: give more, or take some back with a minus sign.');
  const currency = input.currency ?? (await defaultCurrency(db));
  return db.transaction(async (tx) => {
    const [customer] = await tx.query<{ id: string; name: string }>('SELECT id, name FROM customers WHERE id = (SELECT coalesce(merged_into, id) FROM customers WHERE id = $1)', [input.customerId]);
    if (!customer) throw notFound(`no customer ${input.customerId}`);
    const key: AccountKey = { kind: 'store_credit', key: customer.id, currency };
    if (input.amount < 0) {
      await lockFeed(tx);
      await openAccounts(tx, [key]);
      const held = (await lockAccounts(tx, [valueAccountId(key)])).get(valueAccountId(key));
      const balance = held?.balance ?? 0;
      if (balance + input.amount < 0) {
        throw new HttpError(409, 'not_enough_credit', `${customer.name} has ${formatMoneyWithSymbol(balance, currency)} of store credit: you cannot take back ${formatMoneyWithSymbol(-input.amount, currency)}.`);
      }
    }
    const given = input.amount > 0;
    const money = formatMoneyWithSymbol(Math.abs(input.amount), currency);
    const memo = `store credit ${given ? 'for' : 'taken back from'} ${customer.name}: ${input.reason}`;
    const { balance, eventId } = await issue(tx, key, input.amount, memo);
    await recordAudit(tx, actor, {
      action: given ? 'store_credit.issue' : 'store_credit.adjust', entity: 'customer', entityId: customer.id,
      summary: given ? `gave "${customer.name}" ${money} of store credit (${input.reason})` : `took ${money} of store credit back from "${customer.name}" (${input.reason})`,
      before: { balance: balance - input.amount, currency }, after: { amount: input.amount, balance, currency, reason: input.reason, eventId },
    });
    await publishCustomers(tx, [customer.id]);
    return { customerId: customer.id, customerName: customer.name, currency, balance };
  });
}

const moveColumns = `iso_utc(m.created_at) AS at, a.kind AS "valueKind", m.kind, m.amount::float8 AS amount, a.currency,
  s.name AS site, d.name AS till, ps.receipt_no AS "receiptNo", m.offline, u.display_name AS "overrideBy",
  au.actor AS by, au.after->>'reason' AS reason`;

/** The last 200 movements of the accounts, newest first; back-office changes with who made them and why. */
async function movesOf(q: Queryable, accountIds: readonly string[], auditEntity: string, auditId: string): Promise<ValueMoveList> {
  const moves = await q.query<ValueMoveList['moves'][number]>(
    `SELECT ${moveColumns}
     FROM value_moves m JOIN value_accounts a ON a.id = m.account_id
     LEFT JOIN sites s ON s.id = m.site_id
     LEFT JOIN devices d ON d.id = m.till_id
     LEFT JOIN users u ON u.id = m.override_by
     LEFT JOIN pos_sales ps ON ps.id = m.event_id
     LEFT JOIN LATERAL (
       SELECT x.actor, x.after FROM admin_audit x
       WHERE m.kind = 'issue' AND x.entity = $2 AND x.entity_id = $3 AND x.after->>'eventId' = m.event_id LIMIT 1
     ) au ON true
     WHERE m.account_id = ANY($1::text[])
     ORDER BY m.id DESC LIMIT 200`,
    [[...accountIds], auditEntity, auditId],
  );
  return { moves };
}

export async function giftCardMoves(q: Queryable, number: string): Promise<ValueMoveList> {
  const normal = normalizeCardNumber(number);
  const [card] = await q.query<{ id: string }>(`SELECT id FROM value_accounts WHERE kind = 'gift_card' AND number = $1`, [normal]);
  if (!card) throw notFound(`There is no gift card ${maskCardNumber(normal)}.`);
  return movesOf(q, [card.id], 'gift_card', normal);
}

/** A customer's store credit (every currency) and points movements. */
export async function customerValueMoves(q: Queryable, customerId: string): Promise<ValueMoveList> {
  const [customer] = await q.query<{ id: string }>('SELECT id FROM customers WHERE id = (SELECT coalesce(merged_into, id) FROM customers WHERE id = $1)', [customerId]);
  if (!customer) throw notFound(`no customer ${customerId}`);
  const accounts = await q.query<{ id: string }>('SELECT id FROM value_accounts WHERE customer_id = $1', [customer.id]);
  return movesOf(q, accounts.map((a) => a.id), 'customer', customer.id);
}

/** Gift cards, most recently used first; a number (or its last characters) narrows the list. */
export async function listGiftCards(q: Queryable, number?: string): Promise<GiftCardList> {
  const text = normalizeCardNumber(number ?? '');
  const cards = await q.query<GiftCard>(
    `SELECT ${giftCardColumns} FROM value_accounts a WHERE a.kind = 'gift_card' AND ($1 = '' OR a.number LIKE '%' || $1)
     ORDER BY a.updated_at DESC, a.number LIMIT 200`,
    [text],
  );
  return { cards };
}

export async function getStoredValueSettings(q: Queryable): Promise<StoredValueSettings> {
  const { offlineAllowance, holdMinutes } = await readStoredValueSettings(q);
  return { offlineAllowance, holdMinutes };
}

/** Changes the offline allowance (sent to every till in the same transaction) and how long authorisations hold. */
export async function updateStoredValueSettings(db: Db, actor: Actor, change: StoredValueSettings): Promise<StoredValueSettings> {
  return db.transaction(async (tx) => {
    const before = await getStoredValueSettings(tx);
    const input = { offlineAllowance: change.offlineAllowance, holdMinutes: change.holdMinutes ?? before.holdMinutes };
    await tx.query(
      `INSERT INTO settings (key, value, updated_at) VALUES ($1, $2::jsonb, now())
       ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()`,
      [STORED_VALUE_SETTINGS_KEY, JSON.stringify(input)],
    );
    await publishStoredValueConfig(tx);
    const a = input.offlineAllowance;
    await recordAudit(tx, actor, {
      action: 'stored_value.settings', entity: 'settings', entityId: STORED_VALUE_SETTINGS_KEY,
      summary: `offline allowance: ${formatMoneyWithSymbol(a.amount, await defaultCurrency(tx))} and ${a.points} points per ${a.mode === 'till' ? 'till' : 'card or customer on each till'}; authorisations hold ${input.holdMinutes ? `${input.holdMinutes} min` : 'until their sale arrives'}`,
      before, after: input,
    });
    return input;
  });
}

export async function getLoyaltyProgram(q: Queryable): Promise<LoyaltyProgramView> {
  return { program: (await readLoyaltyProgram(q))?.program ?? null };
}

/** Sets the loyalty program and sends it to every till in the same transaction (an inactive one is withdrawn). */
export async function setLoyaltyProgram(db: Db, actor: Actor, program: LoyaltyProgram): Promise<LoyaltyProgramView> {
  return db.transaction(async (tx) => {
    const before = await getLoyaltyProgram(tx);
    await tx.query(
      `INSERT INTO settings (key, value, updated_at) VALUES ($1, $2::jsonb, now())
       ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()`,
      [LOYALTY_SETTINGS_KEY, JSON.stringify(program)],
    );
    await publishStoredValueConfig(tx);
    await recordAudit(tx, actor, {
      action: 'loyalty.program', entity: 'settings', entityId: LOYALTY_SETTINGS_KEY,
      summary: `loyalty program "${program.name}" ${program.active ? 'running' : 'stopped'}: ${program.redeem.points} points = ${formatMoneyWithSymbol(program.redeem.amount, await defaultCurrency(tx))} off, ${program.earn.length} earning rule(s)`,
      before: before.program, after: program,
    });
    return { program };
  });
}

/** A customer's points and store credit (a merged customer answers with the kept one). */
export async function customerValue(q: Queryable, customerId: string): Promise<CustomerValue> {
  const [customer] = await q.query<{ id: string; name: string }>('SELECT id, name FROM customers WHERE id = (SELECT coalesce(merged_into, id) FROM customers WHERE id = $1)', [customerId]);
  if (!customer) throw notFound(`no customer ${customerId}`);
  const rows = await q.query<{ kind: string; currency: string | null; balance: string }>(
    'SELECT kind, currency, balance FROM value_accounts WHERE customer_id = $1 ORDER BY kind, currency',
    [customer.id],
  );
  return {
    customerId: customer.id,
    customerName: customer.name,
    points: Number(rows.find((r) => r.kind === 'points')?.balance ?? 0),
    storeCredit: rows.filter((r) => r.kind === 'store_credit' && Number(r.balance) !== 0).map((r) => ({ currency: r.currency ?? '', amount: Number(r.balance) })),
  };
}
