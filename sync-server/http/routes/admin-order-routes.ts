// Admin API: channel orders (`GET /api/admin/orders`, `POST /api/admin/orders/:id/cancel`). Managers
// and admins both look and cancel: a customer who calls to cancel reaches the store's manager, and the
// channels' own route (POST /api/orders/:id/cancel) already lets a manager's session cancel. A cancel
// from here is the same operation (reservations released, picked goods put away, webhooks sent),
// and the audit log says who did it. Schemas: shared/admin-api/channel-orders.ts.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { AdminOrderCancel, AdminOrderPage, AdminOrderQuery, type AdminOrder } from '../../../shared/admin-api/channel-orders.ts';
import { errorResponses } from '../../../shared/admin-api/errors.ts';
import { counted } from '../../../shared/text/count.ts';
import { IdParams } from '../../../shared/admin-api/warehouse.ts';
import { adminActor } from '../../admin/actor.ts';
import { recordAudit } from '../../admin/audit.ts';
import type { Db } from '../../db/db.ts';
import { HttpError } from '../errors.ts';
import { listAdminOrders } from '../../warehouse/order-admin-list.ts';
import type { CancelOutcome } from '../../warehouse/cancel.ts';
import { cancelOrder } from '../../warehouse/orders.ts';
import { asHttp } from './warehouse-routes.ts';

export function registerAdminOrderRoutes(app: FastifyInstance, db: Db, operatorToken: string | undefined): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  r.get('/api/admin/orders', { schema: { querystring: AdminOrderQuery, response: { 200: AdminOrderPage, ...errorResponses } } }, async (req) => {
    await adminActor(db, req, 'read', operatorToken);
    return listAdminOrders(db, req.query);
  });

  r.post('/api/admin/orders/:id/cancel', { schema: { params: IdParams, response: { 200: AdminOrderCancel, ...errorResponses } } }, async (req) => {
    const actor = await adminActor(db, req, 'read', operatorToken);
    const before = await one(db, req.params.id);
    if (!before) throw new HttpError(404, 'unknown_order', `no order ${req.params.id}`);
    if (before.state === 'done') throw new HttpError(409, 'order_closed', `order ${before.reference} was delivered in full: there is nothing left to cancel (a return is made at a till)`);
    let released: CancelOutcome = { releasedUnits: 0, couponsReleased: [], creditNote: null };
    // Logged in the cancel's own transaction, and only by the call that cancelled it: two managers
    // pressing Cancel together make one entry, and the second is told it released nothing.
    await asHttp(() => cancelOrder(db, req.params.id, new Date(), async (tx, view, outcome) => {
      released = outcome;
      await recordAudit(tx, actor, {
        action: 'order.cancel', entity: 'order', entityId: view.orderId,
        summary: `cancelled ${before.channelName} order ${before.reference}${before.customer ? ` of ${before.customer.name}` : ''}: ${counted(outcome.releasedUnits, 'unit')} not delivered`
          + (outcome.couponsReleased.length > 0 ? `, coupon ${outcome.couponsReleased.join(', ')} released` : '')
          + (outcome.creditNote ? `, credit note ${outcome.creditNote.number} issued` : ''),
        before: { state: before.state }, after: { state: view.state },
      });
    }));
    const order = await one(db, req.params.id);
    if (!order) throw new Error(`order ${req.params.id} vanished while it was cancelled`);
    return { order, releasedUnits: released.releasedUnits, couponsReleased: released.couponsReleased, creditNote: released.creditNote?.number ?? null };
  });
}

async function one(db: Db, id: string): Promise<AdminOrder | undefined> {
  return (await listAdminOrders(db, {}, { onlyId: id })).orders[0];
}
