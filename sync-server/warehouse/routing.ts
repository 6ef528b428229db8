// Order routing, pure: which warehouse serves how much of each line. The first warehouse (in
// priority order) that can serve the whole order takes it. Otherwise the shortage policy says:
// 'split' takes each line from the warehouses in order, as far as their stock goes; 'backorder'
// keeps the order in the one warehouse that can serve most of it. What no warehouse has is
// backordered at the warehouse that got the line (the first one for lines nobody can serve).
import { round4 } from './errors.ts';

export type ShortagePolicy = 'split' | 'backorder';

export interface RouteLine {
  key: string;
  productId: string;
  qty: number;
}

export interface RouteWarehouse {
  siteId: string;
  /** product → units available (on-hand − reserved) now. */
  available: ReadonlyMap<string, number>;
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

export function routeOrder(lines: readonly RouteLine[], warehouses: readonly RouteWarehouse[], policy: ShortagePolicy): RoutePart[] {
  const first = warehouses[0];
  if (!first) return [];
  const whole = warehouses.find((w) => canServe(w, lines));
  if (whole) return takeFrom(whole, lines);
  if (policy === 'backorder') {
    let best = first;
    let bestServed = -1;
    for (const w of warehouses) {
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
      const at = parts.find((p) => p.key === l.key && p.siteId === (home ?? first.siteId));
      if (at) at.backorder = need;
      else parts.push({ siteId: first.siteId, key: l.key, reserve: 0, backorder: need });
    }
  }
  return parts;
}
