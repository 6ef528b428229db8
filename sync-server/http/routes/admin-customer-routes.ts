// Admin API: customers (`/api/admin/customers`, search, merge, history). Admins merge; managers
// can look. Schemas: shared/admin-api/customers.ts.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { AdminCustomer, CustomerHistory, CustomerPage, CustomerQuery, HistoryQuery, MergeCustomers, MergeResult } from '../../../shared/admin-api/customers.ts';
import { errorResponses } from '../../../shared/admin-api/errors.ts';
import { IdParams } from '../../../shared/admin-api/warehouse.ts';
import { type Access, adminActor } from '../../admin/actor.ts';
import { getCustomer, listCustomers } from '../../customers/customer-admin.ts';
import { customerHistory } from '../../customers/customer-history.ts';
import { mergeCustomers } from '../../customers/customer-merge.ts';
import type { Db } from '../../db/db.ts';

export function registerAdminCustomerRoutes(app: FastifyInstance, db: Db, operatorToken: string | undefined): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const actor = (req: Parameters<typeof adminActor>[1], access: Access) => adminActor(db, req, access, operatorToken);

  r.get('/api/admin/customers', { schema: { querystring: CustomerQuery, response: { 200: CustomerPage, ...errorResponses } } }, async (req) => {
    await actor(req, 'read');
    return listCustomers(db, req.query);
  });

  r.get('/api/admin/customers/:id', { schema: { params: IdParams, response: { 200: AdminCustomer, ...errorResponses } } }, async (req) => {
    await actor(req, 'read');
    return getCustomer(db, req.params.id);
  });

  r.get('/api/admin/customers/:id/history', { schema: { params: IdParams, querystring: HistoryQuery, response: { 200: CustomerHistory, ...errorResponses } } }, async (req) => {
    await actor(req, 'read');
    return customerHistory(db, req.params.id, req.query);
  });

  r.post('/api/admin/customers/merge', { schema: { body: MergeCustomers, response: { 200: MergeResult, ...errorResponses } } }, async (req) => {
    return mergeCustomers(db, await actor(req, 'write'), req.body);
  });
}
