// Webhook endpoints (admin): create with a fresh `whsec_` secret (shown once), list, change,
// rotate the secret (the old one keeps signing for an overlap), read the delivery log, and replay
// a delivery (same event, same webhook-id, sent again now).
import { v7 as uuidv7 } from 'uuid';
import type { WebhookDelivery, WebhookEndpoint, WebhookEndpointCreate, WebhookEndpointUpdate, WebhookEndpointWithSecret } from '../../shared/schemas/webhooks.ts';
import type { Db, Queryable } from '../db/db.ts';
import { newWebhookSecret } from './signature.ts';
import { WebhookError } from './webhook-error.ts';

interface EndpointRow {
  id: string;
  url: string;
  description: string;
  channel: string | null;
  event_types: string[] | string;
  enabled: boolean;
  disabled_reason: string | null;
  created_at: Date | string;
}

const iso = (d: Date | string | null): string | null => (d === null ? null : new Date(d).toISOString());

function endpointOf(r: EndpointRow): WebhookEndpoint {
  return {
    id: r.id,
    url: r.url,
    description: r.description,
    channel: r.channel,
    eventTypes: typeof r.event_types === 'string' ? r.event_types.replace(/^\{|\}$/g, '').split(',').filter(Boolean) : r.event_types,
    enabled: r.enabled,
    disabledReason: r.disabled_reason,
    createdAt: iso(r.created_at) ?? '',
  };
}

/** Said when an endpoint is not there (deleted meanwhile, or a wrong id). */
const gone = (id: string): string => `There is no webhook endpoint ${id} (any more): it may have been deleted. Reload the list.`;

const COLUMNS = 'id, url, description, channel, event_types, enabled, disabled_reason, created_at';

export async function createEndpoint(db: Db, body: WebhookEndpointCreate): Promise<WebhookEndpointWithSecret> {
  const id = uuidv7();
  const secret = newWebhookSecret();
  return db.transaction(async (tx) => {
    const [row] = await tx.query<EndpointRow>(
      `INSERT INTO webhook_endpoints (id, url, description, channel, event_types) VALUES ($1, $2, $3, $4, $5::text[]) RETURNING ${COLUMNS}`,
      [id, body.url, body.description ?? '', body.channel ?? null, [...body.eventTypes]],
    );
    await tx.query('INSERT INTO webhook_secrets (endpoint_id, secret) VALUES ($1, $2)', [id, secret]);
    if (!row) throw new WebhookError('internal', 'endpoint not created');
    return { ...endpointOf(row), secret };
  });
}

interface ListedRow extends EndpointRow {
  last: { type: string; state: WebhookDelivery['state']; attempts: number; lastStatus: number | null; lastError: string | null; at: string; nextAttemptAt: string | null } | null;
}

/** Every endpoint with its newest delivery (for the back office's list). */
export async function listEndpoints(q: Queryable): Promise<WebhookEndpoint[]> {
  const rows = await q.query<ListedRow>(
    `SELECT ${COLUMNS.split(', ').map((c) => `e.${c}`).join(', ')},
       (SELECT jsonb_build_object('type', ev.type, 'state', d.state, 'attempts', d.attempts, 'lastStatus', d.last_status, 'lastError', d.last_error,
                 'at', coalesce(d.delivered_at, d.created_at), 'nextAttemptAt', CASE WHEN d.state = 'pending' THEN d.next_attempt_at END)
        FROM webhook_deliveries d JOIN webhook_events ev ON ev.id = d.event_id WHERE d.endpoint_id = e.id ORDER BY d.id DESC LIMIT 1) AS last
     FROM webhook_endpoints e ORDER BY e.created_at, e.id`,
  );
  return rows.map((r) => ({
    ...endpointOf(r),
    lastDelivery: r.last ? { ...r.last, attempts: Number(r.last.attempts), at: iso(r.last.at) ?? '', nextAttemptAt: iso(r.last.nextAttemptAt) } : null,
  }));
}

export async function getEndpoint(q: Queryable, id: string): Promise<WebhookEndpoint> {
  const [row] = await q.query<EndpointRow>(`SELECT ${COLUMNS} FROM webhook_endpoints WHERE id = $1`, [id]);
  if (!row) throw new WebhookError('unknown_endpoint', gone(id));
  return endpointOf(row);
}

export async function updateEndpoint(db: Db, id: string, body: WebhookEndpointUpdate): Promise<WebhookEndpoint> {
  const [row] = await db.query<EndpointRow>(
    `UPDATE webhook_endpoints SET url = coalesce($2, url), description = coalesce($3, description), event_types = coalesce($4::text[], event_types),
       enabled = coalesce($5, enabled), disabled_reason = CASE WHEN $5 IS TRUE THEN NULL ELSE disabled_reason END, updated_at = now()
     WHERE id = $1 RETURNING ${COLUMNS}`,
    [id, body.url ?? null, body.description ?? null, body.eventTypes ? [...body.eventTypes] : null, body.enabled ?? null],
  );
  if (!row) throw new WebhookError('unknown_endpoint', gone(id));
  return endpointOf(row);
}

export async function deleteEndpoint(db: Db, id: string): Promise<void> {
  const rows = await db.query('DELETE FROM webhook_endpoints WHERE id = $1 RETURNING id', [id]);
  if (rows.length === 0) throw new WebhookError('unknown_endpoint', gone(id));
}

/** A new secret signs from now on; the previous ones keep signing for `overlapSeconds` (default a day). */
export async function rotateSecret(db: Db, id: string, overlapSeconds = 86_400): Promise<WebhookEndpointWithSecret> {
  const endpoint = await getEndpoint(db, id);
  const secret = newWebhookSecret();
  await db.transaction(async (tx) => {
    await tx.query(
      `UPDATE webhook_secrets SET expires_at = least(coalesce(expires_at, 'infinity'), now() + $2 * interval '1 second') WHERE endpoint_id = $1`,
      [id, overlapSeconds],
    );
    await tx.query('INSERT INTO webhook_secrets (endpoint_id, secret) VALUES ($1, $2)', [id, secret]);
  });
  return { ...endpoint, secret };
}

interface DeliveryRow {
  id: string;
  event_id: string;
  type: string;
  resource: string;
  sequence: number;
  state: WebhookDelivery['state'];
  attempts: number;
  next_attempt_at: Date | string;
  last_status: number | null;
  last_error: string | null;
  delivered_at: Date | string | null;
  created_at: Date | string;
  log: { attempt: number; attemptedAt: string; status: number | null; error: string | null; durationMs: number }[];
}

export async function deliveryLog(q: Queryable, endpointId: string, opts: { state?: WebhookDelivery['state']; limit?: number; deliveryId?: string } = {}): Promise<WebhookDelivery[]> {
  await getEndpoint(q, endpointId);
  const rows = await q.query<DeliveryRow>(
    `SELECT d.id::text AS id, d.event_id, ev.type, ev.resource, ev.sequence, d.state, d.attempts, d.next_attempt_at, d.last_status, d.last_error, d.delivered_at, d.created_at,
       coalesce((SELECT jsonb_agg(jsonb_build_object('attempt', a.attempt, 'attemptedAt', a.attempted_at, 'status', a.status, 'error', a.error, 'durationMs', a.duration_ms) ORDER BY a.id)
                 FROM webhook_attempts a WHERE a.delivery_id = d.id), '[]'::jsonb) AS log
     FROM webhook_deliveries d JOIN webhook_events ev ON ev.id = d.event_id
     WHERE d.endpoint_id = $1 AND ($2::text IS NULL OR d.state = $2) AND ($4::text IS NULL OR d.id = $4::bigint) ORDER BY d.id DESC LIMIT $3`,
    [endpointId, opts.state ?? null, opts.limit ?? 100, opts.deliveryId ?? null],
  );
  return rows.map((r) => ({
    id: r.id,
    eventId: r.event_id,
    type: r.type,
    resource: r.resource,
    sequence: Number(r.sequence),
    state: r.state,
    attempts: Number(r.attempts),
    nextAttemptAt: r.state === 'pending' ? iso(r.next_attempt_at) : null,
    lastStatus: r.last_status === null ? null : Number(r.last_status),
    lastError: r.last_error,
    deliveredAt: iso(r.delivered_at),
    createdAt: iso(r.created_at) ?? '',
    log: r.log.map((a) => ({ ...a, attemptedAt: iso(a.attemptedAt) ?? '' })),
  }));
}

/** Sends a delivery again now (same event id); the retry schedule starts over. */
export async function replayDelivery(db: Db, endpointId: string, deliveryId: string): Promise<WebhookDelivery> {
  if (!/^\d{1,18}$/.test(deliveryId)) throw new WebhookError('unknown_delivery', `There is no delivery ${deliveryId} in this endpoint's log.`);
  const rows = await db.query(
    `UPDATE webhook_deliveries SET state = 'pending', attempts = 0, next_attempt_at = now(), locked_until = NULL WHERE id = $1::bigint AND endpoint_id = $2 RETURNING id`,
    [deliveryId, endpointId],
  );
  if (rows.length === 0) throw new WebhookError('unknown_delivery', `There is no delivery ${deliveryId} in this endpoint's log.`);
  const [found] = await deliveryLog(db, endpointId, { deliveryId });
  if (!found) throw new WebhookError('unknown_delivery', `There is no delivery ${deliveryId} in this endpoint's log.`);
  return found;
}
