// Replication routes (PROTOCOL.md): pull for server-owned collections, push for device-owned
// ones. Unknown collection → 404; pulling a device-owned or pushing a server-owned one, or
// pushing a collection the device's role does not make (devices/permissions.ts) → 403.
import { availableParallelism } from 'node:os';
import { hash } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import pLimit from 'p-limit';
import { DeviceStatusReport } from '../../../shared/schemas/device-status.ts';
import { collections, type DeviceCollection, isCollectionName } from '../../../shared/schemas/index.ts';
import type { Db } from '../../db/db.ts';
import { recordDeviceStatus, SyncContacts } from '../../devices/device-contact.ts';
import { canPush } from '../../devices/permissions.ts';
import { applyPush, type PushRow } from '../../events/apply-push.ts';
import type { EventRegistry } from '../../events/registry.ts';
import { MAX_PULL_LIMIT, parseCheckpoint, pullPage } from '../../feed/pull.ts';
import { authenticateDevice, deviceScopes } from '../auth.ts';
import type { RateLimit } from './access.ts';
import { badRequest, forbidden, notFound } from '../errors.ts';

export const MAX_PUSH_ROWS = 1000;

const pushBody = {
  type: 'array',
  maxItems: MAX_PUSH_ROWS,
  items: { type: 'object', properties: { newDocumentState: {}, assumedMasterState: {} }, required: ['newDocumentState'] },
} as const;

function collectionOf(name: string, owner: 'server' | 'device'): string {
  if (!isCollectionName(name)) throw notFound(`unknown collection ${name}`);
  const actual = collections[name].owner;
  if (actual !== owner) {
    throw forbidden(owner === 'device' ? `${name} is server-owned: devices pull it, never push` : `${name} is device-owned: devices push it, never pull`);
  }
  return name;
}

/**
 * Push batches applied at once. Every batch ends in the change-feed lock's short serialised
 * part; with many more batches running than the machine has cores, the one holding the lock gets
 * a small share of the CPU and everyone waits for it. Further pushes queue here (in memory, in
 * arrival order) and cost nothing while they wait.
 */
export const DEFAULT_PUSH_CONCURRENCY = Math.max(2, availableParallelism() + 1);

/** Pushes per device per minute (429 with Retry-After above it; the till's replication backs off and retries). */
export const DEFAULT_PUSH_RATE: RateLimit = { max: 600, timeWindow: 60_000 };

/**
 * The rate-limit key of a push: its bearer token (hashed: keys are kept in memory), so the limit
 * holds per device, not per address — tills behind one store router share an address. Runs before
 * authentication (a flood is refused before it costs a database lookup); an unknown token gets its
 * own small bucket and then its 401.
 */
function pushKey(req: FastifyRequest): string {
  const auth = req.headers.authorization;
  return typeof auth === 'string' && auth.length > 0 ? `push:${hash('sha256', auth, 'base64url')}` : `push-ip:${req.ip}`;
}

export function registerSync(app: FastifyInstance, db: Db, registry: EventRegistry, pushConcurrency = DEFAULT_PUSH_CONCURRENCY, pushRate: RateLimit = DEFAULT_PUSH_RATE): void {
  const applying = pLimit(pushConcurrency);
  const contacts = new SyncContacts(db);
  app.get<{ Params: { collection: string }; Querystring: { checkpoint?: string; limit?: string } }>('/api/sync/:collection/pull', async (req, reply) => {
    const device = await authenticateDevice(db, req);
    const collection = collectionOf(req.params.collection, 'server');
    let since;
    try {
      since = parseCheckpoint(req.query.checkpoint);
    } catch (err) {
      throw badRequest((err as Error).message);
    }
    if (req.query.limit !== undefined && !/^[0-9]{1,9}$/.test(req.query.limit)) throw badRequest('limit must be a whole number of documents');
    const limit = Math.min(Math.max(Number(req.query.limit ?? 1000) || 1000, 1), MAX_PULL_LIMIT);
    const body = await pullPage(db, collection, deviceScopes(device), since, limit);
    await contacts.synced(device.deviceId);
    return reply.type('application/json; charset=utf-8').send(body);
  });

  app.post<{ Params: { collection: string }; Body: PushRow[] }>('/api/sync/:collection/push', { schema: { body: pushBody }, config: { rateLimit: { ...pushRate, keyGenerator: pushKey } } }, async (req) => {
    const device = await authenticateDevice(db, req);
    const collection = collectionOf(req.params.collection, 'device') as DeviceCollection;
    if (!canPush(device.role, collection)) throw forbidden(`a ${device.role} does not push ${collection}`);
    const conflicts = await applying(() => applyPush(db, registry, collection, req.body, device, req.log));
    await contacts.synced(device.deviceId);
    return conflicts;
  });

  // What the device still has to send (docs/admin.md, Devices): reported when the figure changes.
  app.post<{ Body: DeviceStatusReport }>('/api/sync/status', { schema: { body: DeviceStatusReport } }, async (req, reply) => {
    const device = await authenticateDevice(db, req);
    await recordDeviceStatus(db, device.deviceId, req.body);
    return reply.status(204).send();
  });
}
