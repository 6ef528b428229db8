// Warehouse planning for managers and admins (session token): reorder rules and the purchase
// proposals they make, purchase orders and receiving them, transfers inside a warehouse or to
// another site, and count tasks. URLs are those of docs/warehouse.md; request and response schemas
// live once in shared/admin-api/warehouse-purchasing.ts and warehouse-moves.ts (the back office
// takes its types from them). Every change is audited, naming products and references.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { errorResponses } from '../../../shared/admin-api/errors.ts';
import {
  CountTaskBody, CountTaskMade, CountTaskPage, MovesQuery, TransferBody, TransferDecided, TransferDecisionBody, TransferDecisionParams, TransferMade, TransferPage,
  TransferRequestBody, TransferRequested,
} from '../../../shared/admin-api/warehouse-moves.ts';
import {
  OrderProposalBody, ProposalList, PurchaseOrderBody, PurchaseOrderMade, PurchaseOrderPage, PurchaseOrderQuery, Received, ReorderRuleBody, ReorderRuleDeleted,
  ReorderRulePage, ReorderRuleParams, ReorderRuleQuery, ReorderRuleSaved, ReorderRun,
} from '../../../shared/admin-api/warehouse-purchasing.ts';
import { IdParams } from '../../../shared/admin-api/warehouse.ts';
import { auditSiteNames, recordAudit } from '../../admin/audit.ts';
import type { Db } from '../../db/db.ts';
import { createCountTask } from '../../warehouse/count-tasks.ts';
import { listCountTasks, listTransfers } from '../../warehouse/move-lists.ts';
import { createPurchaseOrder } from '../../warehouse/purchase.ts';
import { listPurchaseOrders } from '../../warehouse/purchase-order-list.ts';
import { receiveInFull } from '../../warehouse/receive.ts';
import { deleteReorderRule, listProposals, listReorderRules, orderProposal, runReorderRules, setReorderRule } from '../../warehouse/reorder.ts';
import { createTransfer, decideTransfer, requestTransfer } from '../../warehouse/transfers.ts';
import { warehouseManager } from './warehouse-admin-routes.ts';
import { counted } from '../../../shared/text/count.ts';
import { asHttp } from './warehouse-routes.ts';

export function registerWarehousePlanning(fastify: FastifyInstance, db: Db): void {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const manager = (req: Parameters<typeof warehouseManager>[1]) => warehouseManager(db, req);

  app.get('/api/reorder-rules', { schema: { querystring: ReorderRuleQuery, response: { 200: ReorderRulePage, ...errorResponses } } }, async (req) => {
    await manager(req);
    return listReorderRules(db, req.query);
  });

  app.put('/api/reorder-rules', { schema: { body: ReorderRuleBody, response: { 200: ReorderRuleSaved, ...errorResponses } } }, async (req) => {
    const actor = await manager(req);
    const { before, rule } = await asHttp(() => setReorderRule(db, req.body));
    const extras = `${rule.multiple ? `, in multiples of ${rule.multiple}` : ''}${rule.supplier ? `, from ${rule.supplier}` : ''}`;
    const site = await auditSiteNames(db, [rule.warehouse]);
    await recordAudit(db, actor, {
      action: 'reorder-rule.set', entity: 'reorder-rule', entityId: `${rule.warehouse}:${rule.productId}`,
      summary: `reorder rule for ${rule.product.name} (${rule.product.sku}) in ${site(rule.warehouse)}: min ${rule.min}, max ${rule.max}${extras}`,
      before: before && { min: before.min, max: before.max, multiple: before.multiple, supplier: before.supplier },
      after: { min: rule.min, max: rule.max, multiple: rule.multiple, supplier: rule.supplier },
    });
    return { ok: true as const, rule };
  });

  app.delete('/api/reorder-rules/:warehouse/:productId', { schema: { params: ReorderRuleParams, response: { 200: ReorderRuleDeleted, ...errorResponses } } }, async (req) => {
    const actor = await manager(req);
    const rule = await asHttp(() => deleteReorderRule(db, req.params.warehouse, req.params.productId));
    if (rule) {
      const site = await auditSiteNames(db, [rule.warehouse]);
      await recordAudit(db, actor, {
        action: 'reorder-rule.delete', entity: 'reorder-rule', entityId: `${rule.warehouse}:${rule.productId}`,
        summary: `deleted the reorder rule for ${rule.product.name} (${rule.product.sku}) in ${site(rule.warehouse)}`,
        before: { min: rule.min, max: rule.max, multiple: rule.multiple, supplier: rule.supplier },
      });
    }
    return { deleted: rule !== null };
  });

  app.post('/api/reorder/run', { schema: { response: { 200: ReorderRun, ...errorResponses } } }, async (req) => {
    await manager(req);
    const touched = await db.transaction((tx) => runReorderRules(tx));
    return { proposals: touched };
  });

  app.get('/api/purchase-proposals', { schema: { response: { 200: ProposalList, ...errorResponses } } }, async (req) => {
    await manager(req);
    return listProposals(db);
  });

  app.post('/api/purchase-proposals/:id/order', { schema: { params: IdParams, body: OrderProposalBody, response: { 201: PurchaseOrderMade, ...errorResponses } } }, async (req, reply) => {
    const actor = await manager(req);
    const po = await asHttp(() => orderProposal(db, req.params.id, req.body.supplier));
    const site = await auditSiteNames(db, [po.warehouse]);
    await recordAudit(db, actor, {
      action: 'purchase-proposal.order', entity: 'purchase-order', entityId: po.purchaseOrderId,
      summary: `${po.reference}: ordered ${po.qty} × ${po.product.name} (${po.product.sku}) for ${site(po.warehouse)} from ${po.supplier}, as its reorder rule proposed`,
      after: { proposalId: req.params.id, supplier: po.supplier, qty: po.qty },
    });
    return reply.status(201).send(po);
  });

  app.get('/api/purchase-orders', { schema: { querystring: PurchaseOrderQuery, response: { 200: PurchaseOrderPage, ...errorResponses } } }, async (req) => {
    await manager(req);
    return listPurchaseOrders(db, req.query);
  });

  app.post('/api/purchase-orders', { schema: { body: PurchaseOrderBody, response: { 201: PurchaseOrderMade, ...errorResponses } } }, async (req, reply) => {
    const actor = await manager(req);
    const po = await asHttp(() => createPurchaseOrder(db, req.body));
    const site = await auditSiteNames(db, [req.body.warehouse]);
    await recordAudit(db, actor, {
      action: 'purchase-order.create', entity: 'purchase-order', entityId: po.purchaseOrderId,
      summary: `${po.reference}: ${counted(req.body.lines.length, 'line')} from ${req.body.supplier.trim()} for ${site(req.body.warehouse)}`, after: req.body,
    });
    return reply.status(201).send(po);
  });

  app.post('/api/pickings/:id/receive', { schema: { params: IdParams, response: { 200: Received, ...errorResponses } } }, async (req) => {
    const actor = await manager(req);
    const received = await asHttp(() => receiveInFull(db, req.params.id, actor.userId ?? ''));
    await recordAudit(db, actor, { action: 'receipt.receive', entity: 'picking', entityId: req.params.id, summary: `${received.reference} received in full from the back office`, after: { state: received.state } });
    return received;
  });

  app.get('/api/transfers', { schema: { querystring: MovesQuery, response: { 200: TransferPage, ...errorResponses } } }, async (req) => {
    await manager(req);
    return listTransfers(db, req.query);
  });

  app.post('/api/transfers', { schema: { body: TransferBody, response: { 201: TransferMade, ...errorResponses } } }, async (req, reply) => {
    const actor = await manager(req);
    const t = await asHttp(() => createTransfer(db, req.body));
    const site = await auditSiteNames(db, [req.body.warehouse, t.toSite]);
    const where = t.toSite === req.body.warehouse ? `inside ${site(req.body.warehouse)}` : `from ${site(req.body.warehouse)} to ${site(t.toSite)}`;
    await recordAudit(db, actor, { action: 'transfer.create', entity: 'picking', entityId: t.pickingId, summary: `${t.reference}: transfer of ${counted(req.body.lines.length, 'line')} ${where}`, after: req.body });
    return reply.status(201).send(t);
  });

  app.post('/api/transfer-requests', { schema: { body: TransferRequestBody, response: { 201: TransferRequested, ...errorResponses } } }, async (req, reply) => {
    const actor = await manager(req);
    const t = await asHttp(() => requestTransfer(db, req.body, actor.userId ?? null));
    const site = await auditSiteNames(db, [t.toSite, t.fromSite]);
    await recordAudit(db, actor, {
      action: 'transfer.request', entity: 'picking', entityId: t.pickingId,
      summary: `${t.reference}: ${site(t.toSite)} requested ${counted(req.body.lines.length, 'line')} from ${site(t.fromSite)}`, after: req.body,
    });
    return reply.status(201).send(t);
  });

  app.post('/api/transfers/:id/:decision', { schema: { params: TransferDecisionParams, body: TransferDecisionBody, response: { 200: TransferDecided, ...errorResponses } } }, async (req) => {
    const actor = await manager(req);
    const t = await asHttp(() => decideTransfer(db, req.params.id, req.params.decision, actor.userId ?? null));
    const note = req.body.note?.trim();
    await recordAudit(db, actor, {
      action: `transfer.${req.params.decision}`, entity: 'picking', entityId: t.pickingId,
      summary: `${t.reference}: request ${req.params.decision === 'accept' ? `accepted (${t.state === 'ready' ? 'ready to pick' : 'waiting for stock'})` : 'declined'}${note ? ` — ${note}` : ''}`,
      after: { state: t.state, ...(note ? { note } : {}) },
    });
    return t;
  });

  app.get('/api/count-tasks', { schema: { querystring: MovesQuery, response: { 200: CountTaskPage, ...errorResponses } } }, async (req) => {
    await manager(req);
    return listCountTasks(db, req.query);
  });

  app.post('/api/count-tasks', { schema: { body: CountTaskBody, response: { 201: CountTaskMade, ...errorResponses } } }, async (req, reply) => {
    const actor = await manager(req);
    const task = await asHttp(() => createCountTask(db, req.body));
    const places = new Set([...(req.body.locationId ? [req.body.locationId] : []), ...(req.body.locationIds ?? [])]).size;
    const site = await auditSiteNames(db, [req.body.warehouse]);
    const what = [places ? `${places} location(s)` : '', req.body.productIds ? `${new Set(req.body.productIds).size} product(s)` : ''].filter(Boolean).join(' × ');
    await recordAudit(db, actor, {
      action: 'count-task.create', entity: 'picking', entityId: task.pickingId,
      summary: `${task.reference}: ${task.blind ? 'blind ' : ''}count of ${what} in ${site(req.body.warehouse)} (${counted(task.lines, 'line')})`, after: req.body,
    });
    return reply.status(201).send(task);
  });
}
