// Webhook endpoints and their delivery log in the admin API (/api/admin/webhooks…): admins change
// them (audited), managers look. Schemas come from shared/schemas/webhooks.ts (TypeBox): one
// declaration gives validation and types. Secrets never reach the audit log.
import { type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { errorResponses } from '../../../shared/admin-api/errors.ts';
import { WebhookDelivery, WebhookDeliveryQuery, WebhookEndpoint, WebhookEndpointCreate, WebhookEndpointUpdate, WebhookEndpointWithSecret, WebhookSecretRotation } from '../../../shared/schemas/webhooks.ts';
import { type Access, type Actor, adminActor } from '../../admin/actor.ts';
import { recordAudit } from '../../admin/audit.ts';
import type { Db } from '../../db/db.ts';
import { createEndpoint, deleteEndpoint, deliveryLog, getEndpoint, listEndpoints, replayDelivery, rotateSecret, updateEndpoint } from '../../webhooks/endpoints.ts';
import { WebhookError } from '../../webhooks/webhook-error.ts';
import { withHttpStatus } from '../errors.ts';

const EndpointParams = Type.Object({ id: Type.String({ maxLength: 64 }) });
const DeliveryParams = Type.Object({ id: Type.String({ maxLength: 64 }), deliveryId: Type.String({ pattern: '^[0-9]{1,18}$' }) });

const asHttp = <T>(fn: () => Promise<T>): Promise<T> => withHttpStatus(WebhookError, fn);

export function registerWebhookRoutes(fastify: FastifyInstance, db: Db, operatorToken?: string): void {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const actor = (req: Parameters<typeof adminActor>[1], access: Access): Promise<Actor> => adminActor(db, req, access, operatorToken);
  const base = '/api/admin/webhooks/endpoints';

  app.get(base, { schema: { response: { 200: Type.Array(WebhookEndpoint), ...errorResponses } } }, async (req) => {
    await actor(req, 'read');
    return listEndpoints(db);
  });
  app.post(base, { schema: { body: WebhookEndpointCreate, response: { 201: WebhookEndpointWithSecret, ...errorResponses } } }, async (req, reply) => {
    const who = await actor(req, 'write');
    const made = await createEndpoint(db, req.body);
    await recordAudit(db, who, { action: 'webhook_endpoint.create', entity: 'webhook_endpoint', entityId: made.id, summary: `webhook endpoint ${made.url} for ${made.eventTypes.join(', ')}`, after: { ...made, secret: undefined } });
    return reply.status(201).send(made);
  });
  app.get(`${base}/:id`, { schema: { params: EndpointParams, response: { 200: WebhookEndpoint, ...errorResponses } } }, async (req) => {
    await actor(req, 'read');
    return asHttp(() => getEndpoint(db, req.params.id));
  });
  app.patch(`${base}/:id`, { schema: { params: EndpointParams, body: WebhookEndpointUpdate, response: { 200: WebhookEndpoint, ...errorResponses } } }, async (req) => {
    const who = await actor(req, 'write');
    const before = await asHttp(() => getEndpoint(db, req.params.id));
    const after = await asHttp(() => updateEndpoint(db, req.params.id, req.body));
    await recordAudit(db, who, { action: 'webhook_endpoint.update', entity: 'webhook_endpoint', entityId: after.id, summary: `webhook endpoint ${after.url} changed`, before, after });
    return after;
  });
  app.delete(`${base}/:id`, { schema: { params: EndpointParams, response: { 204: Type.Null(), ...errorResponses } } }, async (req, reply) => {
    const who = await actor(req, 'write');
    const before = await asHttp(() => getEndpoint(db, req.params.id));
    await asHttp(() => deleteEndpoint(db, req.params.id));
    await recordAudit(db, who, { action: 'webhook_endpoint.delete', entity: 'webhook_endpoint', entityId: before.id, summary: `webhook endpoint ${before.url} deleted`, before });
    return reply.status(204).send(null);
  });
  app.post(`${base}/:id/rotate-secret`, { schema: { params: EndpointParams, body: Type.Optional(WebhookSecretRotation), response: { 200: WebhookEndpointWithSecret, ...errorResponses } } }, async (req) => {
    const who = await actor(req, 'write');
    const rotated = await asHttp(() => rotateSecret(db, req.params.id, req.body?.overlapSeconds));
    await recordAudit(db, who, { action: 'webhook_endpoint.rotate_secret', entity: 'webhook_endpoint', entityId: rotated.id, summary: `signing secret of ${rotated.url} rotated` });
    return rotated;
  });
  app.get(`${base}/:id/deliveries`, { schema: { params: EndpointParams, querystring: WebhookDeliveryQuery, response: { 200: Type.Array(WebhookDelivery), ...errorResponses } } }, async (req) => {
    await actor(req, 'read');
    return asHttp(() => deliveryLog(db, req.params.id, { ...(req.query.state ? { state: req.query.state } : {}), ...(req.query.limit ? { limit: req.query.limit } : {}) }));
  });
  app.post(`${base}/:id/deliveries/:deliveryId/replay`, { schema: { params: DeliveryParams, response: { 200: WebhookDelivery, ...errorResponses } } }, async (req) => {
    const who = await actor(req, 'write');
    const d = await asHttp(() => replayDelivery(db, req.params.id, req.params.deliveryId));
    await recordAudit(db, who, { action: 'webhook_delivery.replay', entity: 'webhook_endpoint', entityId: req.params.id, summary: `${d.type} (${d.eventId}) sent again` });
    return d;
  });
}
