// The delivery worker: one per server process. It claims due deliveries with FOR UPDATE SKIP
// LOCKED and a lease (`locked_until`), so several processes on one PostgreSQL never send the same
// delivery at once, and a process killed mid-request leaves a claim that simply runs out: the row
// is sent again, with the same webhook-id, by whichever process comes next. The HTTP request is
// made outside any transaction (http-post.ts). Outcomes: 2xx → succeeded; 410 Gone → the endpoint is disabled;
// anything else → retried on the Standard Webhooks schedule (or the receiver's Retry-After),
// failed once the schedule is exhausted. Every attempt is logged for the endpoint's delivery log.
import { nextAttempt, parseRetryAfter } from '../../shared/webhooks/retry-schedule.ts';
import type { Db } from '../db/db.ts';
import { postWebhook } from './http-post.ts';
import { onWebhookCommitted } from './outbox.ts';
import { webhookHeaders } from './signature.ts';

export interface WebhookWorkerOptions {
  /** How often due deliveries are looked for when nothing woke the worker (ms, default 1000). */
  pollMs?: number;
  /** How long a claim holds before another process may send the delivery again (ms, default 30 s). */
  leaseMs?: number;
  /** Timeout of one HTTP attempt (ms, default 15 s; must stay below the lease). */
  timeoutMs?: number;
  /** Deliveries claimed per round. */
  batch?: number;
  /** How often changed stock is turned into debounced availability events (ms, default 2 s; 0 = never). */
  availabilityMs?: number;
  /**
   * After a commit wakes the worker, how long it waits for the commits right behind it, so that
   * they share one claim and one write of outcomes (ms, default 50; 0 = at once). Under order
   * intake a claim per commit cost the server about twice the CPU per delivery of full batches.
   */
  lingerMs?: number;
  /**
   * The clock deliveries are due by and retries scheduled from (default: the database's now()).
   * Tests move it on to run a whole retry schedule in seconds, as pickup expiry's `now` does.
   */
  now?: () => Date;
}

interface Claimed {
  id: string;
  attempts: number;
  event_id: string;
  endpoint_id: string;
  url: string;
  body: string;
  secrets: string[];
}

export interface WebhookWorker {
  /** Looks for due deliveries now. */
  kick(): void;
  stop(): Promise<void>;
}

export type AvailabilityWatch = (db: Db) => Promise<unknown>;

export function startWebhookWorker(db: Db, options: WebhookWorkerOptions, onError: (err: unknown) => void, watchAvailability?: AvailabilityWatch): WebhookWorker {
  const pollMs = options.pollMs ?? 1000;
  const leaseMs = options.leaseMs ?? 30_000;
  const timeoutMs = Math.min(options.timeoutMs ?? 15_000, Math.max(1000, leaseMs - 1000));
  const batch = options.batch ?? 20;
  const availabilityMs = options.availabilityMs ?? 2000;
  const lingerMs = options.lingerMs ?? 50;
  let running = true;
  let wake: (() => void) | null = null;
  let pendingKick = false;
  let lastWatch = 0;
  const kick = (): void => {
    pendingKick = true;
    wake?.();
  };
  const unsubscribe = onWebhookCommitted(db.bus, kick);
  const pause = (ms: number): Promise<void> => new Promise((resolve) => {
    if (pendingKick || !running) return resolve();
    const t = setTimeout(done, ms);
    function done(): void {
      clearTimeout(t);
      wake = null;
      resolve();
    }
    wake = done;
  });

  const loop = (async () => {
    while (running) {
      pendingKick = false;
      let claimed = 0;
      try {
        if (watchAvailability && availabilityMs > 0 && Date.now() - lastWatch >= availabilityMs) {
          lastWatch = Date.now();
          await watchAvailability(db);
        }
        const due = await claimDue(db, batch, leaseMs, options.now?.() ?? null);
        claimed = due.length;
        if (due.length > 0) await recordOutcomes(db, await Promise.all(due.map(async (d) => ({ d, out: await send(d, timeoutMs) }))), options.now?.() ?? null);
      } catch (err) {
        if (running) onError(err);
      }
      if (running && claimed < batch) {
        await pause(Math.min(pollMs, availabilityMs > 0 ? availabilityMs : pollMs));
        if (running && pendingKick && lingerMs > 0) await new Promise((resolve) => setTimeout(resolve, lingerMs));
      }
    }
  })();

  return {
    kick,
    async stop() {
      running = false;
      unsubscribe();
      wake?.();
      await loop;
    },
  };
}

/** `at`: the injected clock, or null for the database's now(). */
async function claimDue(db: Db, batch: number, leaseMs: number, at: Date | null): Promise<Claimed[]> {
  const rows = await db.query<Claimed>(
    `WITH c AS (
       SELECT d.id FROM webhook_deliveries d JOIN webhook_endpoints e ON e.id = d.endpoint_id AND e.enabled
       WHERE d.state = 'pending' AND d.next_attempt_at <= coalesce($3::timestamptz, now()) AND (d.locked_until IS NULL OR d.locked_until <= coalesce($3::timestamptz, now()))
       ORDER BY d.next_attempt_at, d.id LIMIT $1 FOR UPDATE OF d SKIP LOCKED),
     u AS (
       UPDATE webhook_deliveries d SET locked_until = coalesce($3::timestamptz, now()) + $2 * interval '1 millisecond', attempts = d.attempts + 1
       FROM c WHERE d.id = c.id RETURNING d.id, d.attempts, d.event_id, d.endpoint_id)
     SELECT u.id::text AS id, u.attempts, u.event_id, u.endpoint_id, e.url, ev.body,
       coalesce((SELECT jsonb_agg(s.secret ORDER BY s.id DESC) FROM webhook_secrets s
                 WHERE s.endpoint_id = e.id AND (s.expires_at IS NULL OR s.expires_at > now())), '[]'::jsonb) AS secrets
     FROM u JOIN webhook_endpoints e ON e.id = u.endpoint_id JOIN webhook_events ev ON ev.id = u.event_id`,
    [batch, leaseMs, at],
  );
  return rows.map((r) => ({ ...r, attempts: Number(r.attempts) }));
}

interface Outcome {
  status: number | null;
  error: string | null;
  retryAfter: string | null;
  excerpt: string | null;
  durationMs: number;
}

async function send(d: Claimed, timeoutMs: number): Promise<Outcome> {
  const started = Date.now();
  try {
    const headers = { ...webhookHeaders(d.secrets, d.event_id, new Date(), d.body), 'content-type': 'application/json', 'user-agent': 'Aisle-Webhooks/1' };
    const res = await postWebhook(d.url, headers, d.body, timeoutMs);
    return { status: res.status, error: null, retryAfter: res.retryAfter, excerpt: res.excerpt, durationMs: Date.now() - started };
  } catch (err) {
    return { status: null, error: (err instanceof Error ? err.message : String(err)).slice(0, 500), retryAfter: null, excerpt: null, durationMs: Date.now() - started };
  }
}

/**
 * Writes a claimed batch's outcomes at once (a transaction per delivery cost more than the sends:
 * `npm run bench -- webhooks`) — one statement when all succeeded, else one transaction: every
 * attempt logged, successes closed set-based, then 410s and retries one by one. A process killed before this commit leaves claims that run out: the
 * deliveries are sent again, same webhook-id (at least once).
 */
async function recordOutcomes(db: Db, results: readonly { d: Claimed; out: Outcome }[], at: Date | null): Promise<void> {
  const now = at ?? new Date();
  const ok = (o: Outcome): boolean => o.status !== null && o.status >= 200 && o.status < 300;
  if (results.every((r) => ok(r.out))) {
    // The usual case, in one statement: attempts logged and deliveries closed.
    await db.query(
      `WITH r AS (SELECT * FROM jsonb_to_recordset($1::jsonb) AS r(id bigint, attempts int, status int, duration int, excerpt text)),
       logged AS (INSERT INTO webhook_attempts (delivery_id, attempt, status, error, duration_ms, response_excerpt)
                  SELECT r.id, (SELECT count(*) + 1 FROM webhook_attempts a WHERE a.delivery_id = r.id), r.status, NULL, r.duration, r.excerpt FROM r)
       UPDATE webhook_deliveries d SET state = 'succeeded', delivered_at = now(), last_status = r.status, last_error = NULL, locked_until = NULL
       FROM r WHERE d.id = r.id AND d.attempts = r.attempts AND d.state = 'pending'`,
      [JSON.stringify(results.map(({ d, out }) => ({ id: d.id, attempts: d.attempts, status: out.status, duration: out.durationMs, excerpt: out.excerpt })))],
    );
    return;
  }
  await db.transaction(async (tx) => {
    await tx.query(
      `INSERT INTO webhook_attempts (delivery_id, attempt, status, error, duration_ms, response_excerpt)
       SELECT r.id, (SELECT count(*) + 1 FROM webhook_attempts a WHERE a.delivery_id = r.id), r.status, r.error, r.duration, r.excerpt
       FROM jsonb_to_recordset($1::jsonb) AS r(id bigint, status int, error text, duration int, excerpt text)`,
      [JSON.stringify(results.map(({ d, out }) => ({ id: d.id, status: out.status, error: out.error, duration: out.durationMs, excerpt: out.excerpt })))],
    );
    // `attempts` must still be ours: if our claim ran out and another process took the row, its result counts.
    const succeeded = results.filter((r) => ok(r.out));
    if (succeeded.length > 0) {
      await tx.query(
        `UPDATE webhook_deliveries d SET state = 'succeeded', delivered_at = now(), last_status = r.status, last_error = NULL, locked_until = NULL
         FROM jsonb_to_recordset($1::jsonb) AS r(id bigint, attempts int, status int)
         WHERE d.id = r.id AND d.attempts = r.attempts AND d.state = 'pending'`,
        [JSON.stringify(succeeded.map(({ d, out }) => ({ id: d.id, attempts: d.attempts, status: out.status })))],
      );
    }
    for (const { d, out } of results) {
      if (ok(out)) continue;
      const mine = 'id = $1 AND attempts = $2 AND state = \'pending\'';
      if (out.status === 410) {
        await tx.query(`UPDATE webhook_deliveries SET state = 'failed', last_status = 410, last_error = 'the endpoint answered 410 Gone', locked_until = NULL WHERE ${mine}`, [d.id, d.attempts]);
        await tx.query(`UPDATE webhook_endpoints SET enabled = false, disabled_reason = $2, updated_at = now() WHERE id = $1`, [d.endpoint_id, `answered 410 Gone on ${now.toISOString()}`]);
        continue;
      }
      const error = out.error ?? `HTTP ${out.status ?? '?'}`;
      const step = nextAttempt(d.attempts, parseRetryAfter(out.retryAfter, now));
      if (step.kind === 'give_up') {
        await tx.query(`UPDATE webhook_deliveries SET state = 'failed', last_status = $3, last_error = $4, locked_until = NULL WHERE ${mine}`, [d.id, d.attempts, out.status, error]);
        continue;
      }
      await tx.query(
        `UPDATE webhook_deliveries SET next_attempt_at = coalesce($6::timestamptz, now()) + $5 * interval '1 millisecond', last_status = $3, last_error = $4, locked_until = NULL WHERE ${mine}`,
        [d.id, d.attempts, out.status, error, step.delayMs, at],
      );
    }
  });
}
