// A tax's next rate scheduled ahead (`PUT|DELETE /api/admin/taxes/:id/scheduled-rate`, migration
// 134): a law change that takes effect at a set instant. Scheduling publishes it to the tills at
// once (the tax's config `next`), so each till switches at that instant on its own clock, online or
// not; the server applies it to the catalog at the same instant (tax-rate-apply.ts), by a timer in
// the process that scheduled it and a once-a-minute sweep in every process (any of them: the
// schedule's row is taken once), and when a process starts. The apply dates the new rate in the
// rate's history from the scheduled instant, so a sale made either side of it is judged against the
// rate then in force (pos/tax-checks.ts).
import type { TaxDetail, TaxScheduleInput } from '../../shared/admin-api/catalog.ts';
import { ratePercent as percent } from '../../shared/tax/index.ts';
import type { Db, Tx } from '../db/db.ts';
import { publishTaxesAndTenders } from '../feed/config-docs.ts';
import { HttpError, notFound } from '../http/errors.ts';
import { type PeriodicJob, sharedRun, startPeriodicJob } from '../http/periodic-job.ts';
import type { Actor } from './actor.ts';
import { recordAudit } from './audit.ts';
import { applyDueTaxRates, auditInstant } from './tax-rate-apply.ts';
import { checkNameFree, lockTaxes, taxDetail } from './taxes.ts';

/** How far ahead a rate may be scheduled: a law is passed months ahead, not years (a typo's year is caught). */
export const MAX_SCHEDULE_AHEAD_MS = 2 * 366 * 24 * 3600 * 1000;

/** The instant as the admin wrote it ("2027-01-01 00:00 +01:00"), for the audit log's sentence. */
function asWritten(from: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/i.exec(from);
  if (!m) return from;
  const seconds = m[3] && m[3] !== '00' ? `:${m[3]}` : '';
  return `${m[1]} ${m[2]}${seconds} ${m[4]?.toUpperCase() === 'Z' ? 'UTC' : m[4]}`;
}

async function lockedTax(tx: Tx, id: string): Promise<{ name: string; rate: number; active: boolean }> {
  const [row] = await tx.query<{ name: string; rate: string; active: boolean }>('SELECT name, rate::text, active FROM taxes WHERE id = $1 FOR UPDATE', [id]);
  if (!row) throw notFound(`no tax ${id}`);
  return { name: row.name, rate: Number(row.rate), active: row.active };
}

/**
 * Schedules (or replaces) the tax's next rate. Refused with a sentence: an instant already past by
 * the server's clock or more than two years ahead, a retired tax, a change that changes nothing, a
 * name another tax has or is scheduled to take.
 */
export async function scheduleTaxRate(db: Db, actor: Actor, id: string, input: TaxScheduleInput, now: Date = new Date()): Promise<TaxDetail> {
  const at = Date.parse(input.from);
  if (!Number.isFinite(at)) throw new HttpError(400, 'bad_request', `"${input.from}" is not a date and time: write it like 2027-01-01T00:00:00+01:00`);
  if (at <= now.getTime()) throw new HttpError(400, 'bad_request', `${asWritten(input.from)} has passed: a scheduled rate starts in the future (to change the rate now, edit the tax's rate)`);
  if (at - now.getTime() > MAX_SCHEDULE_AHEAD_MS) throw new HttpError(400, 'bad_request', `${asWritten(input.from)} is more than two years ahead: check the year`);
  const name = input.name?.trim();
  const detail = await db.transaction(async (tx) => {
    await lockTaxes(tx);
    await applyDueTaxRates(tx);
    const tax = await lockedTax(tx, id);
    if (!tax.active) throw new HttpError(409, 'tax_retired', `"${tax.name}" is retired: restore it before scheduling a rate`);
    const renamed = name !== undefined && name !== tax.name ? name : undefined;
    if (input.rate === tax.rate && renamed === undefined) throw new HttpError(400, 'bad_request', `"${tax.name}" is already at ${percent(tax.rate)}: schedule another rate or a new name`);
    if (renamed !== undefined) await checkNameFree(tx, renamed, id);
    const [old] = await tx.query<{ rate: string }>('SELECT rate::text FROM tax_rate_changes WHERE tax_id = $1', [id]);
    await tx.query(
      `INSERT INTO tax_rate_changes (tax_id, rate, name, effective_at, scheduled_by) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (tax_id) DO UPDATE SET rate = excluded.rate, name = excluded.name, effective_at = excluded.effective_at, scheduled_at = now(), scheduled_by = excluded.scheduled_by`,
      [id, input.rate, renamed ?? null, new Date(at).toISOString(), actor.name],
    );
    // The tills' config changes with it (its `next`): the config document is dated by this change.
    await tx.query('UPDATE taxes SET updated_at = now() WHERE id = $1', [id]);
    await publishTaxesAndTenders(tx);
    const as = renamed ? ` as "${renamed}"` : '';
    await recordAudit(tx, actor, {
      action: 'tax.schedule', entity: 'tax', entityId: id,
      summary: `${old ? 'rescheduled' : 'scheduled'} "${tax.name}" at ${percent(input.rate)}${as} from ${asWritten(input.from)}${old ? ` (was ${percent(Number(old.rate))})` : ''}`,
      before: { rate: tax.rate, name: tax.name }, after: { rate: input.rate, name: renamed ?? tax.name, from: new Date(at).toISOString() },
    });
    return taxDetail(tx, id);
  });
  armTaxRateTimer(db, at);
  return detail;
}

/** Cancels the tax's scheduled rate (404 `no_scheduled_rate` when it has none, or it applied already). */
export async function cancelScheduledTaxRate(db: Db, actor: Actor, id: string): Promise<TaxDetail> {
  return db.transaction(async (tx) => {
    await lockTaxes(tx);
    await applyDueTaxRates(tx);
    const tax = await lockedTax(tx, id);
    const [gone] = await tx.query<{ rate: string; effective_at: Date | string }>('DELETE FROM tax_rate_changes WHERE tax_id = $1 RETURNING rate::text, effective_at', [id]);
    if (!gone) throw new HttpError(404, 'no_scheduled_rate', `"${tax.name}" has no scheduled rate (a scheduled rate whose time came is the tax's rate now)`);
    await tx.query('UPDATE taxes SET updated_at = now() WHERE id = $1', [id]);
    await publishTaxesAndTenders(tx);
    const from = new Date(gone.effective_at).toISOString();
    await recordAudit(tx, actor, {
      action: 'tax.unschedule', entity: 'tax', entityId: id,
      summary: `cancelled the rate of ${percent(Number(gone.rate))} scheduled for "${tax.name}" from ${auditInstant(new Date(gone.effective_at))}`,
      before: { rate: Number(gone.rate), from }, after: null,
    });
    return taxDetail(tx, id);
  });
}

/** Applies the scheduled rates that are due, under the taxes' writer lock. */
export async function applyDueTaxRatesNow(db: Db): Promise<number> {
  return db.transaction(async (tx) => {
    // Nothing due: no lock taken (the sweep runs every minute in every process).
    const [due] = await tx.query('SELECT 1 FROM tax_rate_changes WHERE effective_at <= now() LIMIT 1');
    if (!due) return 0;
    await lockTaxes(tx);
    return applyDueTaxRates(tx);
  });
}

/** This process's applier for one database (startTaxRateJob): its timer for the earliest scheduled rate it knows. */
interface Applier {
  /** A rate due later than this (ms from now) is left to a later sweep (setTimeout holds at most ≈ 24.8 days anyway). */
  horizonMs: number;
  next: { at: number; timer: NodeJS.Timeout } | null;
  run(): void;
}

const appliers = new WeakMap<Db, Applier>();

/** Sets this process's timer for a rate scheduled at `at`, when it is the earliest one it knows and due within the horizon. */
function armTaxRateTimer(db: Db, at: number): void {
  const applier = appliers.get(db);
  if (!applier || (applier.next && applier.next.at <= at)) return;
  const delay = at - Date.now();
  if (delay > applier.horizonMs) return;
  if (applier.next) clearTimeout(applier.next.timer);
  // A little after the instant, and never a busy loop should the database's clock lag this one's.
  const timer = setTimeout(() => {
    applier.next = null;
    applier.run();
  }, Math.max(50, delay + 5));
  timer.unref();
  applier.next = { at, timer };
}

/**
 * Applies scheduled rates in this process: at start, every minute (one process per minute: sharedRun),
 * and at the instant of any change due within the next minute (a timer, also armed when this
 * process schedules one).
 */
export function startTaxRateJob(db: Db, onError: (err: unknown) => void, intervalMs = 60_000): PeriodicJob {
  let stopped = false;
  let running: Promise<unknown> = Promise.resolve();
  const state: Applier = {
    horizonMs: intervalMs,
    next: null,
    run: () => {
      if (stopped) return;
      running = running.then(() => tick()).catch(onError);
    },
  };
  const tick = async (): Promise<void> => {
    if (stopped) return;
    await applyDueTaxRatesNow(db);
    const [next] = await db.query<{ at: Date | string }>('SELECT min(effective_at) AS at FROM tax_rate_changes');
    if (next?.at) armTaxRateTimer(db, new Date(next.at).getTime());
  };
  appliers.set(db, state);
  state.run();
  const sweep = startPeriodicJob(tick, intervalMs, onError, sharedRun(db, 'tax-rate-changes', intervalMs));
  return {
    async stop() {
      stopped = true;
      if (state.next) clearTimeout(state.next.timer);
      if (appliers.get(db) === state) appliers.delete(db);
      await sweep.stop();
      await running;
    },
  };
}
