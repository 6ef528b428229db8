// Admin API: users (`/api/admin/users…`) — list, add, change name/role/sites/active, set the
// password or the PIN. Admins change; managers look. Schemas: shared/admin-api/users.ts and
// operations.ts (adding a user and setting a password are CLI commands too).
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { errorResponses } from '../../../shared/admin-api/errors.ts';
import { AddedUser, AddUser, PasswordSet, SetPassword, UsernameParams } from '../../../shared/admin-api/operations.ts';
import { SetPin, UserList, UserPatch, UserSummary } from '../../../shared/admin-api/users.ts';
import { type Access, adminActor } from '../../admin/actor.ts';
import { addUserOp, setPasswordOp } from '../../admin/operations.ts';
import { listUsers, setPinOp, updateUserOp } from '../../admin/users.ts';
import type { Db } from '../../db/db.ts';

export function registerAdminUserRoutes(app: FastifyInstance, db: Db, operatorToken: string | undefined): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const actor = (req: Parameters<typeof adminActor>[1], access: Access) => adminActor(db, req, access, operatorToken);

  r.get('/api/admin/users', { schema: { response: { 200: UserList, ...errorResponses } } }, async (req) => {
    await actor(req, 'read');
    return { users: await listUsers(db) };
  });

  r.post('/api/admin/users', { schema: { body: AddUser, response: { 201: AddedUser, ...errorResponses } } }, async (req, reply) => {
    const result = await addUserOp(db, await actor(req, 'write'), req.body);
    return reply.status(201).send(result);
  });

  r.patch('/api/admin/users/:username', { schema: { params: UsernameParams, body: UserPatch, response: { 200: UserSummary, ...errorResponses } } }, async (req) => {
    return updateUserOp(db, await actor(req, 'write'), req.params.username, req.body);
  });

  r.put('/api/admin/users/:username/password', { schema: { params: UsernameParams, body: SetPassword, response: { 200: PasswordSet, ...errorResponses } } }, async (req) => {
    return setPasswordOp(db, await actor(req, 'write'), req.params.username, req.body);
  });

  r.put('/api/admin/users/:username/pin', { schema: { params: UsernameParams, body: SetPin, response: { 200: UserSummary, ...errorResponses } } }, async (req) => {
    return setPinOp(db, await actor(req, 'write'), req.params.username, req.body);
  });
}
