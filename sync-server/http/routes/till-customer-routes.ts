// Customers seen from a till (issue 16 point 6, docs/till.md "Customers"): `GET
// /api/till/customers/:id/history` is the customer's history over every channel, the back office's
// (customers/customer-history.ts), for any till of the company — customers are company-wide. Online
// only: the till shows it when it reaches the server and keeps no copy. Schemas:
// shared/admin-api/customers.ts.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { CustomerHistory, HistoryQuery } from '../../../shared/admin-api/customers.ts';
import { errorResponses } from '../../../shared/admin-api/errors.ts';
import { IdParams } from '../../../shared/admin-api/warehouse.ts';
import { customerHistory } from '../../customers/customer-history.ts';
import type { Db } from '../../db/db.ts';
import { authenticateDevice } from '../auth.ts';
import { forbidden } from '../errors.ts';

export function registerTillCustomerRoutes(app: FastifyInstance, db: Db): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  // Authenticated before the params are validated (auth before work, tests/sync/auth-first).
  const preValidation = async (req: FastifyRequest): Promise<void> => {
    const device = await authenticateDevice(db, req);
    if (device.role !== 'till') throw forbidden('only tills read a customer’s history here');
  };
  r.get('/api/till/customers/:id/history', { preValidation, schema: { params: IdParams, querystring: HistoryQuery, response: { 200: CustomerHistory, ...errorResponses } } }, async (req) => {
    return customerHistory(db, req.params.id, req.query);
  });
}
