// The taxes of the back office's Taxes page: listed with the products that carry them and their
// rates over time, created, changed (a law change: a new rate effective now, or a new name),
// retired and restored. Every change republishes the taxes to the tills' config feed in the same
// transaction and is written to the audit log. The rates' history is kept by the triggers of
// migration 123 (a new tax's first rate too); migration 126 keeps a retired tax off every product;
// the audit log's `tax.retire` entries say since when a tax is retired.
import { v7 as uuidv7 } from 'uuid';
import { type Tax, type TaxDetail, type TaxInput, type TaxPatch, taxInUseMessage } from '../../shared/admin-api/catalog.ts';
import { type Db, pgErrorCode, type Queryable, type Tx } from '../db/db.ts';
import { byName } from '../db/name-sql.ts';
import { publishTaxesAndTenders } from '../feed/config-docs.ts';
import { HttpError, notFound } from '../http/errors.ts';
import type { Actor } from './actor.ts';
import { recordAudit } from './audit.ts';
import { applyDueTaxRates } from './tax-rate-apply.ts';

export async function listTaxes(q: Queryable): Promise<Tax[]> {
  const rows = await q.query<{ id: string; name: string; rate: number; active: boolean }>(`SELECT id, name, rate, active FROM taxes ORDER BY ${byName('name')}, id`);
  return rows.map((t) => ({ ...t, rate: Number(t.rate) }));
}

interface TaxDetailRow {
  id: string; name: string; rate: number; active: boolean; compound: boolean; products: number; archived_products: number;
  history: { rate: number; from: string }[] | null;
  retired_at: string | Date | null;
  scheduled: { rate: number; from: string; name: string | null } | null;
}

const DETAIL_SQL = `SELECT t.id, t.name, t.rate, t.active, t.compound,
    (SELECT count(*)::int FROM product_taxes pt WHERE pt.tax_id = t.id) AS products,
    (SELECT count(*)::int FROM product_taxes pt JOIN products p ON p.id = pt.product_id WHERE pt.tax_id = t.id AND NOT p.active) AS archived_products,
    (SELECT json_agg(json_build_object('rate', h.rate, 'from', h.valid_from) ORDER BY h.valid_from DESC) FROM tax_rate_history h WHERE h.tax_id = t.id) AS history,
    (SELECT json_build_object('rate', c.rate, 'from', c.effective_at, 'name', c.name) FROM tax_rate_changes c WHERE c.tax_id = t.id) AS scheduled,
    CASE WHEN NOT t.active THEN (
      SELECT last.at FROM (
        SELECT a.at, a.action FROM admin_audit a
        WHERE a.entity = 'tax' AND a.entity_id = t.id::text AND a.action IN ('tax.retire', 'tax.restore')
        ORDER BY a.at DESC, a.id DESC LIMIT 1
      ) last WHERE last.action = 'tax.retire'
    ) END AS retired_at
  FROM taxes t`;

const toDetail = (t: TaxDetailRow): TaxDetail => ({
  id: t.id, name: t.name, rate: Number(t.rate), active: t.active, compound: t.compound, products: t.products, archivedProducts: t.archived_products,
  // A rate set back to what it was leaves a row equal to the one before it (migration 123): one period.
  history: (t.history ?? []).filter((h, i, all) => Number(h.rate) !== Number(all[i + 1]?.rate)).map((h) => ({ rate: Number(h.rate), from: new Date(h.from).toISOString() })),
  ...(t.retired_at ? { retiredAt: new Date(t.retired_at).toISOString() } : {}),
  ...(t.scheduled ? { scheduled: { rate: Number(t.scheduled.rate), from: new Date(t.scheduled.from).toISOString(), ...(t.scheduled.name ? { name: t.scheduled.name } : {}) } } : {}),
});

/**
 * The Taxes page: each tax with how many products carry it and its rates over time (migration 123),
 * newest first, and since when a retired tax is retired. Retiring is recorded where every retirement
 * through the admin code is, in the same transaction: its `tax.retire` audit entry (the latest of a
 * tax's retire and restore entries says whether it is the current one). A tax retired around the
 * admin code (hand-made SQL) has none, and no date is given rather than a guessed one.
 */
export async function listTaxDetails(q: Queryable): Promise<TaxDetail[]> {
  return (await q.query<TaxDetailRow>(`${DETAIL_SQL} ORDER BY ${byName('t.name')}, t.id`)).map(toDetail);
}

export async function taxDetail(q: Queryable, id: string): Promise<TaxDetail> {
  const [row] = await q.query<TaxDetailRow>(`${DETAIL_SQL} WHERE t.id = $1`, [id]);
  if (!row) throw notFound(`no tax ${id}`);
  return toDetail(row);
}

const nameTaken = (name: string): HttpError => new HttpError(409, 'name_taken', `There is already a tax named "${name}".`);

/**
 * The taxes' writers one at a time: the SHARE ROW EXCLUSIVE lock conflicts with itself, not with
 * readers nor with the row locks product writers take on the taxes they add (FOR SHARE). Taken
 * first by every writer, so two of them never wait for each other's row and table locks.
 */
export async function lockTaxes(tx: Tx): Promise<void> {
  await tx.query('LOCK TABLE taxes IN SHARE ROW EXCLUSIVE MODE');
}

/**
 * Refuses a name another tax has, whatever the case: the CSV import finds a tax by its name in any
 * case, so "vat 7%" beside "VAT 7%" could not be told apart (lockTaxes: two writers cannot both
 * find a name free). A name another tax is scheduled to take (tax-schedule.ts) is taken too: its
 * change must still apply when its time comes.
 */
export async function checkNameFree(tx: Tx, name: string, id: string | null): Promise<void> {
  const [other] = await tx.query<{ name: string; renamed: string | null }>(
    `SELECT name, NULL AS renamed FROM taxes WHERE lower(name) = lower($1) AND id IS DISTINCT FROM $2
     UNION ALL SELECT c.name, t.name FROM tax_rate_changes c JOIN taxes t ON t.id = c.tax_id WHERE lower(c.name) = lower($1) AND c.tax_id IS DISTINCT FROM $2
     LIMIT 1`,
    [name, id],
  );
  if (other?.renamed) throw new HttpError(409, 'name_taken', `"${other.renamed}" is scheduled to be renamed "${other.name}".`);
  if (other) throw nameTaken(other.name);
}

/**
 * A new tax, offered for products and CSV imports at once and sent to the tills with their next
 * sync. Its first rate is written to tax_rate_history by the trigger of migration 123, so a till
 * sale carrying it is judged from its creation on (pos/tax-checks.ts).
 */
export async function createTax(db: Db, actor: Actor, input: TaxInput): Promise<TaxDetail> {
  const id = uuidv7();
  const name = input.name.trim();
  return db.transaction(async (tx) => {
    await lockTaxes(tx);
    await checkNameFree(tx, name, null);
    await tx.query('INSERT INTO taxes (id, name, rate, compound) VALUES ($1, $2, $3, $4)', [id, name, input.rate, input.compound ?? false]);
    await publishTaxesAndTenders(tx);
    const created = await taxDetail(tx, id);
    const applies = created.compound ? 'on the price and the taxes before it' : 'on the price';
    await recordAudit(tx, actor, {
      action: 'tax.create', entity: 'tax', entityId: id, summary: `created tax "${name}" at ${created.rate} %, ${applies}`,
      after: { name, rate: created.rate, compound: created.compound, active: true },
    });
    return created;
  });
}

/**
 * A tax's rate changed (a law change), effective now; its name; or the tax retired (`active`
 * false) or restored. The trigger of migration 123 records the old and new rates with the time, so
 * that sales an offline till made before it hears of the change are judged fairly
 * (pos/tax-checks.ts); the tills get the change with the config feed.
 *
 * A tax is retired only once no product carries it, archived ones included (restoring a product
 * would otherwise bring back a tax no form offers): the admin gives those products another tax
 * first, which the product's tax history records — so a till that sold offline with the old tax is
 * judged like after any change of a product's taxes (a warning for 7 days, critical after).
 */
export async function updateTax(db: Db, actor: Actor, id: string, patch: TaxPatch): Promise<Tax> {
  return db.transaction(async (tx) => {
    await lockTaxes(tx);
    // A scheduled rate whose instant passed is the rate this change starts from.
    await applyDueTaxRates(tx);
    if (patch.name !== undefined) await checkNameFree(tx, patch.name.trim(), id);
    const [row] = await tx.query<Tax>('SELECT id, name, rate, active FROM taxes WHERE id = $1 FOR UPDATE', [id]);
    if (!row) throw notFound(`no tax ${id}`);
    const before = { ...row, rate: Number(row.rate) };
    const after = { ...before, rate: patch.rate ?? before.rate, name: patch.name?.trim() ?? before.name, active: patch.active ?? before.active };
    if (before.active && !after.active) await checkUnused(tx, before);
    // A retired tax is charged by no product: its scheduled rate goes with it (the audit entry says so).
    const dropped = before.active && !after.active ? await tx.query<{ rate: string }>('DELETE FROM tax_rate_changes WHERE tax_id = $1 RETURNING rate::text', [id]) : [];
    try {
      await tx.query('UPDATE taxes SET rate = $2, name = $3, active = $4, updated_at = now() WHERE id = $1', [id, after.rate, after.name, after.active]);
    } catch (err) {
      if (pgErrorCode(err) === '23505') throw nameTaken(after.name);
      throw err;
    }
    await publishTaxesAndTenders(tx);
    const audited = auditedChange(before, after);
    const summary = dropped.length > 0 ? `${audited.summary} and cancelled its scheduled rate of ${Number(dropped[0]?.rate)} %` : audited.summary;
    await recordAudit(tx, actor, { ...audited, summary, entity: 'tax', entityId: id, before, after });
    return after;
  });
}

/** Refuses to retire a tax that products carry (the row is locked: no product writer can add it meanwhile). */
async function checkUnused(tx: Tx, tax: Tax): Promise<void> {
  const [use] = await tx.query<{ products: number; archived: number }>(
    `SELECT count(*)::int AS products, count(*) FILTER (WHERE NOT p.active)::int AS archived
     FROM product_taxes pt JOIN products p ON p.id = pt.product_id WHERE pt.tax_id = $1`,
    [tax.id],
  );
  if (use && use.products > 0) throw new HttpError(409, 'tax_in_use', taxInUseMessage(tax.name, use.products, use.archived));
}

function auditedChange(before: Tax, after: Tax): { action: string; summary: string } {
  const changes = [
    ...(after.rate !== before.rate ? [`the rate from ${before.rate} % to ${after.rate} %`] : []),
    ...(after.name !== before.name ? [`the name to "${after.name}"`] : []),
  ];
  const also = changes.length ? ` and changed ${changes.join(' and ')}` : '';
  if (before.active && !after.active) return { action: 'tax.retire', summary: `retired tax "${before.name}"${also}` };
  if (!before.active && after.active) return { action: 'tax.restore', summary: `restored tax "${before.name}"${also}` };
  return { action: 'tax.update', summary: changes.length ? `changed ${changes.join(' and ')} of "${before.name}"` : `saved "${before.name}" unchanged` };
}
