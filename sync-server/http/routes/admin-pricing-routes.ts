// Admin API: pricing (`/api/admin/customer-groups`, `/api/admin/customers/:id/group`,
// `/api/admin/pricelists`, `/api/admin/promotions`, `/api/admin/coupons`). Admins create, edit (PUT: the whole rule) and end; managers
// can look. Schemas: shared/admin-api/pricing.ts (rules from shared/pricing/pricing-rules.ts).
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { errorResponses } from '../../../shared/admin-api/errors.ts';
import {
  CouponInput, CouponList, CouponWithUses, CustomerGroup, CustomerGroupAssigned, CustomerGroupAssignment, CustomerGroupInput, CustomerGroupList,
  PricelistInput, PricelistList, PricelistUpdate, PricingRuleEnded, PromotionInput, PromotionList, PromotionUpdate,
} from '../../../shared/admin-api/pricing.ts';
import { IdParams } from '../../../shared/admin-api/warehouse.ts';
import { Pricelist, Promotion } from '../../../shared/pricing/pricing-rules.ts';
import { type Access, adminActor } from '../../admin/actor.ts';
import {
  assignCustomerGroup, createCoupon, createCustomerGroup, createPricelist, createPromotion, endPricelist, endPromotion, listCoupons, listCustomerGroups,
  listPricelists, listPromotions, updatePricelist, updatePromotion,
} from '../../admin/pricing.ts';
import type { Db } from '../../db/db.ts';

export function registerAdminPricingRoutes(app: FastifyInstance, db: Db, operatorToken: string | undefined): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const actor = (req: Parameters<typeof adminActor>[1], access: Access) => adminActor(db, req, access, operatorToken);

  r.get('/api/admin/customer-groups', { schema: { response: { 200: CustomerGroupList, ...errorResponses } } }, async (req) => {
    await actor(req, 'read');
    return { groups: await listCustomerGroups(db) };
  });
  r.post('/api/admin/customer-groups', { schema: { body: CustomerGroupInput, response: { 201: CustomerGroup, ...errorResponses } } }, async (req, reply) => {
    return reply.status(201).send(await createCustomerGroup(db, await actor(req, 'write'), req.body));
  });
  r.put('/api/admin/customers/:id/group', { schema: { params: IdParams, body: CustomerGroupAssignment, response: { 200: CustomerGroupAssigned, ...errorResponses } } }, async (req) => {
    return assignCustomerGroup(db, await actor(req, 'write'), req.params.id, req.body.groupId);
  });

  r.get('/api/admin/pricelists', { schema: { response: { 200: PricelistList, ...errorResponses } } }, async (req) => {
    await actor(req, 'read');
    return { pricelists: await listPricelists(db) };
  });
  r.post('/api/admin/pricelists', { schema: { body: PricelistInput, response: { 201: Pricelist, ...errorResponses } } }, async (req, reply) => {
    return reply.status(201).send(await createPricelist(db, await actor(req, 'write'), req.body));
  });

  r.put('/api/admin/pricelists/:id', { schema: { params: IdParams, body: PricelistUpdate, response: { 200: Pricelist, ...errorResponses } } }, async (req) => {
    return updatePricelist(db, await actor(req, 'write'), req.params.id, req.body);
  });
  r.delete('/api/admin/pricelists/:id', { schema: { params: IdParams, response: { 200: PricingRuleEnded, ...errorResponses } } }, async (req) => {
    return endPricelist(db, await actor(req, 'write'), req.params.id);
  });

  r.get('/api/admin/promotions', { schema: { response: { 200: PromotionList, ...errorResponses } } }, async (req) => {
    await actor(req, 'read');
    return { promotions: await listPromotions(db) };
  });
  r.post('/api/admin/promotions', { schema: { body: PromotionInput, response: { 201: Promotion, ...errorResponses } } }, async (req, reply) => {
    return reply.status(201).send(await createPromotion(db, await actor(req, 'write'), req.body));
  });

  r.put('/api/admin/promotions/:id', { schema: { params: IdParams, body: PromotionUpdate, response: { 200: Promotion, ...errorResponses } } }, async (req) => {
    return updatePromotion(db, await actor(req, 'write'), req.params.id, req.body);
  });
  r.delete('/api/admin/promotions/:id', { schema: { params: IdParams, response: { 200: PricingRuleEnded, ...errorResponses } } }, async (req) => {
    return endPromotion(db, await actor(req, 'write'), req.params.id);
  });

  r.get('/api/admin/coupons', { schema: { response: { 200: CouponList, ...errorResponses } } }, async (req) => {
    await actor(req, 'read');
    return listCoupons(db);
  });
  r.post('/api/admin/coupons', { schema: { body: CouponInput, response: { 201: CouponWithUses, ...errorResponses } } }, async (req, reply) => {
    return reply.status(201).send(await createCoupon(db, await actor(req, 'write'), req.body));
  });
}
