// Sales channels for the back office: listed with their safety buffer, routing, invoicing policy,
// order count and API keys; created, renamed, their buffer, routing (which sites ship their delivery
// orders: warehouse/channel-routing.ts) and invoicing policy (warehouse/order-invoice.ts) set; keys
// made (the key is returned once, stored hashed — warehouse/channel-keys.ts) and revoked. A channel
// that only ever existed as a string on a key, a buffer or an order (before migration 076, or made
// through /api/channel-keys) is listed under its code. Every change is audited; keys never reach the
// log.
import type { Channel, ChannelCreate, ChannelKeyCreated, ChannelKeyRevoked, ChannelPatch, InvoicePolicy, RouteSite, RoutingPolicy } from '../../shared/admin-api/channels.ts';
import type { Db, Queryable, Tx } from '../db/db.ts';
import { HttpError, notFound } from '../http/errors.ts';
import { createChannelKey, revokeChannelKey } from '../warehouse/channel-keys.ts';
import { forgetInvoicePolicies } from '../warehouse/order-invoice-sweep.ts';
import { setChannelBuffer } from '../warehouse/policy.ts';
import type { Actor } from './actor.ts';
import { recordAudit } from './audit.ts';
import { byName } from '../db/name-sql.ts';

interface ChannelRow {
  code: string; name: string; buffer: number | null; routing: RoutingPolicy | null; route_sites: RouteSite[] | null; orders: number;
  invoice_policy: InvoicePolicy | null; invoice_policy_since: string | null;
  keys: { id: string; name: string; createdAt: string; revokedAt: string | null }[] | null;
}

const iso = (v: string | null): string | null => (v ? new Date(v).toISOString() : null);

const CHANNEL_SELECT = `
  WITH codes AS (
    SELECT code, name FROM channels
    UNION SELECT channel, channel FROM channel_api_keys WHERE channel NOT IN (SELECT code FROM channels)
    UNION SELECT channel, channel FROM channel_buffers WHERE channel NOT IN (SELECT code FROM channels)
    UNION SELECT channel, channel FROM orders WHERE channel NOT IN (SELECT code FROM channels))
  SELECT c.code, c.name, b.qty AS buffer, ch.routing, ch.invoice_policy, ch.invoice_policy_since,
         (SELECT jsonb_agg(jsonb_build_object('code', s.code, 'name', s.name, 'kind', s.kind) ORDER BY r.position)
            FROM channel_route_sites r JOIN sites s ON s.id = r.site_id WHERE r.channel = c.code) AS route_sites,
         (SELECT count(*)::int FROM orders o WHERE o.channel = c.code) AS orders,
         (SELECT jsonb_agg(jsonb_build_object('id', k.id, 'name', k.name, 'createdAt', k.created_at, 'revokedAt', k.revoked_at) ORDER BY k.created_at DESC)
            FROM channel_api_keys k WHERE k.channel = c.code) AS keys
  FROM codes c LEFT JOIN channel_buffers b ON b.channel = c.code LEFT JOIN channels ch ON ch.code = c.code`;

const toChannel = (r: ChannelRow): Channel => ({
  code: r.code,
  name: r.name,
  buffer: Number(r.buffer ?? 0),
  routing: r.routing ?? 'warehouse-first',
  routingSites: r.route_sites ?? [],
  invoicePolicy: r.invoice_policy ?? 'delivery',
  invoicePolicySince: iso(r.invoice_policy_since),
  orders: Number(r.orders),
  keys: (r.keys ?? []).map((k) => ({ id: k.id, name: k.name, createdAt: iso(k.createdAt) ?? '', revokedAt: iso(k.revokedAt) })),
});

export async function listChannels(q: Queryable): Promise<Channel[]> {
  const rows = await q.query<ChannelRow>(`${CHANNEL_SELECT} ORDER BY ${byName('c.name')}, c.code`);
  return rows.map(toChannel);
}

export async function getChannel(q: Queryable, code: string): Promise<Channel> {
  const [row] = await q.query<ChannelRow>(`${CHANNEL_SELECT} WHERE c.code = $1`, [code]);
  if (!row) throw notFound(`there is no channel ${code}`);
  return toChannel(row);
}

export async function createChannel(db: Db, actor: Actor, input: ChannelCreate): Promise<Channel> {
  return afterPolicyChange(db, await db.transaction(async (tx) => {
    const inserted = await tx.query('INSERT INTO channels (code, name) VALUES ($1, $2) ON CONFLICT (code) DO NOTHING RETURNING code', [input.code, input.name.trim()]);
    if (inserted.length === 0) throw new HttpError(409, 'channel_exists', `a channel with code ${input.code} already exists`);
    if (input.buffer !== undefined) await setChannelBuffer(tx, input.code, input.buffer);
    await setRouting(tx, input.code, input.routing, input.routingSites);
    await setInvoicePolicy(tx, input.code, input.invoicePolicy);
    const channel = await getChannel(tx, input.code);
    await recordAudit(tx, actor, { action: 'channel.create', entity: 'channel', entityId: input.code, summary: `created channel "${channel.name}" (${channel.code})`, after: auditView(channel) });
    return channel;
  }));
}

/** This process's invoicing kick reads the channels' policies again (another process's within a second). */
function afterPolicyChange(db: Db, channel: Channel): Channel {
  forgetInvoicePolicies(db);
  return channel;
}

const auditView = (c: Channel): object => ({ name: c.name, buffer: c.buffer, routing: c.routing, routingSites: c.routingSites.map((x) => x.code), invoicePolicy: c.invoicePolicy });

/** How the audit log words a policy. */
const invoicingWords: Record<InvoicePolicy, string> = { delivery: 'on delivery', order: 'on order' };

/**
 * Sets when the channel's orders are invoiced. The moment it changes is kept by the database
 * (migration 127's trigger, whoever writes it): orders made before keep the policy they were made under.
 */
async function setInvoicePolicy(tx: Tx, code: string, policy: InvoicePolicy | undefined): Promise<void> {
  if (policy !== undefined) await tx.query('UPDATE channels SET invoice_policy = $2, updated_at = now() WHERE code = $1 AND invoice_policy <> $2', [code, policy]);
}

/**
 * Sets the routing policy and/or the channel's list of sites (codes, in order). `nearest` needs the
 * list: sites carry no coordinates, so the admin says which are near the channel's customers.
 */
async function setRouting(tx: Tx, code: string, routing: RoutingPolicy | undefined, siteCodes: readonly string[] | undefined): Promise<void> {
  if (routing !== undefined) await tx.query('UPDATE channels SET routing = $2, updated_at = now() WHERE code = $1', [code, routing]);
  if (siteCodes !== undefined) {
    const sites = await tx.query<{ id: string; code: string }>('SELECT id, code FROM sites WHERE code = ANY($1::text[])', [[...siteCodes]]);
    const unknown = siteCodes.filter((c) => !sites.some((s) => s.code === c));
    if (unknown.length > 0) throw new HttpError(400, 'unknown_site', `there is no site with code ${unknown.join(', ')}`);
    await tx.query('DELETE FROM channel_route_sites WHERE channel = $1', [code]);
    await tx.query(
      `INSERT INTO channel_route_sites (channel, site_id, position) SELECT $1, s.id, x.position
       FROM unnest($2::text[]) WITH ORDINALITY AS x(code, position) JOIN sites s ON s.code = x.code`,
      [code, [...siteCodes]],
    );
  }
  const [row] = await tx.query<{ routing: RoutingPolicy; sites: number }>(
    'SELECT routing, (SELECT count(*)::int FROM channel_route_sites WHERE channel = $1) AS sites FROM channels WHERE code = $1',
    [code],
  );
  if (row?.routing === 'nearest' && Number(row.sites) === 0) {
    throw new HttpError(400, 'routing_sites_required', 'nearest routing ships from the sites listed for the channel, nearest first: list at least one site (routingSites)');
  }
}

/** A channel as the audit log names it: 'channel "Online shop" (shop)' — its code alone for one without a row. */
async function channelWords(tx: Tx, code: string): Promise<string> {
  const [row] = await tx.query<{ name: string }>('SELECT name FROM channels WHERE code = $1', [code]);
  return channelLabel(row?.name ?? code, code);
}

function channelLabel(name: string, code: string): string {
  return name !== code ? `channel "${name}" (${code})` : `channel ${code}`;
}

/** Makes sure a channel known only by its code gets a row, so it can be renamed. */
async function ensureRow(tx: Tx, code: string): Promise<void> {
  await getChannel(tx, code);
  await tx.query('INSERT INTO channels (code, name) VALUES ($1, $1) ON CONFLICT (code) DO NOTHING', [code]);
}

export async function updateChannel(db: Db, actor: Actor, code: string, patch: ChannelPatch): Promise<Channel> {
  return afterPolicyChange(db, await db.transaction(async (tx) => {
    await ensureRow(tx, code);
    const before = await getChannel(tx, code);
    if (patch.name !== undefined) await tx.query('UPDATE channels SET name = $2, updated_at = now() WHERE code = $1', [code, patch.name.trim()]);
    if (patch.buffer !== undefined) await setChannelBuffer(tx, code, patch.buffer);
    await setRouting(tx, code, patch.routing, patch.routingSites);
    await setInvoicePolicy(tx, code, patch.invoicePolicy);
    const after = await getChannel(tx, code);
    const sitesOf = (c: Channel): string => c.routingSites.map((x) => x.code).join(', ') || 'none';
    const parts = [
      ...(before.name !== after.name ? [`renamed "${before.name}" to "${after.name}"`] : []),
      ...(before.buffer !== after.buffer ? [`safety buffer ${before.buffer} → ${after.buffer}`] : []),
      ...(before.routing !== after.routing ? [`routing ${before.routing} → ${after.routing}`] : []),
      ...(sitesOf(before) !== sitesOf(after) ? [`routing sites ${sitesOf(before)} → ${sitesOf(after)}`] : []),
      ...(before.invoicePolicy !== after.invoicePolicy ? [`invoicing ${invoicingWords[before.invoicePolicy]} → ${invoicingWords[after.invoicePolicy]} (orders from now on)`] : []),
    ];
    await recordAudit(tx, actor, {
      action: 'channel.update', entity: 'channel', entityId: code,
      summary: `${channelLabel(after.name, code)}: ${parts.join(', ') || 'nothing changed'}`,
      before: auditView(before), after: auditView(after),
    });
    return after;
  }));
}

export async function createChannelKeyOp(db: Db, actor: Actor, code: string, name: string): Promise<ChannelKeyCreated> {
  return db.transaction(async (tx) => {
    await ensureRow(tx, code);
    const key = await createChannelKey(tx, code, name.trim());
    // The key itself goes to the caller once and nowhere else, the audit log included.
    await recordAudit(tx, actor, { action: 'channel-key.create', entity: 'channel-key', entityId: key.id, summary: `made API key "${key.name}" for ${await channelWords(tx, code)}`, after: { channel: code, name: key.name } });
    return key;
  });
}

export async function revokeChannelKeyOp(db: Db, actor: Actor, id: string): Promise<ChannelKeyRevoked> {
  return db.transaction(async (tx) => {
    const row = await revokeChannelKey(tx, id);
    if (!row) throw notFound('there is no active API key with that id (already revoked?)');
    await recordAudit(tx, actor, {
      action: 'channel-key.revoke', entity: 'channel-key', entityId: id, summary: `revoked API key "${row.name}" of ${await channelWords(tx, row.channel)}`,
      before: { revoked: false }, after: { revoked: true },
    });
    return { id, revokedAt: row.revokedAt };
  });
}
