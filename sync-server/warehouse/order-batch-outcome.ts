// The orders a batch (order-batch.ts) takes and what it makes of each.
import { pgErrorCode } from '../db/db.ts';
import type { OrderRequest } from '../../shared/channel-api/order-request.ts';
import { WarehouseError } from './errors.ts';
import type { OrderResult, Principal } from './orders.ts';

export interface QueuedOrder {
  principal: Principal;
  idemKey: string;
  req: OrderRequest;
  /** sha256 of the canonical request body (idempotency). */
  hash: string;
  now: Date;
}

/**
 * What a batch made of one order: its answer, its error, 'alone' (submit it again on its own), or
 * 'requeue' (a late order the batch did not take: back to the front of the queue, for the next batch).
 */
export type BatchOutcome = { result: OrderResult } | { error: unknown } | 'alone' | 'requeue';

/** Errors of one order that its own transaction settles (orders.ts retries them there). */
export function settledAlone(err: unknown): boolean {
  if (err instanceof WarehouseError) return err.code === 'route_areas_missing';
  const code = pgErrorCode(err);
  return code === '23505' || code === '40P01';
}
