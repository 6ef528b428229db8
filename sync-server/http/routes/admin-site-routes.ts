// Admin API: sites and their settings, locations, tenders and the tills' approval thresholds
// (`/api/admin/sites…`, `/api/admin/tenders`, `/api/admin/approval-thresholds`). Admins change;
// managers look. Schemas: shared/admin-api/sites.ts.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { errorResponses } from '../../../shared/admin-api/errors.ts';
import { ApprovalThresholds, Location, LocationCreate, LocationList, Site, SiteCodeParams, SiteCreate, SiteList, SitePatch, TenderList } from '../../../shared/admin-api/sites.ts';
import { type Access, adminActor } from '../../admin/actor.ts';
import { loadApprovalThresholds, setApprovalThresholds } from '../../admin/approval-thresholds.ts';
import { createLocation, listLocations } from '../../admin/locations.ts';
import { createSite, listSites, listTenders, updateSite } from '../../admin/sites.ts';
import type { Db } from '../../db/db.ts';

export function registerAdminSiteRoutes(app: FastifyInstance, db: Db, operatorToken: string | undefined): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const actor = (req: Parameters<typeof adminActor>[1], access: Access) => adminActor(db, req, access, operatorToken);

  r.get('/api/admin/sites', { schema: { response: { 200: SiteList, ...errorResponses } } }, async (req) => {
    await actor(req, 'read');
    return { sites: await listSites(db) };
  });

  r.post('/api/admin/sites', { schema: { body: SiteCreate, response: { 201: Site, ...errorResponses } } }, async (req, reply) => {
    const site = await createSite(db, await actor(req, 'write'), req.body);
    return reply.status(201).send(site);
  });

  r.patch('/api/admin/sites/:code', { schema: { params: SiteCodeParams, body: SitePatch, response: { 200: Site, ...errorResponses } } }, async (req) => {
    return updateSite(db, await actor(req, 'write'), req.params.code, req.body);
  });

  r.get('/api/admin/sites/:code/locations', { schema: { params: SiteCodeParams, response: { 200: LocationList, ...errorResponses } } }, async (req) => {
    await actor(req, 'read');
    return listLocations(db, req.params.code);
  });

  r.post('/api/admin/sites/:code/locations', { schema: { params: SiteCodeParams, body: LocationCreate, response: { 201: Location, ...errorResponses } } }, async (req, reply) => {
    const location = await createLocation(db, await actor(req, 'write'), req.params.code, req.body);
    return reply.status(201).send(location);
  });

  r.get('/api/admin/tenders', { schema: { response: { 200: TenderList, ...errorResponses } } }, async (req) => {
    await actor(req, 'read');
    return { tenders: await listTenders(db) };
  });

  r.get('/api/admin/approval-thresholds', { schema: { response: { 200: ApprovalThresholds, ...errorResponses } } }, async (req) => {
    await actor(req, 'read');
    return loadApprovalThresholds(db);
  });

  r.put('/api/admin/approval-thresholds', { schema: { body: ApprovalThresholds, response: { 200: ApprovalThresholds, ...errorResponses } } }, async (req) => {
    return setApprovalThresholds(db, await actor(req, 'write'), req.body);
  });
}
