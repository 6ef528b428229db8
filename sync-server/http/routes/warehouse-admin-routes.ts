// Warehouse operations for managers and admins (session token): purchase orders, transfers,
// count tasks and count approvals, reorder rules and proposals, routes per warehouse, the
// shortage policy and approval threshold, channel safety buffers, and (admins) channel API keys.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Db } from '../../db/db.ts';
import type { SessionUser } from '../../users/users.ts';
import { createChannelKey, revokeChannelKey } from '../../warehouse/channel-keys.ts';
import { decideCount } from '../../warehouse/counting.ts';
import { setChannelBuffer, setPolicy, type WarehousePolicy } from '../../warehouse/policy.ts';
import { createPurchaseOrder, type PurchaseOrderRequest } from '../../warehouse/purchase.ts';
import { listProposals, orderProposal, runReorderRules, setReorderRule, type ReorderRule } from '../../warehouse/reorder.ts';
import { setCountShowsExpected, setDeliverySteps, type DeliverySteps } from '../../warehouse/sites.ts';
import { createCountTask, createTransfer, type TransferRequest } from '../../warehouse/transfers.ts';
import { authenticateUser } from '../auth.ts';
import { badRequest, forbidden } from '../errors.ts';
import { asHttp } from './warehouse-routes.ts';

const qtyLine = (extra: Record<string, object>, required: string[]) => ({
  type: 'array',
  minItems: 1,
  maxItems: 1000,
  items: {
    type: 'object',
    properties: { productId: { type: 'string', minLength: 1, maxLength: 64 }, qty: { type: 'number', exclusiveMinimum: 0 }, ...extra },
    required: ['productId', 'qty', ...required],
    additionalProperties: false,
  },
});

const poBody = {
  type: 'object',
  properties: { supplier: { type: 'string', minLength: 1, maxLength: 200 }, warehouse: { type: 'string' }, expectedAt: { type: 'string', format: 'date' }, lines: qtyLine({ unitCost: { type: 'integer', minimum: 0 } }, []) },
  required: ['supplier', 'warehouse', 'lines'],
  additionalProperties: false,
} as const;

const transferBody = {
  type: 'object',
  properties: { warehouse: { type: 'string' }, lines: qtyLine({ fromLocationId: { type: 'string' }, toLocationId: { type: 'string' } }, ['fromLocationId', 'toLocationId']) },
  required: ['warehouse', 'lines'],
  additionalProperties: false,
} as const;

async function manager(db: Db, req: FastifyRequest, adminOnly = false): Promise<SessionUser> {
  const user = await authenticateUser(db, req);
  if (user.role !== 'admin' && (adminOnly || user.role !== 'manager')) throw forbidden(adminOnly ? 'admins only' : 'managers and admins only');
  return user;
}

export function registerWarehouseAdmin(app: FastifyInstance, db: Db): void {
  app.post<{ Body: PurchaseOrderRequest }>('/api/purchase-orders', { schema: { body: poBody } }, async (req, reply) => {
    await manager(db, req);
    return reply.status(201).send(await asHttp(() => createPurchaseOrder(db, req.body)));
  });

  app.post<{ Body: TransferRequest }>('/api/transfers', { schema: { body: transferBody } }, async (req, reply) => {
    await manager(db, req);
    return reply.status(201).send(await asHttp(() => createTransfer(db, req.body)));
  });

  app.post<{ Body: { warehouse: string; locationId: string } }>('/api/count-tasks', async (req, reply) => {
    await manager(db, req);
    if (typeof req.body?.warehouse !== 'string' || typeof req.body.locationId !== 'string') throw badRequest('warehouse and locationId are required');
    return reply.status(201).send(await asHttp(() => createCountTask(db, req.body.warehouse, req.body.locationId)));
  });

  app.get('/api/count-approvals', async (req) => {
    await manager(db, req);
    return db.query(`SELECT id, event_id AS "eventId", site_id AS "siteId", location_id AS "locationId", deltas, value, state, created_at AS "createdAt"
                     FROM count_approvals WHERE state = 'pending' ORDER BY created_at`);
  });

  app.post<{ Params: { id: string; decision: string } }>('/api/count-approvals/:id/:decision', async (req) => {
    const user = await manager(db, req);
    const { decision } = req.params;
    if (decision !== 'approve' && decision !== 'reject') throw badRequest('decision is approve or reject');
    return asHttp(() => decideCount(db, req.params.id, user.userId, decision === 'approve'));
  });

  app.put<{ Body: ReorderRule }>('/api/reorder-rules', async (req) => {
    await manager(db, req);
    const b = req.body;
    if (typeof b?.productId !== 'string' || typeof b.warehouse !== 'string' || typeof b.min !== 'number' || typeof b.max !== 'number') throw badRequest('productId, warehouse, min and max are required');
    await asHttp(() => setReorderRule(db, b));
    return { ok: true };
  });

  app.post('/api/reorder/run', async (req) => {
    await manager(db, req);
    const touched = await db.transaction((tx) => runReorderRules(tx));
    return { proposals: touched };
  });

  app.get('/api/purchase-proposals', async (req) => {
    await manager(db, req);
    return listProposals(db);
  });

  app.post<{ Params: { id: string }; Body: { supplier: string } }>('/api/purchase-proposals/:id/order', async (req, reply) => {
    await manager(db, req);
    if (typeof req.body?.supplier !== 'string' || req.body.supplier.length === 0) throw badRequest('supplier is required');
    return reply.status(201).send(await asHttp(() => orderProposal(db, req.params.id, req.body.supplier)));
  });

  app.get<{ Querystring: { warehouse?: string; state?: string } }>('/api/pickings', async (req) => {
    await manager(db, req);
    return db.query(
      `SELECT p.id, p.reference, s.code AS warehouse, p.kind, p.step, p.state, p.claimed_by AS "claimedBy", p.order_id AS "orderId",
              p.purchase_order_id AS "purchaseOrderId", p.backorder_of AS "backorderOf", p.created_at AS "createdAt"
       FROM pickings p JOIN sites s ON s.id = p.site_id
       WHERE ($1::text IS NULL OR s.code = $1) AND ($2::text IS NULL OR p.state = $2)
       ORDER BY p.created_at DESC LIMIT 500`,
      [req.query.warehouse ?? null, req.query.state ?? null],
    );
  });

  app.put<{ Params: { code: string }; Body: { steps: number; priority?: number } }>('/api/warehouses/:code/route', async (req) => {
    await manager(db, req, true);
    const { steps, priority } = req.body ?? {};
    if (steps !== 1 && steps !== 2 && steps !== 3) throw badRequest('steps is 1, 2 or 3');
    return asHttp(() => db.transaction((tx) => setDeliverySteps(tx, req.params.code, steps as DeliverySteps, typeof priority === 'number' ? priority : undefined)));
  });

  app.put<{ Params: { code: string }; Body: { showExpected: boolean } }>('/api/warehouses/:code/counting', async (req) => {
    await manager(db, req, true);
    if (typeof req.body?.showExpected !== 'boolean') throw badRequest('showExpected is true or false');
    const show = req.body.showExpected;
    return asHttp(() => db.transaction((tx) => setCountShowsExpected(tx, req.params.code, show)));
  });

  app.put<{ Body: Partial<WarehousePolicy> }>('/api/warehouse-policy', async (req) => {
    await manager(db, req, true);
    return asHttp(() => db.transaction((tx) => setPolicy(tx, req.body ?? {})));
  });

  app.put<{ Params: { channel: string }; Body: { qty: number } }>('/api/channels/:channel/buffer', async (req) => {
    await manager(db, req, true);
    await asHttp(() => setChannelBuffer(db, req.params.channel, Number(req.body?.qty)));
    return { channel: req.params.channel, buffer: Number(req.body?.qty) };
  });

  app.post<{ Body: { channel: string; name: string } }>('/api/channel-keys', async (req, reply) => {
    await manager(db, req, true);
    if (typeof req.body?.channel !== 'string' || typeof req.body.name !== 'string') throw badRequest('channel and name are required');
    return reply.status(201).send(await asHttp(() => createChannelKey(db, req.body.channel, req.body.name)));
  });

  app.delete<{ Params: { id: string } }>('/api/channel-keys/:id', async (req) => {
    await manager(db, req, true);
    return { revoked: await revokeChannelKey(db, req.params.id) };
  });
}
