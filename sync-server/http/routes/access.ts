// Pairing and login: the two routes that hand out tokens, both rate-limited per client address.
import type { FastifyInstance } from 'fastify';
import type { Db } from '../../db/db.ts';
import { PairingError, redeemPairingCode } from '../../devices/pairing.ts';
import { login, SESSION_TTL_MS, UserError } from '../../users/users.ts';
import { SESSION_COOKIE } from '../auth.ts';
import { HttpError } from '../errors.ts';

export interface RateLimit {
  max: number;
  timeWindow: number;
}

const pairBody = {
  type: 'object',
  properties: { code: { type: 'string', minLength: 1, maxLength: 64 }, name: { type: 'string', minLength: 1, maxLength: 100 } },
  required: ['code', 'name'],
  additionalProperties: false,
} as const;

const loginBody = {
  type: 'object',
  properties: { username: { type: 'string', minLength: 1, maxLength: 64 }, password: { type: 'string', minLength: 1, maxLength: 200 } },
  required: ['username', 'password'],
  additionalProperties: false,
} as const;

export function registerAccess(app: FastifyInstance, db: Db, limits: { pair: RateLimit; login: RateLimit }): void {
  app.post<{ Body: { code: string; name: string } }>(
    '/api/devices/pair',
    { schema: { body: pairBody }, config: { rateLimit: limits.pair } },
    async (req) => {
      try {
        return await redeemPairingCode(db, req.body.code, req.body.name);
      } catch (err) {
        if (err instanceof PairingError) throw new HttpError(400, err.code, err.message);
        throw err;
      }
    },
  );

  app.post<{ Body: { username: string; password: string } }>(
    '/api/auth/login',
    { schema: { body: loginBody }, config: { rateLimit: limits.login } },
    async (req, reply) => {
      try {
        const session = await login(db, req.body.username, req.body.password);
        reply.setCookie(SESSION_COOKIE, session.token, {
          httpOnly: true,
          sameSite: 'strict',
          path: '/',
          secure: req.protocol === 'https',
          maxAge: Math.floor(SESSION_TTL_MS / 1000),
        });
        return { token: session.token, expiresAt: session.expiresAt.toISOString(), user: session.user };
      } catch (err) {
        if (err instanceof UserError) throw new HttpError(401, err.code, err.message);
        throw err;
      }
    },
  );
}
