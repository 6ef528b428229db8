// Which sites ship a channel's delivery orders, and in what order (migration 092): the channel's
// routing policy and its list of sites. Stores take part in fulfilment here ("ship from store"):
// they ship in one step from their shelves, only above the channel's safety buffer (what the
// tills keep to sell), and never hold a channel's backorder while a warehouse can (order-intake.ts,
// routing.ts). Read before the feed lock: master data only.
import type { RoutingPolicy } from '../../shared/admin-api/channels.ts';
import type { Queryable } from '../db/db.ts';
import { listWarehouses, type Warehouse } from './sites.ts';

export interface RouteSite extends Warehouse {
  kind: 'store' | 'warehouse';
}

export interface ChannelRouting {
  policy: RoutingPolicy;
  /** The channel's list of sites, in its order (nearest first). */
  listed: RouteSite[];
}

export async function channelRouting(q: Queryable, channel: string): Promise<ChannelRouting> {
  const [row] = await q.query<{ routing: RoutingPolicy }>('SELECT routing FROM channels WHERE code = $1', [channel]);
  const listed = await q.query<{ id: string; code: string; kind: 'store' | 'warehouse'; steps: number | null; priority: number | null }>(
    `SELECT s.id, s.code, s.kind, c.delivery_steps AS steps, c.priority FROM channel_route_sites r JOIN sites s ON s.id = r.site_id
     LEFT JOIN warehouse_config c ON c.site_id = s.id WHERE r.channel = $1 ORDER BY r.position`,
    [channel],
  );
  return { policy: row?.routing ?? 'warehouse-first', listed: listed.map(toSite) };
}

const toSite = (r: { id: string; code: string; kind: 'store' | 'warehouse'; steps: number | null; priority: number | null }): RouteSite => ({
  siteId: r.id, code: r.code, kind: r.kind,
  // A store ships from its shelves in one step; warehouses follow their delivery route.
  steps: r.kind === 'store' ? 1 : ((r.steps ?? 1) as Warehouse['steps']),
  priority: r.priority ?? 100,
});

async function stores(q: Queryable): Promise<RouteSite[]> {
  const rows = await q.query<{ id: string; code: string }>(`SELECT id, code FROM sites WHERE kind = 'store' ORDER BY code`);
  return rows.map((r) => toSite({ ...r, kind: 'store', steps: 1, priority: null }));
}

/**
 * The sites that may ship the channel's delivery orders, in the policy's order. stock-richest is
 * ranked again under the lock by what each site holds of the order (routing.ts richestFirst).
 */
export async function routingCandidates(q: Queryable, channel: string): Promise<{ policy: RoutingPolicy; sites: RouteSite[] }> {
  const { policy, listed } = await channelRouting(q, channel);
  const warehouses = (await listWarehouses(q)).map((w): RouteSite => ({ ...w, kind: 'warehouse' }));
  if (policy === 'warehouse-first') return { policy, sites: warehouses };
  if (policy === 'nearest') return { policy, sites: listed.length > 0 ? listed : warehouses };
  const all = listed.length > 0 ? listed : policy === 'store-first' ? [...(await stores(q)), ...warehouses] : [...warehouses, ...(await stores(q))];
  // Stable: the list's order within each kind.
  return { policy, sites: policy === 'store-first' ? [...all.filter((s) => s.kind === 'store'), ...all.filter((s) => s.kind === 'warehouse')] : all };
}

/**
 * Where units of a delivery order that a store can no longer hold (sold at the till, missing at a
 * count) wait for stock again: the channel's first warehouse, so the order is not stuck on a
 * store's shelf. Pickup orders and sites that are not stores stay where they are (null).
 */
export async function replanWarehouse(q: Queryable, orderId: string, siteId: string): Promise<Warehouse | null> {
  const [row] = await q.query<{ kind: string; fulfillment: string; channel: string }>(
    'SELECT s.kind, o.fulfillment, o.channel FROM sites s, orders o WHERE s.id = $1 AND o.id = $2',
    [siteId, orderId],
  );
  if (row?.kind !== 'store' || row.fulfillment !== 'delivery') return null;
  const { sites } = await routingCandidates(q, row.channel);
  return sites.find((s) => s.kind === 'warehouse') ?? (await listWarehouses(q))[0] ?? null;
}
