// What one warehouse transaction touched, so that the documents devices pull (stock quants and
// pickings, packages) are republished once, at the end, and products whose stock grew can serve orders
// that wait for it.
import type { Problem } from '../../shared/schemas/common.ts';
import type { Tx } from '../db/db.ts';
import { type PublishOptions, publishQuery, sendPublishQuery, stockChanged } from '../feed/publish.ts';
import { publishPackages } from './package-docs.ts';
import { PICKING_DOCS_BY_ID } from './picking-docs.ts';

export class WorkContext {
  readonly quants = new Set<string>();
  readonly pickings = new Set<string>();
  /** SSCCs whose place or contents changed (republished to their warehouse's stations). */
  readonly packages = new Set<string>();
  readonly problems: Problem[] = [];
  /** site → products whose availability grew (receipts, releases, positive counts). */
  readonly freed = new Map<string, Set<string>>();
  readonly today: string;

  constructor(readonly tx: Tx, readonly now = new Date()) {
    this.today = now.toISOString().slice(0, 10);
  }

  touchQuant(productId: string, locationId: string, lot: string): void {
    this.quants.add(`${productId}|${locationId}|${lot}`);
  }

  free(siteId: string, productId: string): void {
    const set = this.freed.get(siteId) ?? new Set<string>();
    set.add(productId);
    this.freed.set(siteId, set);
  }
}

export interface TouchedOptions extends PublishOptions {
  /** The pickings' documents are sent without waiting for their answer (sendPublishQuery: the order batch). */
  send?: boolean;
}

/**
 * Republishes the touched picking documents and hints stock changes (the caller holds the feed
 * lock, or — order intake, `gate: false` — publishes only pickings it has just created).
 */
export async function publishTouched(ctx: WorkContext, { send: sent, ...options }: TouchedOptions = {}): Promise<void> {
  if (ctx.quants.size > 0) {
    // The quants' own feed numbers make them current (migration 050): hint their sites.
    await stockChanged(ctx.tx, [...ctx.quants]);
    ctx.quants.clear();
  }
  if (ctx.pickings.size > 0) {
    if (sent) await sendPublishQuery(ctx.tx, 'pickings', PICKING_DOCS_BY_ID, [[...ctx.pickings]], options);
    else await publishQuery(ctx.tx, 'pickings', PICKING_DOCS_BY_ID, [[...ctx.pickings]], options);
    ctx.pickings.clear();
  }
  if (ctx.packages.size > 0) {
    await publishPackages(ctx.tx, [...ctx.packages]);
    ctx.packages.clear();
  }
}
