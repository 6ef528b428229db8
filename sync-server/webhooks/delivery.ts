// The delivery worker: one per server process. It claims due deliveries with FOR UPDATE SKIP
// LOCKED and a lease (`locked_until`), so several processes on one PostgreSQL never send the same
// delivery at once, and a process killed mid-request leaves a claim that simply runs out: the row
// is sent again, with the same webhook-id, by whichever process comes next. The HTTP request is
// made outside any transaction. Outcomes: 2xx → succeeded; 410 Gone → the endpoint is disabled;
// anything else → retried on the Standard Webhooks schedule (or the receiver's Retry-After),
// failed once the schedule is exhausted. Every attempt is logged for the endpoint's delivery log.
import { nextAttempt, parseRetryAfter } from '../../shared/webhooks/retry-schedule.ts';
import type { Db } from '../db/db.ts';
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
        const due = await claimDue(db, batch, leaseMs);
        claimed = due.length;
        await Promise.all(due.map((d) => deliverOnce(db, d, timeoutMs)));
      } catch (err) {
        if (running) onError(err);
      }
      if (running && claimed < batch) await pause(Math.min(pollMs, availabilityMs > 0 ? availabilityMs : pollMs));
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

async function claimDue(db: Db, batch: number, leaseMs: number): Promise<Claimed[]> {
  const rows = await db.query<Claimed>(
    `WITH c AS (
       SELECT d.id FROM webhook_deliveries d JOIN webhook_endpoints e ON e.id = d.endpoint_id AND e.enabled
       WHERE d.state = 'pending' AND d.next_attempt_at <= now() AND (d.locked_until IS NULL OR d.locked_until <= now())
       ORDER BY d.next_attempt_at, d.id LIMIT $1 FOR UPDATE OF d SKIP LOCKED),
     u AS (
       UPDATE webhook_deliveries d SET locked_until = now() + $2 * interval '1 millisecond', attempts = d.attempts + 1
       FROM c WHERE d.id = c.id RETURNING d.id, d.attempts, d.event_id, d.endpoint_id)
     SELECT u.id::text AS id, u.attempts, u.event_id, u.endpoint_id, e.url, ev.body,
       coalesce((SELECT jsonb_agg(s.secret ORDER BY s.id DESC) FROM webhook_secrets s
                 WHERE s.endpoint_id = e.id AND (s.expires_at IS NULL OR s.expires_at > now())), '[]'::jsonb) AS secrets
     FROM u JOIN webhook_endpoints e ON e.id = u.endpoint_id JOIN webhook_events ev ON ev.id = u.event_id`,
    [batch, leaseMs],
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
    const res = await fetch(d.url, {
      method: 'POST',
      headers: { ...webhookHeaders(d.secrets, d.event_id, new Date(), d.body), 'content-type': 'application/json', 'user-agent': 'Aisle-Webhooks/1' },
      body: d.body,
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await res.text().catch(() => '');
    return { status: res.status, error: null, retryAfter: res.headers.get('retry-after'), excerpt: text.slice(0, 500), durationMs: Date.now() - started };
  } catch (err) {
    const cause = err instanceof Error && err.cause instanceof Error ? `: ${err.cause.message}` : '';
    return { status: null, error: `${err instanceof Error ? err.message : String(err)}${cause}`.slice(0, 500), retryAfter: null, excerpt: null, durationMs: Date.now() - started };
  }
}

async function deliverOnce(db: Db, d: Claimed, timeoutMs: number): Promise<void> {
  const out = await send(d, timeoutMs);
  const now = new Date();
  await db.transaction(async (tx) => {
    await tx.query(
      `INSERT INTO webhook_attempts (delivery_id, attempt, status, error, duration_ms, response_excerpt)
       SELECT $1, count(*) + 1, $2, $3, $4, $5 FROM webhook_attempts WHERE delivery_id = $1`,
      [d.id, out.status, out.error, out.durationMs, out.excerpt],
    );
    // `attempts = $2`: if our claim ran out and another process took the row, its result counts.
    const mine = 'id = $1 AND attempts = $2 AND state = \'pending\'';
    if (out.status !== null && out.status >= 200 && out.status < 300) {
      await tx.query(`UPDATE webhook_deliveries SET state = 'succeeded', delivered_at = now(), last_status = $3, last_error = NULL, locked_until = NULL WHERE ${mine}`, [d.id, d.attempts, out.status]);
      return;
    }
    if (out.status === 410) {
      await tx.query(`UPDATE webhook_deliveries SET state = 'failed', last_status = 410, last_error = 'the endpoint answered 410 Gone', locked_until = NULL WHERE ${mine}`, [d.id, d.attempts]);
      await tx.query(`UPDATE webhook_endpoints SET enabled = false, disabled_reason = $2, updated_at = now() WHERE id = $1`, [d.endpoint_id, `answered 410 Gone on ${now.toISOString()}`]);
      return;
    }
    const error = out.error ?? `HTTP ${out.status ?? '?'}`;
    const step = nextAttempt(d.attempts, parseRetryAfter(out.retryAfter, now));
    if (step.kind === 'give_up') {
      await tx.query(`UPDATE webhook_deliveries SET state = 'failed', last_status = $3, last_error = $4, locked_until = NULL WHERE ${mine}`, [d.id, d.attempts, out.status, error]);
      return;
    }
    await tx.query(
      `UPDATE webhook_deliveries SET next_attempt_at = now() + $5 * interval '1 millisecond', last_status = $3, last_error = $4, locked_until = NULL WHERE ${mine}`,
      [d.id, d.attempts, out.status, error, step.delayMs],
    );
  });
}
