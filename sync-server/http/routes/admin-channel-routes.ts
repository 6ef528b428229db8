// Admin API: sales channels, their safety buffers and API keys (`/api/admin/channels…`,
// `/api/admin/channel-keys/:id/revoke`). Admins change; managers look. Schemas:
// shared/admin-api/channels.ts.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Channel, ChannelCodeParams, ChannelCreate, ChannelKeyCreate, ChannelKeyCreated, ChannelKeyRevoked, ChannelList, ChannelPatch } from '../../../shared/admin-api/channels.ts';
import { errorResponses } from '../../../shared/admin-api/errors.ts';
import { IdParams } from '../../../shared/admin-api/warehouse.ts';
import { type Access, adminActor } from '../../admin/actor.ts';
import { createChannel, createChannelKeyOp, listChannels, revokeChannelKeyOp, updateChannel } from '../../admin/channels.ts';
import type { Db } from '../../db/db.ts';

export function registerAdminChannelRoutes(app: FastifyInstance, db: Db, operatorToken: string | undefined): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const actor = (req: Parameters<typeof adminActor>[1], access: Access) => adminActor(db, req, access, operatorToken);

  r.get('/api/admin/channels', { schema: { response: { 200: ChannelList, ...errorResponses } } }, async (req) => {
    await actor(req, 'read');
    return { channels: await listChannels(db) };
  });

  r.post('/api/admin/channels', { schema: { body: ChannelCreate, response: { 201: Channel, ...errorResponses } } }, async (req, reply) => {
    const channel = await createChannel(db, await actor(req, 'write'), req.body);
    return reply.status(201).send(channel);
  });

  r.patch('/api/admin/channels/:code', { schema: { params: ChannelCodeParams, body: ChannelPatch, response: { 200: Channel, ...errorResponses } } }, async (req) => {
    return updateChannel(db, await actor(req, 'write'), req.params.code, req.body);
  });

  r.post('/api/admin/channels/:code/keys', { schema: { params: ChannelCodeParams, body: ChannelKeyCreate, response: { 201: ChannelKeyCreated, ...errorResponses } } }, async (req, reply) => {
    const key = await createChannelKeyOp(db, await actor(req, 'write'), req.params.code, req.body.name);
    return reply.status(201).send(key);
  });

  r.post('/api/admin/channel-keys/:id/revoke', { schema: { params: IdParams, response: { 200: ChannelKeyRevoked, ...errorResponses } } }, async (req) => {
    return revokeChannelKeyOp(db, await actor(req, 'write'), req.params.id);
  });
}
