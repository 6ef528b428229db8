// Past sales seen from a till (docs/till.md "Returns"): `GET /api/till/sales/lookup?code=` finds a
// sale made at any till of the company — by its receipt code, receipt number or id — with the
// returns already taken against it, so a customer can bring it back to another till or store
// (pos/sale-lookup.ts says which). A till's device token. Schemas: shared/till-api/sale-lookup.ts.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { errorResponses } from '../../../shared/admin-api/errors.ts';
import { SaleLookupAnswer, SaleLookupQuery } from '../../../shared/till-api/sale-lookup.ts';
import type { Db } from '../../db/db.ts';
import type { DeviceIdentity } from '../../devices/identity.ts';
import { lookUpSale } from '../../pos/sale-lookup.ts';
import { authenticateDevice } from '../auth.ts';
import { forbidden } from '../errors.ts';

const ONLY_TILLS = 'only tills take returns';

export function registerTillSaleRoutes(app: FastifyInstance, db: Db): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  // Authenticated before the query is validated (auth before work, tests/sync/auth-first).
  const devices = new WeakMap<FastifyRequest, DeviceIdentity>();
  const preValidation = async (req: FastifyRequest): Promise<void> => {
    const device = await authenticateDevice(db, req);
    if (device.role !== 'till') throw forbidden(ONLY_TILLS);
    devices.set(req, device);
  };
  r.get('/api/till/sales/lookup', { preValidation, schema: { querystring: SaleLookupQuery, response: { 200: SaleLookupAnswer, ...errorResponses } } }, async (req) => {
    const device = devices.get(req);
    if (!device) throw forbidden(ONLY_TILLS);
    return lookUpSale(db, device, req.query.code);
  });
}
