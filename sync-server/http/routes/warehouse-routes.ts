// Channel orders and availability (PROTOCOL.md): POST /api/orders with an Idempotency-Key,
// GET /api/orders (changes, paged), GET /api/orders/:id, POST /api/orders/:id/cancel, GET /api/availability. Callers are channels
// (API key: `Authorization: Bearer aisle_ck_…` or `X-Api-Key`) or managers/admins (session).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Db } from '../../db/db.ts';
import { availability } from '../../warehouse/availability.ts';
import { CHANNEL_KEY_PREFIX, channelKeyIdentity, rememberedChannelKey } from '../../warehouse/channel-keys.ts';
import { WarehouseError } from '../../warehouse/errors.ts';
import { batchOrder, cancelOrder, type Principal, submitOrder } from '../../warehouse/orders.ts';
import { attachOrderHandover } from '../../warehouse/order-handover.ts';
import { listOrders } from '../../warehouse/order-list.ts';
import { orderDetailView } from '../../warehouse/order-documents.ts';
import { orderView } from '../../warehouse/order-view.ts';
import { OrderListQuery } from '../../../shared/channel-api/order-list.ts';
import { AvailabilityQuery, OrderParams, OrderRequest } from '../../../shared/channel-api/order-request.ts';
import { authenticateUser, bearerToken } from '../auth.ts';
import { badRequest, forbidden, HttpError, unauthorized, withHttpStatus } from '../errors.ts';
import { isOperatorRequest } from '../../admin/actor.ts';

/** Maps warehouse errors onto HTTP errors; everything else surfaces unchanged. */
export const asHttp = <T>(fn: () => Promise<T>): Promise<T> => withHttpStatus(WarehouseError, fn);

/**
 * A channel key, or a manager/admin session. `remembered`: the key may come from the process's
 * memory of active keys, for a caller whose transaction checks it again (posting an order).
 */
export async function orderPrincipal(db: Db, req: FastifyRequest, remembered = false): Promise<Principal> {
  const header = req.headers['x-api-key'];
  const key = typeof header === 'string' ? header : bearerToken(req);
  if (key?.startsWith(CHANNEL_KEY_PREFIX)) {
    const k = remembered ? await rememberedChannelKey(db, key) : await channelKeyIdentity(db, key);
    if (!k) throw unauthorized('unknown or revoked channel key');
    return { id: `key:${k.id}`, channel: k.channel, ...(remembered ? { checkKey: k.id } : {}) };
  }
  if (isOperatorRequest(req)) return { id: 'operator' };
  const user = await authenticateUser(db, req);
  if (user.role !== 'manager' && user.role !== 'admin') throw forbidden('orders are posted by channels, managers and admins');
  return { id: `user:${user.userId}` };
}

export function registerWarehouseOrders(app: FastifyInstance, db: Db): void {
  // A cluster worker batches the orders other workers hand over when it is the host's intake.
  attachOrderHandover((order) => batchOrder(db, order));
  app.post<{ Body: OrderRequest }>('/api/orders', { schema: { body: OrderRequest } }, async (req, reply) => {
    const principal = await orderPrincipal(db, req, true);
    const key = req.headers['idempotency-key'];
    if (typeof key !== 'string' || key.length === 0) throw badRequest('the Idempotency-Key header is required');
    const result = await asHttp(() => submitOrder(db, principal, key, req.body));
    if (result.replayed) reply.header('idempotent-replayed', 'true');
    return reply.status(result.status).send(result.body);
  });

  app.get<{ Querystring: OrderListQuery }>('/api/orders', { schema: { querystring: OrderListQuery } }, async (req) => {
    const principal = await orderPrincipal(db, req);
    const channel = req.query.channel ?? principal.channel;
    if (principal.channel !== undefined && principal.channel !== channel) throw forbidden(`this key reads channel ${principal.channel}`);
    return listOrders(db, { ...req.query, ...(channel ? { channel } : {}) });
  });

  app.get<{ Params: OrderParams }>('/api/orders/:id', { schema: { params: OrderParams } }, async (req) => {
    const principal = await orderPrincipal(db, req);
    // With its invoices and credit notes: this read only, not the intake's answer nor the webhooks'.
    const view = await asHttp(() => orderDetailView(db, req.params.id));
    if (principal.channel !== undefined && principal.channel !== view.channel) throw new HttpError(404, 'unknown_order', `no order ${req.params.id}`);
    return view;
  });

  app.post<{ Params: OrderParams }>('/api/orders/:id/cancel', { schema: { params: OrderParams } }, async (req) => {
    const principal = await orderPrincipal(db, req);
    if (principal.channel !== undefined) {
      const view = await asHttp(() => orderView(db, req.params.id));
      if (view.channel !== principal.channel) throw new HttpError(404, 'unknown_order', `no order ${req.params.id}`);
    }
    return asHttp(() => cancelOrder(db, req.params.id));
  });

  // Who is asking is settled before the query string is validated: an anonymous caller gets 401, not
  // a lesson in the query's shape.
  const principals = new WeakMap<FastifyRequest, Principal>();
  const preValidation = async (req: FastifyRequest): Promise<void> => {
    principals.set(req, await orderPrincipal(db, req));
  };
  app.get<{ Querystring: AvailabilityQuery }>('/api/availability', { preValidation, schema: { querystring: AvailabilityQuery } }, async (req) => {
    const principal = principals.get(req);
    if (!principal) throw new Error('availability route without its preValidation hook');
    const { productId } = req.query;
    const channel = req.query.channel ?? principal.channel;
    if (!channel) throw badRequest('channel is required (a channel key reads its own)');
    if (principal.channel !== undefined && principal.channel !== channel) throw forbidden(`this key reads channel ${principal.channel}`);
    return availability(db, productId, channel);
  });
}
