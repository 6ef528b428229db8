// The POS event handlers that plug into the event framework (events/registry.ts): sales and
// returns, and till session events. Problems found about *other* events on the way refresh
// those events' acks through `refreshAcks`.
import type { Problem, Sale, SessionEvent } from '../../shared/schemas/index.ts';
import type { Tx } from '../db/db.ts';
import type { EventContext } from '../events/registry.ts';
import { refreshAcks } from './ack-refresh.ts';
import { applySale } from './apply-sale.ts';
import { applySessionEvent } from './session-store.ts';

export async function handleSale(tx: Tx, sale: Sale, ctx: EventContext): Promise<Problem[]> {
  return applySale(tx, sale, { deviceId: ctx.device.deviceId, siteId: ctx.device.siteId, problemsChanged: refreshAcks });
}

export async function handleSessionEvent(tx: Tx, event: SessionEvent): Promise<Problem[]> {
  return applySessionEvent(tx, event, refreshAcks);
}
