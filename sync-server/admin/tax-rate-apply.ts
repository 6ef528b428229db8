// Applying a tax's scheduled rate (migration 134) once its instant has come: the catalog's rate and
// name become the scheduled ones, recorded in the rate's history from the scheduled instant (not
// the moment this runs: the tills switched then on their own), audited in the name of who scheduled
// it, and published to the tills' config (whose `next` they had already followed). Idempotent: the
// schedule's row is taken by a DELETE, so whichever process or caller gets there first applies it.
import type { Tx } from '../db/db.ts';
import { ratePercent } from '../../shared/tax/index.ts';
import { publishTaxesAndTenders } from '../feed/config-docs.ts';
import { recordAudit } from './audit.ts';

/** An instant as the audit log's sentences write it: "2026-12-31 23:00 UTC" (to the second when it has seconds). */
export function auditInstant(at: Date): string {
  const iso = at.toISOString();
  const seconds = iso.slice(17, 23) === '00.000' ? '' : `:${iso.slice(17, 19)}`;
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)}${seconds} UTC`;
}

interface DueChange {
  tax_id: string;
  rate: string;
  name: string | null;
  effective_at: Date | string;
  scheduled_by: string;
  old_rate: string;
  old_name: string;
}

/**
 * Applies every scheduled rate whose instant has passed (by the database's clock), in `tx`, whose
 * caller holds the taxes' writer lock (taxes.ts lockTaxes). Returns how many it applied.
 */
export async function applyDueTaxRates(tx: Tx): Promise<number> {
  const due = await tx.query<DueChange>(
    `DELETE FROM tax_rate_changes c USING taxes t
     WHERE t.id = c.tax_id AND c.effective_at <= now()
     RETURNING c.tax_id, c.rate::text, c.name, c.effective_at, c.scheduled_by, t.rate::text AS old_rate, t.name AS old_name`,
  );
  for (const c of due.sort((a, b) => new Date(a.effective_at).getTime() - new Date(b.effective_at).getTime())) {
    const from = new Date(c.effective_at).toISOString();
    // The history trigger (migration 134) dates the new rate from the scheduled instant.
    await tx.query("SELECT set_config('aisle.tax_rate_from', $1, true)", [from]);
    await tx.query('UPDATE taxes SET rate = $2, name = coalesce($3, name), updated_at = now() WHERE id = $1', [c.tax_id, c.rate, c.name]);
    const before = { name: c.old_name, rate: Number(c.old_rate) };
    const after = { name: c.name ?? c.old_name, rate: Number(c.rate) };
    const renamed = c.name && c.name !== c.old_name ? ` and the name to "${c.name}"` : '';
    const when = auditInstant(new Date(from));
    // The rate may have been set to the scheduled one at once meanwhile (PATCH): say so, not "from 16 % to 16 %".
    const summary = before.rate !== after.rate
      ? `changed the rate of "${c.old_name}" from ${ratePercent(before.rate)} to ${ratePercent(after.rate)}${renamed}, as scheduled for ${when}`
      : `the rate of ${ratePercent(after.rate)} scheduled for "${c.old_name}" from ${when} took effect: it was ${ratePercent(after.rate)} already${renamed ? `; changed the name to "${c.name}"` : ''}`;
    await recordAudit(tx, { kind: 'operator', userId: null, name: c.scheduled_by, role: 'admin' }, {
      action: 'tax.update', entity: 'tax', entityId: c.tax_id,
      summary,
      before, after: { ...after, from },
    });
  }
  if (due.length > 0) {
    await tx.query("SELECT set_config('aisle.tax_rate_from', '', true)");
    await publishTaxesAndTenders(tx);
  }
  return due.length;
}
