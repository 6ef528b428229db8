// The `package_moves` handler: a scanner station moved a package (SSCC) as a unit, offline or not.
// The package did move, so the event is never dropped: the server moves what its books say the
// package holds (one stock move per product and lot) and tells the office, through the event's
// problems, about a package it does not know, one whose contents changed since the station saw
// them, one it had elsewhere, or one holding goods reserved for a delivery (not moved then: the
// reservation stays whole, and someone must bring the package back or move it with its picking).
import type { Problem } from '../../shared/schemas/common.ts';
import type { PackageMove } from '../../shared/schemas/package-move.ts';
import type { Tx } from '../db/db.ts';
import { RejectEventError } from '../events/errors.ts';
import type { EventContext } from '../events/registry.ts';
import { WarehouseError } from './errors.ts';
import { lockPackage, moveContents, type PackageContent, packageContents } from './packages.ts';
import { publishTouched, WorkContext } from './work-context.ts';

const key = (c: { productId: string; lot?: string }): string => `${c.productId}|${c.lot ?? ''}`;

/** "4 × Mug, 2 × Milk lot L1" — what a package holds, in product names. */
async function describeContents(tx: Tx, contents: readonly { productId: string; lot?: string; qty: number }[]): Promise<string> {
  if (contents.length === 0) return 'nothing';
  const rows = await tx.query<{ id: string; name: string }>('SELECT id, name FROM products WHERE id = ANY($1::text[])', [contents.map((c) => c.productId)]);
  const names = new Map(rows.map((r) => [r.id, r.name]));
  return contents.map((c) => `${c.qty} × ${names.get(c.productId) ?? c.productId}${c.lot ? ` lot ${c.lot}` : ''}`).join(', ');
}

function sameContents(seen: PackageMove['contents'], books: readonly PackageContent[]): boolean {
  const a = new Map<string, number>();
  for (const c of seen) a.set(key(c), (a.get(key(c)) ?? 0) + c.qty);
  if (a.size !== books.length) return false;
  return books.every((c) => Math.abs((a.get(key(c)) ?? Number.NaN) - c.qty) < 1e-9);
}

async function locationName(tx: Tx, id: string): Promise<string> {
  const [l] = await tx.query<{ full_name: string }>('SELECT full_name FROM locations WHERE id = $1', [id]);
  return l?.full_name ?? id;
}

export async function applyPackageMove(tx: Tx, ev: PackageMove, ectx: EventContext): Promise<Problem[]> {
  const [to] = await tx.query<{ site_id: string; usage: string; full_name: string }>('SELECT site_id, usage, full_name FROM locations WHERE id = $1', [ev.toLocationId]);
  if (!to || to.site_id !== ectx.device.siteId) throw new RejectEventError('unauthorized_location', `location ${ev.toLocationId} is not in site ${ectx.device.siteId}`);
  const p = await lockPackage(tx, ev.sscc);
  if (!p) {
    return [{ code: 'unknown_package', message: `Package ${ev.sscc} is not in the books: nothing was moved. It was put at ${to.full_name} holding ${await describeContents(tx, ev.contents)} — check it and tell the office`, severity: 'warning' }];
  }
  if (p.site_id !== ectx.device.siteId) throw new RejectEventError('unauthorized', `package ${ev.sscc} belongs to another site`);
  if (to.usage !== 'internal') {
    return [{ code: 'unknown_location', message: `Package ${ev.sscc}: ${to.full_name} does not hold stock; nothing was moved`, severity: 'warning' }];
  }
  const ctx = new WorkContext(tx, ectx.now);
  const books = await packageContents(tx, ev.sscc);
  const problems: Problem[] = [];
  if (!sameContents(ev.contents, books)) {
    problems.push({
      code: 'package_changed',
      message: `Package ${ev.sscc} changed since the station saw it: the books say it holds ${await describeContents(tx, books)}, the station showed ${await describeContents(tx, ev.contents)}. What the books hold was moved to ${to.full_name} — check the package`,
      severity: 'warning',
    });
  }
  const from = p.location_id;
  if (from !== ev.fromLocationId && from !== ev.toLocationId) {
    problems.push({ code: 'package_elsewhere', message: `Package ${ev.sscc} was booked at ${await locationName(tx, from)}, the station had it at ${await locationName(tx, ev.fromLocationId)}; the books now follow the package`, severity: 'info' });
  }
  try {
    await moveContents(ctx, p, books, ev.toLocationId, ev.id);
  } catch (error) {
    if (!(error instanceof WarehouseError) || error.code !== 'package_reserved') throw error;
    problems.push({
      code: 'package_reserved',
      message: `Package ${ev.sscc} holds goods reserved for a delivery: the books keep it at ${await locationName(tx, from)}, not ${to.full_name}. Bring it back there, or move it with its picking`,
      severity: 'warning',
    });
    return problems;
  }
  await publishTouched(ctx);
  return problems;
}
