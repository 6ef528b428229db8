// Warehouse operations for managers and admins (session token): purchase orders, transfers,
// count tasks and count approvals, reorder rules and proposals, routes per warehouse, the
// shortage policy and approval threshold, channel safety buffers, and (admins) channel API keys.
// Request schemas live once in shared/admin-api/warehouse.ts (TypeBox); every change is audited.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import {
  BufferBody, ChannelKeyBody, ChannelParams, CodeParams, CountDecisionBody, CountDecisionParams, CountTaskBody, IdParams, OrderProposalBody,
  CountingBody, PackageMoveBody, PackageParams, PickingsQuery, PolicyBody, PurchaseOrderBody, ReorderRuleBody, RouteBody, TransferBody,
} from '../../../shared/admin-api/warehouse.ts';
import type { Actor } from '../../admin/actor.ts';
import { recordAudit } from '../../admin/audit.ts';
import type { Db } from '../../db/db.ts';
import { createChannelKey, revokeChannelKey } from '../../warehouse/channel-keys.ts';
import { decideCount } from '../../warehouse/counting.ts';
import { movePackage, packageView } from '../../warehouse/packages.ts';
import { loadPolicy, setChannelBuffer, setPolicy } from '../../warehouse/policy.ts';
import { createPurchaseOrder } from '../../warehouse/purchase.ts';
import { listProposals, orderProposal, runReorderRules, setReorderRule } from '../../warehouse/reorder.ts';
import { createCountTask, createTransfer } from '../../warehouse/transfers.ts';
import { setCountShowsExpected, setDeliverySteps } from '../../warehouse/sites.ts';
import { authenticateUser } from '../auth.ts';
import { forbidden } from '../errors.ts';
import { asHttp } from './warehouse-routes.ts';

async function manager(db: Db, req: FastifyRequest, adminOnly = false): Promise<Actor> {
  const user = await authenticateUser(db, req);
  if (user.role !== 'admin' && (adminOnly || user.role !== 'manager')) throw forbidden(adminOnly ? 'admins only' : 'managers and admins only');
  return { kind: 'user', userId: user.userId, name: user.username, role: user.role };
}

export function registerWarehouseAdmin(fastify: FastifyInstance, db: Db): void {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  app.post('/api/purchase-orders', { schema: { body: PurchaseOrderBody } }, async (req, reply) => {
    const actor = await manager(db, req);
    const po = await asHttp(() => createPurchaseOrder(db, req.body));
    await recordAudit(db, actor, { action: 'purchase-order.create', entity: 'purchase-order', entityId: po.purchaseOrderId, summary: `ordered ${req.body.lines.length} line(s) from ${req.body.supplier} for ${req.body.warehouse}`, after: req.body });
    return reply.status(201).send(po);
  });

  app.post('/api/transfers', { schema: { body: TransferBody } }, async (req, reply) => {
    const actor = await manager(db, req);
    const t = await asHttp(() => createTransfer(db, req.body));
    await recordAudit(db, actor, { action: 'transfer.create', entity: 'picking', entityId: t.pickingId, summary: `transfer of ${req.body.lines.length} line(s) in ${req.body.warehouse}`, after: req.body });
    return reply.status(201).send(t);
  });

  app.post('/api/count-tasks', { schema: { body: CountTaskBody } }, async (req, reply) => {
    const actor = await manager(db, req);
    const task = await asHttp(() => createCountTask(db, req.body.warehouse, req.body.locationId));
    await recordAudit(db, actor, { action: 'count-task.create', entity: 'picking', entityId: task.pickingId, summary: `count task in ${req.body.warehouse}`, after: req.body });
    return reply.status(201).send(task);
  });

  app.get('/api/count-approvals', async (req) => {
    await manager(db, req);
    return db.query(`SELECT a.id, a.event_id AS "eventId", a.site_id AS "siteId", s.code AS "siteCode", s.currency, a.location_id AS "locationId",
                            l.full_name AS location, a.deltas, a.value, a.state, a.created_at AS "createdAt"
                     FROM count_approvals a JOIN sites s ON s.id = a.site_id JOIN locations l ON l.id = a.location_id
                     WHERE a.state = 'pending' ORDER BY a.created_at`);
  });

  app.post('/api/count-approvals/:id/:decision', { schema: { params: CountDecisionParams, body: CountDecisionBody } }, async (req) => {
    const actor = await manager(db, req);
    const approve = req.params.decision === 'approve';
    const [before] = await db.query<{ value: number; deltas: unknown }>('SELECT value, deltas FROM count_approvals WHERE id = $1', [req.params.id]);
    const result = await asHttp(() => decideCount(db, req.params.id, actor.userId ?? '', approve));
    const note = req.body?.note?.trim();
    await recordAudit(db, actor, {
      action: approve ? 'count-approval.approve' : 'count-approval.reject',
      entity: 'count-approval',
      entityId: req.params.id,
      summary: `${approve ? 'approved' : 'rejected'} a count adjustment${note ? `: ${note}` : ''}`,
      before: { state: 'pending', ...before },
      after: { state: result.state, ...(note ? { note } : {}) },
    });
    return result;
  });

  app.put('/api/reorder-rules', { schema: { body: ReorderRuleBody } }, async (req) => {
    const actor = await manager(db, req);
    await asHttp(() => setReorderRule(db, req.body));
    await recordAudit(db, actor, { action: 'reorder-rule.set', entity: 'reorder-rule', entityId: `${req.body.warehouse}:${req.body.productId}`, summary: `reorder rule min ${req.body.min}, max ${req.body.max} in ${req.body.warehouse}`, after: req.body });
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

  app.post('/api/purchase-proposals/:id/order', { schema: { params: IdParams, body: OrderProposalBody } }, async (req, reply) => {
    const actor = await manager(db, req);
    const po = await asHttp(() => orderProposal(db, req.params.id, req.body.supplier));
    await recordAudit(db, actor, { action: 'purchase-proposal.order', entity: 'purchase-order', entityId: po.purchaseOrderId, summary: `ordered a reorder proposal from ${req.body.supplier}`, after: { proposalId: req.params.id, supplier: req.body.supplier } });
    return reply.status(201).send(po);
  });

  app.get('/api/pickings', { schema: { querystring: PickingsQuery } }, async (req) => {
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

  app.put('/api/warehouses/:code/route', { schema: { params: CodeParams, body: RouteBody } }, async (req) => {
    const actor = await manager(db, req, true);
    const { steps, priority } = req.body;
    const wh = await asHttp(() => db.transaction((tx) => setDeliverySteps(tx, req.params.code, steps, priority)));
    await recordAudit(db, actor, { action: 'warehouse.route', entity: 'site', entityId: req.params.code, summary: `${req.params.code} delivers in ${steps} step(s)`, after: req.body });
    return wh;
  });

  app.put('/api/warehouses/:code/counting', { schema: { params: CodeParams, body: CountingBody } }, async (req) => {
    const actor = await manager(db, req, true);
    const result = await asHttp(() => db.transaction((tx) => setCountShowsExpected(tx, req.params.code, req.body.showExpected)));
    await recordAudit(db, actor, { action: 'warehouse.counting', entity: 'site', entityId: req.params.code, summary: `counts in ${req.params.code} ${req.body.showExpected ? 'show' : 'hide'} the expected quantity`, after: req.body });
    return result;
  });

  app.get('/api/packages/:sscc', { schema: { params: PackageParams } }, async (req) => {
    await manager(db, req);
    return asHttp(() => packageView(db, req.params.sscc));
  });

  app.post('/api/packages/:sscc/move', { schema: { params: PackageParams, body: PackageMoveBody } }, async (req) => {
    const actor = await manager(db, req);
    const moved = await asHttp(() => movePackage(db, req.params.sscc, req.body.toLocationId));
    await recordAudit(db, actor, { action: 'package.move', entity: 'package', entityId: req.params.sscc, summary: `package ${req.params.sscc} moved to ${moved.location}`, after: req.body });
    return moved;
  });

  app.get('/api/warehouse-policy', async (req) => {
    await manager(db, req);
    return loadPolicy(db);
  });

  app.put('/api/warehouse-policy', { schema: { body: PolicyBody } }, async (req) => {
    const actor = await manager(db, req, true);
    const before = await loadPolicy(db);
    const after = await asHttp(() => db.transaction((tx) => setPolicy(tx, req.body)));
    await recordAudit(db, actor, { action: 'warehouse-policy.set', entity: 'settings', entityId: 'warehouse-policy', summary: 'changed the warehouse policy', before, after });
    return after;
  });

  app.put('/api/channels/:channel/buffer', { schema: { params: ChannelParams, body: BufferBody } }, async (req) => {
    const actor = await manager(db, req, true);
    await asHttp(() => setChannelBuffer(db, req.params.channel, req.body.qty));
    await recordAudit(db, actor, { action: 'channel.buffer', entity: 'channel', entityId: req.params.channel, summary: `safety buffer of ${req.params.channel} set to ${req.body.qty}`, after: req.body });
    return { channel: req.params.channel, buffer: req.body.qty };
  });

  app.post('/api/channel-keys', { schema: { body: ChannelKeyBody } }, async (req, reply) => {
    const actor = await manager(db, req, true);
    const key = await asHttp(() => createChannelKey(db, req.body.channel, req.body.name));
    // The key itself is shown once to the caller and never written anywhere else, the log included.
    await recordAudit(db, actor, { action: 'channel-key.create', entity: 'channel-key', entityId: key.id, summary: `API key "${req.body.name}" for channel ${req.body.channel}`, after: req.body });
    return reply.status(201).send(key);
  });

  app.delete('/api/channel-keys/:id', { schema: { params: IdParams } }, async (req) => {
    const actor = await manager(db, req, true);
    const revoked = (await revokeChannelKey(db, req.params.id)) !== null;
    if (revoked) await recordAudit(db, actor, { action: 'channel-key.revoke', entity: 'channel-key', entityId: req.params.id, summary: 'revoked a channel API key' });
    return { revoked };
  });
}
