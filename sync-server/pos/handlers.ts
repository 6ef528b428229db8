// The POS event handlers that plug into the event framework (events/registry.ts): sales and
// returns, and till session events. Problems found about *other* events on the way refresh
// those events' acks through `refreshAcks`.
import type { Problem, Sale, SessionEvent } from '../../shared/schemas/index.ts';
import type { Tx } from '../db/db.ts';
import { refreshAcks } from './ack-refresh.ts';
import { applySale, applySales } from './apply-sale.ts';
import { applySessionEvent } from './session-store.ts';

export async function handleSale(tx: Tx, sale: Sale): Promise<Problem[]> {
  return applySale(tx, sale, { problemsChanged: refreshAcks });
}

export async function handleSales(tx: Tx, sales: Sale[]): Promise<Map<string, Problem[]>> {
  return applySales(tx, sales, { problemsChanged: refreshAcks });
}

export async function handleSessionEvent(tx: Tx, event: SessionEvent): Promise<Problem[]> {
  return applySessionEvent(tx, event, refreshAcks);
}
