// Returns by post in the back office's order detail, the pure part: what each delivered line of an
// order may still be announced for (delivered, less returned, less what open returns still expect:
// the shared announceableQty), the "Expect a return" form's typed quantities checked into the request
// body the server takes, and the sentences a store manager reads about a return.
import type { AdminOrderLine } from '../../shared/admin-api/channel-orders.ts';
import type { ProductRef } from '../../shared/admin-api/warehouse.ts';
import { announceableQty, type ReturnRequestBody, type ReturnRequestView } from '../../shared/channel-api/return-requests.ts';
import { qtyOf } from './warehouse-labels.ts';

/** A return whose goods may still come: nothing or part of it received so far. */
export function isOpenReturn(r: Pick<ReturnRequestView, 'state'>): boolean {
  return r.state === 'expected' || r.state === 'partly_received';
}

/** What open returns still expect per order line: announced less received (closed returns expect nothing). */
export function expectedByLine(returns: readonly Pick<ReturnRequestView, 'state' | 'lines'>[]): Map<string, number> {
  const expected = new Map<string, number>();
  for (const r of returns) {
    if (!isOpenReturn(r)) continue;
    for (const l of r.lines) expected.set(l.orderLineId, (expected.get(l.orderLineId) ?? 0) + Math.max(0, l.qty - l.received));
  }
  return expected;
}

export interface ReturnableLine {
  orderLineId: string;
  product: ProductRef;
  delivered: number;
  returned: number;
  /** Still expected back by open returns. */
  expected: number;
  /** What may still be announced. */
  max: number;
}

/** The order's delivered lines with what each may still be announced for (0: all of it returned or expected back). */
export function returnableLines(lines: readonly Pick<AdminOrderLine, 'orderLineId' | 'product' | 'delivered' | 'returned'>[], returns: readonly Pick<ReturnRequestView, 'state' | 'lines'>[]): ReturnableLine[] {
  const expected = expectedByLine(returns);
  return lines.flatMap((l) => {
    if (l.delivered <= 0) return [];
    const line = { orderLineId: l.orderLineId, product: l.product, delivered: l.delivered, returned: l.returned, expected: expected.get(l.orderLineId) ?? 0 };
    return [{ ...line, max: announceableQty(line) }];
  });
}

/** A line of the form as typed: the quantity's text and the "Damaged — do not restock" tick. */
export interface ReturnDraftLine {
  qty: string;
  damaged: boolean;
}

export interface ReturnDraft {
  /** By order line id; a line not typed in is 0. */
  lines: Readonly<Record<string, ReturnDraftLine>>;
  /** A site code, or '' to let the server choose (the site that shipped the order last). */
  warehouse: string;
  reason: string;
}

/** What a line holds: "3 delivered · 1 returned · 1 already expected back". */
function lineCounts(l: ReturnableLine): string {
  const parts = [`${qtyOf(l.delivered, l.product)} delivered`];
  if (l.returned > 0) parts.push(`${qtyOf(l.returned, l.product)} returned`);
  if (l.expected > 0) parts.push(`${qtyOf(l.expected, l.product)} already expected back`);
  return parts.join(' · ');
}

/** "3 delivered · 1 returned · 1 already expected back: up to 1" */
export function lineLimitText(l: ReturnableLine): string {
  return `${lineCounts(l)}: ${l.max > 0 ? `up to ${qtyOf(l.max, l.product)}` : 'nothing more to announce'}`;
}

function typedQty(text: string): number | null {
  const t = text.trim();
  if (t === '') return 0;
  const n = Number(t.replace(',', '.'));
  return Number.isFinite(n) && n >= 0 ? n : null;
}

/**
 * The request body of the form as typed, or the problems to fix, in sentences: every quantity from 0
 * to what its line may still announce (whole units for products sold by the unit), at least one
 * above 0. Lines left at 0 are not sent; an empty reason is not sent; no warehouse lets the server choose.
 */
export function returnRequestBody(lines: readonly ReturnableLine[], draft: ReturnDraft): { ok: true; value: ReturnRequestBody } | { ok: false; error: string[] } {
  const problems: string[] = [];
  const body: ReturnRequestBody['lines'] = [];
  for (const l of lines) {
    const typed = draft.lines[l.orderLineId] ?? { qty: '', damaged: false };
    const qty = typedQty(typed.qty);
    const upTo = qtyOf(l.max, l.product);
    if (qty === null) problems.push(`${l.product.name}: type a quantity from 0 to ${upTo}.`);
    else if (qty > l.max && l.max === 0) problems.push(`${l.product.name}: nothing more can be announced (${lineCounts(l)}).`);
    else if (qty > l.max) problems.push(`${l.product.name}: at most ${upTo} can be announced (${lineCounts(l)}).`);
    else if (l.product.unit === 'unit' && !Number.isInteger(qty)) problems.push(`${l.product.name}: type whole units.`);
    else if (qty > 0) body.push({ orderLineId: l.orderLineId, qty, restock: !typed.damaged });
  }
  if (problems.length === 0 && body.length === 0) problems.push('Type how many the customer sends back on at least one line.');
  if (problems.length > 0) return { ok: false, error: problems };
  const reason = draft.reason.trim();
  return { ok: true, value: { lines: body, ...(draft.warehouse ? { warehouse: draft.warehouse } : {}), ...(reason ? { reason } : {}) } };
}

/** Who announced a return, in words (never an id): the order's channel, or the back office. */
export function requestedByText(requestedBy: string, channelName: string): string {
  if (requestedBy.startsWith('key:')) return `announced by ${channelName}`;
  if (requestedBy.startsWith('user:')) return 'announced in the back office';
  return 'announced by the operator';
}

/** The receipt the back office may receive in full: the first still ready of an open return (one a station is working on is left to it). */
export function receivableReceipt(r: Pick<ReturnRequestView, 'state' | 'receipts'>): ReturnRequestView['receipts'][number] | null {
  if (!isOpenReturn(r)) return null;
  return r.receipts.find((p) => p.state === 'ready') ?? null;
}

/** The return's reference (its RMA number): its first receipt's. */
export function returnReference(r: Pick<ReturnRequestView, 'receipts'>): string {
  return r.receipts[0]?.reference ?? 'not numbered yet';
}
