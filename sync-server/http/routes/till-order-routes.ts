// Channel orders seen from a till (issue 16 point 4, docs/channels.md "Returns at a store"):
// `GET /api/till/order-returns?q=` finds the delivered web and marketplace orders a customer brings
// back (a till's device token). Schemas: shared/channel-api/order-returns.ts.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { errorResponses } from '../../../shared/admin-api/errors.ts';
import { OrderReturnQuery, ReturnableOrderList } from '../../../shared/channel-api/order-returns.ts';
import type { Db } from '../../db/db.ts';
import { findReturnableOrders } from '../../warehouse/order-return-lookup.ts';
import { authenticateDevice } from '../auth.ts';
import { forbidden } from '../errors.ts';

export function registerTillOrderRoutes(app: FastifyInstance, db: Db): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  // Authenticated before the query is validated (auth before work, tests/sync/auth-first).
  const preValidation = async (req: FastifyRequest): Promise<void> => {
    const device = await authenticateDevice(db, req);
    if (device.role !== 'till') throw forbidden('only tills take returns');
  };
  r.get('/api/till/order-returns', { preValidation, schema: { querystring: OrderReturnQuery, response: { 200: ReturnableOrderList, ...errorResponses } } }, async (req) => {
    return { orders: await findReturnableOrders(db, req.query.q) };
  });
}
