// Admin API: the catalog (`/api/admin/products`, `/api/admin/taxes` — a tax created with POST, its rate or name changed, or
// the tax retired and restored, with PATCH, its next rate scheduled at a set instant; CSV export and import in
// admin-catalog-csv-routes.ts). Admins change products;
// managers can look. Schemas: shared/admin-api/catalog.ts.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Product, ProductInput, ProductPage, ProductPatch, ProductQuery, Tax, TaxDetail, TaxInput, TaxList, TaxPatch, TaxScheduleInput } from '../../../shared/admin-api/catalog.ts';
import { errorResponses } from '../../../shared/admin-api/errors.ts';
import { IdParams } from '../../../shared/admin-api/warehouse.ts';
import { type Access, adminActor } from '../../admin/actor.ts';
import { createProduct, getProduct, listProducts, updateProduct } from '../../admin/catalog.ts';
import { createTax, listTaxDetails, updateTax } from '../../admin/taxes.ts';
import { cancelScheduledTaxRate, scheduleTaxRate } from '../../admin/tax-schedule.ts';
import type { Db } from '../../db/db.ts';
import { registerAdminCatalogCsvRoutes } from './admin-catalog-csv-routes.ts';

export function registerAdminCatalogRoutes(app: FastifyInstance, db: Db, operatorToken: string | undefined): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const actor = (req: Parameters<typeof adminActor>[1], access: Access) => adminActor(db, req, access, operatorToken);
  registerAdminCatalogCsvRoutes(app, db, operatorToken);

  r.get('/api/admin/products', { schema: { querystring: ProductQuery, response: { 200: ProductPage, ...errorResponses } } }, async (req) => {
    await actor(req, 'read');
    return listProducts(db, req.query);
  });

  r.get('/api/admin/products/:id', { schema: { params: IdParams, response: { 200: Product, ...errorResponses } } }, async (req) => {
    await actor(req, 'read');
    return getProduct(db, req.params.id);
  });

  r.post('/api/admin/products', { schema: { body: ProductInput, response: { 201: Product, ...errorResponses } } }, async (req, reply) => {
    const product = await createProduct(db, await actor(req, 'write'), req.body);
    return reply.status(201).send(product);
  });

  r.patch('/api/admin/products/:id', { schema: { params: IdParams, body: ProductPatch, response: { 200: Product, ...errorResponses } } }, async (req) => {
    return updateProduct(db, await actor(req, 'write'), req.params.id, req.body);
  });

  r.get('/api/admin/taxes', { schema: { response: { 200: TaxList, ...errorResponses } } }, async (req) => {
    await actor(req, 'read');
    return { taxes: await listTaxDetails(db) };
  });

  r.post('/api/admin/taxes', { schema: { body: TaxInput, response: { 201: TaxDetail, ...errorResponses } } }, async (req, reply) => {
    const tax = await createTax(db, await actor(req, 'write'), req.body);
    return reply.status(201).send(tax);
  });

  r.patch('/api/admin/taxes/:id', { schema: { params: IdParams, body: TaxPatch, response: { 200: Tax, ...errorResponses } } }, async (req) => {
    return updateTax(db, await actor(req, 'write'), req.params.id, req.body);
  });

  // A tax's next rate, from a set instant on (admin/tax-schedule.ts): scheduled or replaced with PUT, cancelled with DELETE.
  r.put('/api/admin/taxes/:id/scheduled-rate', { schema: { params: IdParams, body: TaxScheduleInput, response: { 200: TaxDetail, ...errorResponses } } }, async (req) => {
    return scheduleTaxRate(db, await actor(req, 'write'), req.params.id, req.body);
  });

  r.delete('/api/admin/taxes/:id/scheduled-rate', { schema: { params: IdParams, response: { 200: TaxDetail, ...errorResponses } } }, async (req) => {
    return cancelScheduledTaxRate(db, await actor(req, 'write'), req.params.id);
  });
}
