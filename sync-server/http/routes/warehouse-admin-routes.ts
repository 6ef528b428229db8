// Warehouse operations for managers and admins (session token): count approvals, pickings,
// routes per warehouse and counting, packages, the shortage policy and approval threshold,
// channel safety buffers, and (admins) channel API keys. Planning — reorder rules, purchase
// orders, transfers, count tasks — is in warehouse-planning-routes.ts. Request and response
// schemas live once in shared/admin-api/warehouse.ts (TypeBox); every change is audited.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { errorResponses } from '../../../shared/admin-api/errors.ts';
import {
  BufferBody, ChannelBufferSet, ChannelKeyBody, ChannelKeyMade, ChannelKeyRevoked, ChannelParams, CodeParams, CountApprovalList, CountDecision, CountDecisionBody,
  CountDecisionParams, CountingBody, CountingSetting, IdParams, PackageMoveBody, PackageParams, PackageView, PickingsQuery, PickingSummaryList, PolicyBody, RouteBody,
  type PickingSummary, WarehousePolicy, WarehouseRoute,
} from '../../../shared/admin-api/warehouse.ts';
import { type Actor, isOperatorRequest, operatorActor } from '../../admin/actor.ts';
import { recordAudit } from '../../admin/audit.ts';
import type { Db } from '../../db/db.ts';
import { createChannelKey, revokeChannelKey } from '../../warehouse/channel-keys.ts';
import { decideCount, listPendingApprovals } from '../../warehouse/counting.ts';
import { movePackage, packageView } from '../../warehouse/packages.ts';
import { loadPolicy, setChannelBuffer, setPolicy } from '../../warehouse/policy.ts';
import { setCountShowsExpected, setDeliverySteps } from '../../warehouse/sites.ts';
import { authenticateUser } from '../auth.ts';
import { forbidden } from '../errors.ts';
import { asHttp } from './warehouse-routes.ts';

/** A manager or admin session (admins only where `adminOnly`). */
export async function warehouseManager(db: Db, req: FastifyRequest, adminOnly = false): Promise<Actor> {
  if (isOperatorRequest(req)) return operatorActor;
  const user = await authenticateUser(db, req);
  if (user.role !== 'admin' && (adminOnly || user.role !== 'manager')) throw forbidden(adminOnly ? 'admins only' : 'managers and admins only');
  return { kind: 'user', userId: user.userId, name: user.username, role: user.role };
}

export function registerWarehouseAdmin(fastify: FastifyInstance, db: Db): void {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const manager = (req: FastifyRequest, adminOnly = false): Promise<Actor> => warehouseManager(db, req, adminOnly);

  app.get('/api/count-approvals', { schema: { response: { 200: CountApprovalList, ...errorResponses } } }, async (req) => {
    await manager(req);
    return listPendingApprovals(db);
  });

  app.post('/api/count-approvals/:id/:decision', { schema: { params: CountDecisionParams, body: CountDecisionBody, response: { 200: CountDecision, ...errorResponses } } }, async (req) => {
    const actor = await manager(req);
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

  app.get('/api/pickings', { schema: { querystring: PickingsQuery, response: { 200: PickingSummaryList, ...errorResponses } } }, async (req) => {
    await manager(req);
    const rows = await db.query<Omit<PickingSummary, 'createdAt'> & { createdAt: Date }>(
      `SELECT p.id, p.reference, s.code AS warehouse, p.kind, p.step, p.state, p.claimed_by AS "claimedBy", p.order_id AS "orderId",
              p.purchase_order_id AS "purchaseOrderId", p.backorder_of AS "backorderOf", p.created_at AS "createdAt"
       FROM pickings p JOIN sites s ON s.id = p.site_id
       WHERE ($1::text IS NULL OR s.code = $1) AND ($2::text IS NULL OR p.state = $2) AND ($3::text IS NULL OR p.kind = $3)
       ORDER BY p.created_at DESC LIMIT 500`,
      [req.query.warehouse ?? null, req.query.state ?? null, req.query.kind ?? null],
    );
    return rows.map((r) => ({ ...r, createdAt: new Date(r.createdAt).toISOString() }));
  });

  app.put('/api/warehouses/:code/route', { schema: { params: CodeParams, body: RouteBody, response: { 200: WarehouseRoute, ...errorResponses } } }, async (req) => {
    const actor = await manager(req, true);
    const { steps, priority } = req.body;
    const wh = await asHttp(() => db.transaction((tx) => setDeliverySteps(tx, req.params.code, steps, priority)));
    await recordAudit(db, actor, { action: 'warehouse.route', entity: 'site', entityId: req.params.code, summary: `${req.params.code} delivers in ${steps} step(s)`, after: req.body });
    return wh;
  });

  app.put('/api/warehouses/:code/counting', { schema: { params: CodeParams, body: CountingBody, response: { 200: CountingSetting, ...errorResponses } } }, async (req) => {
    const actor = await manager(req, true);
    const result = await asHttp(() => db.transaction((tx) => setCountShowsExpected(tx, req.params.code, req.body.showExpected)));
    await recordAudit(db, actor, { action: 'warehouse.counting', entity: 'site', entityId: req.params.code, summary: `counts in ${req.params.code} ${req.body.showExpected ? 'show' : 'hide'} the expected quantity`, after: req.body });
    return result;
  });

  app.get('/api/packages/:sscc', { schema: { params: PackageParams, response: { 200: PackageView, ...errorResponses } } }, async (req) => {
    await manager(req);
    return asHttp(() => packageView(db, req.params.sscc));
  });

  app.post('/api/packages/:sscc/move', { schema: { params: PackageParams, body: PackageMoveBody, response: { 200: PackageView, ...errorResponses } } }, async (req) => {
    const actor = await manager(req);
    const moved = await asHttp(() => movePackage(db, req.params.sscc, req.body.toLocationId));
    await recordAudit(db, actor, { action: 'package.move', entity: 'package', entityId: req.params.sscc, summary: `package ${req.params.sscc} moved to ${moved.location}`, after: req.body });
    return moved;
  });

  app.get('/api/warehouse-policy', { schema: { response: { 200: WarehousePolicy, ...errorResponses } } }, async (req) => {
    await manager(req);
    return loadPolicy(db);
  });

  app.put('/api/warehouse-policy', { schema: { body: PolicyBody, response: { 200: WarehousePolicy, ...errorResponses } } }, async (req) => {
    const actor = await manager(req, true);
    const before = await loadPolicy(db);
    const after = await db.transaction((tx) => setPolicy(tx, req.body));
    await recordAudit(db, actor, { action: 'warehouse-policy.set', entity: 'settings', entityId: 'warehouse-policy', summary: 'changed the warehouse policy', before, after });
    return after;
  });

  app.put('/api/channels/:channel/buffer', { schema: { params: ChannelParams, body: BufferBody, response: { 200: ChannelBufferSet, ...errorResponses } } }, async (req) => {
    const actor = await manager(req, true);
    await setChannelBuffer(db, req.params.channel, req.body.qty);
    await recordAudit(db, actor, { action: 'channel.buffer', entity: 'channel', entityId: req.params.channel, summary: `safety buffer of ${req.params.channel} set to ${req.body.qty}`, after: req.body });
    return { channel: req.params.channel, buffer: req.body.qty };
  });

  app.post('/api/channel-keys', { schema: { body: ChannelKeyBody, response: { 201: ChannelKeyMade, ...errorResponses } } }, async (req, reply) => {
    const actor = await manager(req, true);
    const key = await createChannelKey(db, req.body.channel, req.body.name);
    // The key itself is shown once to the caller and never written anywhere else, the log included.
    await recordAudit(db, actor, { action: 'channel-key.create', entity: 'channel-key', entityId: key.id, summary: `API key "${req.body.name}" for channel ${req.body.channel}`, after: req.body });
    return reply.status(201).send(key);
  });

  app.delete('/api/channel-keys/:id', { schema: { params: IdParams, response: { 200: ChannelKeyRevoked, ...errorResponses } } }, async (req) => {
    const actor = await manager(req, true);
    const revoked = (await revokeChannelKey(db, req.params.id)) !== null;
    if (revoked) await recordAudit(db, actor, { action: 'channel-key.revoke', entity: 'channel-key', entityId: req.params.id, summary: 'revoked a channel API key' });
    return { revoked };
  });
}
