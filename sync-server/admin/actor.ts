// Who calls the admin API: a logged-in admin or manager (session token as bearer or cookie), or
// the local operator — the CLI of the machine the server runs on, holding the token the server
// wrote into its data directory lock (readable by that user only) and calling over loopback.
// Admins change things; managers read (and decide approvals where a route says so).
import { timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { Db } from '../db/db.ts';
import { authenticateUser, bearerToken } from '../http/auth.ts';
import { forbidden } from '../http/errors.ts';

export interface Actor {
  kind: 'user' | 'operator';
  userId: string | null;
  name: string;
  role: 'admin' | 'manager';
}

export const OPERATOR_NAME = 'operator (CLI)';

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function fromLoopback(req: FastifyRequest): boolean {
  const ip = req.socket.remoteAddress ?? '';
  return ip === '127.0.0.1' || ip === '::1' || ip === '::ffff:127.0.0.1';
}

export type Access = 'read' | 'write';

/** The local operator as an actor: an admin with no user account (audited as `operator (CLI)`). */
export const operatorActor: Actor = { kind: 'operator', userId: null, name: OPERATOR_NAME, role: 'admin' };

const isOperatorToken = (req: FastifyRequest, operatorToken: string | undefined): boolean => {
  const token = bearerToken(req);
  return !!operatorToken && !!token && fromLoopback(req) && sameSecret(token, operatorToken);
};

/** Requests the server's onRequest hook found carrying the operator token (markOperatorRequest). */
const operatorRequests = new WeakSet<FastifyRequest>();

/**
 * Called for every request by the server (http/server.ts): remembers those of the local operator,
 * so that routes registered without the token — warehouse, reports, ledger, stock — let the CLI's
 * `aisle api` do what an admin may, as the admin routes do.
 */
export function markOperatorRequest(req: FastifyRequest, operatorToken: string | undefined): void {
  if (operatorToken && req.headers.authorization && isOperatorToken(req, operatorToken)) operatorRequests.add(req);
}

export const isOperatorRequest = (req: FastifyRequest): boolean => operatorRequests.has(req);

export async function adminActor(db: Db, req: FastifyRequest, access: Access, operatorToken: string | undefined): Promise<Actor> {
  if (isOperatorRequest(req) || isOperatorToken(req, operatorToken)) return operatorActor;
  const user = await authenticateUser(db, req);
  if (user.role === 'admin') return { kind: 'user', userId: user.userId, name: user.username, role: 'admin' };
  if (user.role === 'manager') {
    if (access === 'write') throw forbidden('only an admin can change this; managers can look');
    return { kind: 'user', userId: user.userId, name: user.username, role: 'manager' };
  }
  throw forbidden('the back office is for admins and managers');
}
