// Returns by post (docs/channels.md "Returns by post"): POST /api/orders/:id/returns (Idempotency-Key
// required), GET /api/orders/:id/returns, POST /api/orders/:id/returns/:returnId/cancel. Callers are
// channels (their key reads its own channel's orders) or managers and admins (the back office's
// Orders page; their announcements and cancels are in the audit log). Schemas:
// shared/channel-api/return-requests.ts.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { OrderParams } from '../../../shared/channel-api/order-request.ts';
import { ReturnRequestBody, ReturnRequestList, ReturnRequestParams, ReturnRequestView } from '../../../shared/channel-api/return-requests.ts';
import { adminActor } from '../../admin/actor.ts';
import { recordAudit } from '../../admin/audit.ts';
import type { Db } from '../../db/db.ts';
import type { Principal } from '../../warehouse/orders.ts';
import { cancelReturn, listReturns, type ReturnRecorded, requestReturn } from '../../warehouse/return-requests.ts';
import { badRequest } from '../errors.ts';
import { asHttp, orderPrincipal } from './warehouse-routes.ts';

const unitsText = (view: ReturnRequestView): string => view.lines.map((l) => `${l.qty} × ${l.name}${l.restock ? '' : ' (damaged)'}`).join(', ');

/** A person's change is audited in their name; a channel's is not (its webhooks and the order tell it). */
async function auditor(db: Db, req: FastifyRequest, principal: Principal, summary: (view: ReturnRequestView) => string, action: string): Promise<ReturnRecorded | undefined> {
  if (principal.channel !== undefined) return undefined;
  const actor = await adminActor(db, req, 'read', undefined);
  return async (tx, view) => recordAudit(tx, actor, { action, entity: 'order', entityId: view.orderId, summary: summary(view), after: { returnId: view.returnId, state: view.state } });
}

export function registerReturnRequestRoutes(app: FastifyInstance, db: Db): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  r.post('/api/orders/:id/returns', { schema: { params: OrderParams, body: ReturnRequestBody } }, async (req, reply) => {
    const principal = await orderPrincipal(db, req);
    const key = req.headers['idempotency-key'];
    if (typeof key !== 'string' || key.length === 0) throw badRequest('the Idempotency-Key header is required');
    const audit = await auditor(db, req, principal,
      (v) => `expects ${unitsText(v)} back by post from ${v.channel} order ${v.orderRef} at ${v.warehouse.name} (${v.receipts[0]?.reference ?? ''})`, 'order.return_request');
    const result = await asHttp(() => requestReturn(db, principal, key, req.params.id, req.body, new Date(), audit));
    if (result.replayed) reply.header('idempotent-replayed', 'true');
    return reply.status(result.status).send(result.body);
  });

  r.get('/api/orders/:id/returns', { schema: { params: OrderParams, response: { 200: ReturnRequestList } } }, async (req) => {
    const principal = await orderPrincipal(db, req);
    return { returns: await asHttp(() => listReturns(db, principal, req.params.id)) };
  });

  r.post('/api/orders/:id/returns/:returnId/cancel', { schema: { params: ReturnRequestParams, response: { 200: ReturnRequestView } } }, async (req) => {
    const principal = await orderPrincipal(db, req);
    const audit = await auditor(db, req, principal,
      (v) => `cancelled the return ${v.receipts[0]?.reference ?? ''} of ${v.channel} order ${v.orderRef}: ${v.state === 'cancelled' ? 'nothing had come' : 'what had not come is no longer expected'}`, 'order.return_cancel');
    return asHttp(() => cancelReturn(db, principal, req.params.id, req.params.returnId, new Date(), audit));
  });
}
