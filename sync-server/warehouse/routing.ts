// Order routing, pure: which site (warehouse, or a store shipping from its shelves) serves how much
// of each line. The first site (in the channel's routing order) that can serve the whole order
// takes it. Otherwise the shortage policy says: 'split' takes each line from the sites in order,
// as far as their stock goes; 'backorder' keeps the order in the one site that can serve most of
// it. What no site has is backordered at the site that got the line (the first one for lines
// nobody can serve) — among the sites that may hold a backorder: a store ships what its shelves
// have now, a channel's shortage waits at a warehouse, where receipts arrive.
import { round4 } from './errors.ts';

export type ShortagePolicy = 'split' | 'backorder';

export interface RouteLine {
  key: string;
  productId: string;
  qty: number;
}

export interface RouteWarehouse {
  siteId: string;
  /** product → units available (on-hand − reserved, less a store's buffer) now. */
  available: ReadonlyMap<string, number>;
  /** False for a store shipping a channel's order: no backorder waits there while another site may hold it. */
  canWait?: boolean;
}

export interface RoutePart {
  siteId: string;
  key: string;
  /** Units reserved now at this warehouse. */
  reserve: number;
  /** Units that wait there for stock. */
  backorder: number;
}

function canServe(w: RouteWarehouse, lines: readonly RouteLine[]): boolean {
  const need = new Map<string, number>();
  for (const l of lines) need.set(l.productId, round4((need.get(l.productId) ?? 0) + l.qty));
  return [...need].every(([p, q]) => (w.available.get(p) ?? 0) >= q);
}

function takeFrom(w: RouteWarehouse, lines: readonly RouteLine[]): RoutePart[] {
  const left = new Map(w.available);
  return lines.map((l) => {
    const reserve = Math.max(0, Math.min(l.qty, left.get(l.productId) ?? 0));
    left.set(l.productId, round4((left.get(l.productId) ?? 0) - reserve));
    return { siteId: w.siteId, key: l.key, reserve, backorder: round4(l.qty - reserve) };
  });
}

/**
 * stock-richest: the sites ordered by the units of this order they can serve now, then by what they
 * hold of its products; ties keep their order (warehouses by priority first).
 */
export function richestFirst(lines: readonly RouteLine[], sites: readonly RouteWarehouse[]): RouteWarehouse[] {
  const products = [...new Set(lines.map((l) => l.productId))];
  const score = (w: RouteWarehouse): [number, number] => [
    takeFrom(w, lines).reduce((s, p) => s + p.reserve, 0),
    products.reduce((s, p) => s + Math.max(0, w.available.get(p) ?? 0), 0),
  ];
  return sites
    .map((w, i) => ({ w, i, s: score(w) }))
    .sort((a, b) => b.s[0] - a.s[0] || b.s[1] - a.s[1] || a.i - b.i)
    .map((x) => x.w);
}

export function routeOrder(lines: readonly RouteLine[], warehouses: readonly RouteWarehouse[], policy: ShortagePolicy): RoutePart[] {
  const first = warehouses[0];
  if (!first) return [];
  const whole = warehouses.find((w) => canServe(w, lines));
  if (whole) return takeFrom(whole, lines);
  const waiters = warehouses.filter((w) => w.canWait !== false);
  // Where a shortage may wait: the preferred site if it can, else the first site that can.
  const waitAt = (preferred: string | undefined): string => {
    const p = warehouses.find((w) => w.siteId === preferred);
    return (p && p.canWait !== false ? p : waiters[0] ?? p ?? first).siteId;
  };
  if (policy === 'backorder') {
    let best = waiters[0] ?? first;
    let bestServed = -1;
    for (const w of waiters.length > 0 ? waiters : warehouses) {
      const served = takeFrom(w, lines).reduce((s, p) => s + p.reserve, 0);
      if (served > bestServed) {
        best = w;
        bestServed = served;
      }
    }
    return takeFrom(best, lines);
  }
  const left = new Map(warehouses.map((w) => [w.siteId, new Map(w.available)]));
  const parts: RoutePart[] = [];
  for (const l of lines) {
    let need = l.qty;
    let home: string | undefined;
    for (const w of warehouses) {
      const stock = left.get(w.siteId);
      const take = Math.max(0, Math.min(need, stock?.get(l.productId) ?? 0));
      if (take <= 0 || !stock) continue;
      stock.set(l.productId, round4((stock.get(l.productId) ?? 0) - take));
      parts.push({ siteId: w.siteId, key: l.key, reserve: take, backorder: 0 });
      home ??= w.siteId;
      need = round4(need - take);
      if (need <= 0) break;
    }
    if (need > 0) {
      const site = waitAt(home ?? first.siteId);
      const at = parts.find((p) => p.key === l.key && p.siteId === site);
      if (at) at.backorder = need;
      else parts.push({ siteId: site, key: l.key, reserve: 0, backorder: need });
    }
  }
  return parts;
}
