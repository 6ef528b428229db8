// What a validation did, in words a picker checks against the goods: what shipped (or was
// received, moved, counted) and what was backordered or dropped — from the event this station
// wrote, so it shows at once, offline too. Also the names of the site's stations.
import type { Picking, PickingEvent } from '../../shared/schemas/index.ts';
import type { SiteConfig } from '../../shared/schemas/index.ts';
import { scannerRuntime } from './scanner-runtime.ts';

const round4 = (n: number): number => Math.round(n * 10_000) / 10_000;

const doneVerb: Record<Picking['kind'], string> = { delivery: 'Shipped', receipt: 'Received', transfer: 'Moved', count: 'Counted' };

/** `2 × Apple, 1 × Pear` — quantities per product in line order. */
function listOf(qtyByProduct: ReadonlyMap<string, number>): string {
  const rt = scannerRuntime();
  return [...qtyByProduct].map(([id, qty]) => `${qty} × ${rt.catalog.byId.get(id)?.name ?? id}`).join(', ');
}

export function summarizeValidation(picking: Picking, event: PickingEvent): { done: string; rest: string | null } {
  const moved = new Map<string, number>();
  const perLine = new Map<string, number>();
  for (const l of event.lines ?? []) {
    moved.set(l.productId, round4((moved.get(l.productId) ?? 0) + l.qty));
    perLine.set(l.lineId, round4((perLine.get(l.lineId) ?? 0) + l.qty));
  }
  const verb = picking.kind === 'delivery' && picking.step !== 'ship' ? 'Picked' : doneVerb[picking.kind];
  const done = moved.size > 0 ? `${verb}: ${listOf(moved)}.` : `${verb}: nothing.`;
  if (picking.kind === 'count') return { done, rest: null };
  const missing = new Map<string, number>();
  for (const l of picking.lines) {
    const left = round4(l.qty - (perLine.get(l.lineId) ?? 0));
    if (left > 0) missing.set(l.productId, round4((missing.get(l.productId) ?? 0) + left));
  }
  if (missing.size === 0) return { done, rest: null };
  return { done, rest: `${event.backorder === false ? 'Not shipped, no backorder' : 'Backordered'}: ${listOf(missing)}.` };
}

export function ValidationSummary({ picking, event }: { picking: Picking; event: PickingEvent }) {
  const { done, rest } = summarizeValidation(picking, event);
  return (
    <p aria-label="Validation summary">
      {done}
      {rest && ` ${rest}`}
    </p>
  );
}

/** A station by its device name (the site's config lists them); an unknown one by a short id. */
export function stationName(stations: SiteConfig['stations'], deviceId: string): string {
  const named = stations?.find((s) => s.id === deviceId)?.name;
  return named ? `station ${named}` : `another station (…${deviceId.slice(-6)})`;
}
