// The admin API (`/api/admin/…`, PROTOCOL.md): every admin operation once, schema-first. Request
// and response schemas come from shared/admin-api/ (TypeBox), which gives Fastify its validation
// and the handlers, the CLI and the back office their types.
import { type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { AuditPage, AuditQuery, DeviceList, DeviceRename, DeviceSummary, Me } from '../../../shared/admin-api/audit-devices.ts';
import { errorResponses } from '../../../shared/admin-api/errors.ts';
import { CreatePairingCode, DeviceIdParams, MigrateResult, PairingCode, ReconcileReport, RevokedDevice, SeedDemo, SeedResult } from '../../../shared/admin-api/operations.ts';
import { adminActor } from '../../admin/actor.ts';
import { listAudit } from '../../admin/audit.ts';
import { listDevices, renameDeviceOp } from '../../admin/devices.ts';
import { createPairingCodeOp, migrateOp, reconcileOp, revokeDeviceOp, seedOp } from '../../admin/operations.ts';
import type { Db } from '../../db/db.ts';
import { registerAdminCatalogRoutes } from './admin-catalog-routes.ts';
import { registerAdminPricingRoutes } from './admin-pricing-routes.ts';
import { registerAdminChannelRoutes } from './admin-channel-routes.ts';
import { registerAdminSiteRoutes } from './admin-site-routes.ts';
import { registerAdminCustomerRoutes } from './admin-customer-routes.ts';
import { registerAdminOrderRoutes } from './admin-order-routes.ts';
import { registerAdminUserRoutes } from './admin-user-routes.ts';

export interface AdminRouteOptions {
  /** The local operator's token (see admin/actor.ts); unset → only sessions are accepted. */
  operatorToken?: string;
  /** SHA-256 fingerprint of the server's TLS certificate, given out with each pairing code. */
  tlsFingerprint?: string;
}

export function registerAdminRoutes(app: FastifyInstance, db: Db, options: AdminRouteOptions): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  registerAdminCatalogRoutes(app, db, options.operatorToken);
  registerAdminPricingRoutes(app, db, options.operatorToken);
  registerAdminSiteRoutes(app, db, options.operatorToken);
  registerAdminChannelRoutes(app, db, options.operatorToken);
  registerAdminCustomerRoutes(app, db, options.operatorToken);
  registerAdminOrderRoutes(app, db, options.operatorToken);
  registerAdminUserRoutes(app, db, options.operatorToken);
  const actor = (req: Parameters<typeof adminActor>[1], access: 'read' | 'write') => adminActor(db, req, access, options.operatorToken);

  r.get('/api/admin/me', { schema: { response: { 200: Me, ...errorResponses } } }, async (req) => {
    const a = await actor(req, 'read');
    return { name: a.name, role: a.role, canWrite: a.role === 'admin' };
  });

  r.post('/api/admin/pairing-codes', { schema: { body: CreatePairingCode, response: { 201: PairingCode, ...errorResponses } } }, async (req, reply) => {
    const result = await createPairingCodeOp(db, await actor(req, 'write'), req.body);
    return reply.status(201).send(options.tlsFingerprint ? { ...result, fingerprint: options.tlsFingerprint } : result);
  });

  r.get('/api/admin/devices', { schema: { response: { 200: DeviceList, ...errorResponses } } }, async (req) => {
    await actor(req, 'read');
    return { devices: await listDevices(db) };
  });

  r.patch('/api/admin/devices/:id', { schema: { params: DeviceIdParams, body: DeviceRename, response: { 200: DeviceSummary, ...errorResponses } } }, async (req) => {
    return renameDeviceOp(db, await actor(req, 'write'), req.params.id, req.body);
  });

  r.post('/api/admin/devices/:id/revoke', { schema: { params: DeviceIdParams, response: { 200: RevokedDevice, ...errorResponses } } }, async (req) => {
    return revokeDeviceOp(db, await actor(req, 'write'), req.params.id);
  });

  r.post('/api/admin/seed', { schema: { body: SeedDemo, response: { 200: SeedResult, ...errorResponses } } }, async (req) => {
    return seedOp(db, await actor(req, 'write'), req.body);
  });

  r.post('/api/admin/migrate', { schema: { body: Type.Object({}), response: { 200: MigrateResult, ...errorResponses } } }, async (req) => {
    await actor(req, 'write');
    return migrateOp(db);
  });

  r.get('/api/admin/reconcile', { schema: { response: { 200: ReconcileReport, ...errorResponses } } }, async (req) => {
    await actor(req, 'read');
    return reconcileOp(db);
  });

  r.get('/api/admin/audit', { schema: { querystring: AuditQuery, response: { 200: AuditPage, ...errorResponses } } }, async (req) => {
    await actor(req, 'read');
    const q = req.query;
    const entries = await listAudit(db, { limit: q.limit ?? 50, ...(q.entity ? { entity: q.entity } : {}), ...(q.entityId ? { entityId: q.entityId } : {}), ...(q.q ? { q: q.q } : {}), ...(q.before ? { before: q.before } : {}) });
    return { entries };
  });
}
