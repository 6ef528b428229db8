// Stored value over HTTP (issue 17, docs/stored-value.md).
// Tills: `POST /api/stored-value/authorize`, `POST /api/stored-value/release`,
// `GET /api/stored-value/balance` (a till's device token). Back office (`/api/admin/…`, admins
// change, managers look): gift cards, store credit, the offline allowance, the loyalty program and
// the liability report. Schemas: shared/stored-value/authorization-api.ts, shared/admin-api/stored-value.ts.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { errorResponses } from '../../../shared/admin-api/errors.ts';
import {
  CustomerValue, GiftCard, GiftCardIssueInput, GiftCardList, GiftCardParams, GiftCardQuery, LiabilityReport, LoyaltyProgram, LoyaltyProgramView, StoreCredit,
  StoreCreditAdjustInput, StoreCreditIssueInput, StoredValueSettings, ValueMoveList,
} from '../../../shared/admin-api/stored-value.ts';
import { IdParams } from '../../../shared/admin-api/warehouse.ts';
import {
  AuthorizeRequest, AuthorizeResponse, BalanceQuery, BalanceResponse, ReleaseRequest, ReleaseResponse,
} from '../../../shared/stored-value/authorization-api.ts';
import { type Access, adminActor } from '../../admin/actor.ts';
import type { Db } from '../../db/db.ts';
import {
  changeStoreCredit, customerValue, customerValueMoves, getLoyaltyProgram, getStoredValueSettings, giftCardMoves, issueGiftCard, issueStoreCredit, listGiftCards,
  setLoyaltyProgram, updateStoredValueSettings,
} from '../../stored-value/value-admin.ts';
import { authorizeRedemption, releaseAuthorization, valueBalance } from '../../stored-value/value-holds.ts';
import { liabilityReport } from '../../stored-value/value-report.ts';
import { authenticateDevice, type DeviceIdentity } from '../auth.ts';
import { forbidden } from '../errors.ts';

/** Tills are authenticated before their request is validated (auth before work, tests/sync/auth-first). */
const tills = new WeakMap<FastifyRequest, DeviceIdentity>();

async function authenticateTill(db: Db, req: FastifyRequest): Promise<void> {
  const device = await authenticateDevice(db, req);
  if (device.role !== 'till') throw forbidden('only tills redeem stored value');
  tills.set(req, device);
}

function till(req: FastifyRequest): DeviceIdentity {
  const device = tills.get(req);
  if (!device) throw new Error('till route without its preValidation hook');
  return device;
}

export function registerStoredValueRoutes(app: FastifyInstance, db: Db, operatorToken: string | undefined): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const actor = (req: FastifyRequest, access: Access) => adminActor(db, req, access, operatorToken);

  const preValidation = (req: FastifyRequest): Promise<void> => authenticateTill(db, req);
  r.post('/api/stored-value/authorize', { preValidation, schema: { body: AuthorizeRequest, response: { 200: AuthorizeResponse, ...errorResponses } } }, async (req) => {
    return authorizeRedemption(db, till(req), req.body);
  });
  r.post('/api/stored-value/release', { preValidation, schema: { body: ReleaseRequest, response: { 200: ReleaseResponse, ...errorResponses } } }, async (req) => {
    return { released: await releaseAuthorization(db, till(req).deviceId, req.body.authorizationId) };
  });
  r.get('/api/stored-value/balance', { preValidation, schema: { querystring: BalanceQuery, response: { 200: BalanceResponse, ...errorResponses } } }, async (req) => {
    return valueBalance(db, till(req).siteId, req.query);
  });

  r.get('/api/admin/gift-cards', { schema: { querystring: GiftCardQuery, response: { 200: GiftCardList, ...errorResponses } } }, async (req) => {
    await actor(req, 'read');
    return listGiftCards(db, req.query.number);
  });
  r.post('/api/admin/gift-cards', { schema: { body: GiftCardIssueInput, response: { 201: GiftCard, ...errorResponses } } }, async (req, reply) => {
    return reply.status(201).send(await issueGiftCard(db, await actor(req, 'write'), req.body));
  });
  r.get('/api/admin/gift-cards/:number/moves', { schema: { params: GiftCardParams, response: { 200: ValueMoveList, ...errorResponses } } }, async (req) => {
    await actor(req, 'read');
    return giftCardMoves(db, req.params.number);
  });
  r.post('/api/admin/store-credit/adjustments', { schema: { body: StoreCreditAdjustInput, response: { 201: StoreCredit, ...errorResponses } } }, async (req, reply) => {
    return reply.status(201).send(await changeStoreCredit(db, await actor(req, 'write'), req.body));
  });
  r.get('/api/admin/customers/:id/value-moves', { schema: { params: IdParams, response: { 200: ValueMoveList, ...errorResponses } } }, async (req) => {
    await actor(req, 'read');
    return customerValueMoves(db, req.params.id);
  });
  r.post('/api/admin/store-credit', { schema: { body: StoreCreditIssueInput, response: { 201: StoreCredit, ...errorResponses } } }, async (req, reply) => {
    return reply.status(201).send(await issueStoreCredit(db, await actor(req, 'write'), req.body));
  });
  r.get('/api/admin/stored-value/settings', { schema: { response: { 200: StoredValueSettings, ...errorResponses } } }, async (req) => {
    await actor(req, 'read');
    return getStoredValueSettings(db);
  });
  r.put('/api/admin/stored-value/settings', { schema: { body: StoredValueSettings, response: { 200: StoredValueSettings, ...errorResponses } } }, async (req) => {
    return updateStoredValueSettings(db, await actor(req, 'write'), req.body);
  });
  r.get('/api/admin/loyalty', { schema: { response: { 200: LoyaltyProgramView, ...errorResponses } } }, async (req) => {
    await actor(req, 'read');
    return getLoyaltyProgram(db);
  });
  r.put('/api/admin/loyalty', { schema: { body: LoyaltyProgram, response: { 200: LoyaltyProgramView, ...errorResponses } } }, async (req) => {
    return setLoyaltyProgram(db, await actor(req, 'write'), req.body);
  });
  r.get('/api/admin/customers/:id/value', { schema: { params: IdParams, response: { 200: CustomerValue, ...errorResponses } } }, async (req) => {
    await actor(req, 'read');
    return customerValue(db, req.params.id);
  });
  r.get('/api/admin/stored-value/liability', { schema: { response: { 200: LiabilityReport, ...errorResponses } } }, async (req) => {
    await actor(req, 'read');
    return liabilityReport(db);
  });
}
