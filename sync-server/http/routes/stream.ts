// GET /api/sync/stream: Server-Sent Events. "RESYNC" on every (re)connect, then one hint
// `{"collection","checkpoint":{"seq"}}` per committed change the device may see. Clients answer a
// hint by pulling from their own checkpoint (so a missed hint costs nothing but latency).
import type { FastifyInstance } from 'fastify';
import type { BusMessage, Db } from '../../db/db.ts';
import { heartbeatSeen } from '../../devices/device-contact.ts';
import { deviceScope } from '../../feed/publish.ts';
import { authenticateDevice, deviceScopes, deviceStillActive } from '../auth.ts';

export interface StreamOptions {
  heartbeatMs: number;
  /** At most one availability hint per stream per this many ms (default 3 s; see below). */
  availabilityHintMs?: number;
}

/** Collections whose hints a device's role pulls; every other collection's hints reach every role that may see the scope. */
const ONLY_FOR_ROLES: Readonly<Record<string, readonly string[]>> = { availability: ['till'] };

export function registerStream(app: FastifyInstance, db: Db, options: StreamOptions, streams: Set<() => void>): void {
  app.get('/api/sync/stream', async (req, reply) => {
    const device = await authenticateDevice(db, req);
    const scopes = new Set(deviceScopes(device));
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
      'x-request-id': String(req.id),
    });
    // Hijacked: Fastify's request log (access-log.ts) never sees this response end, so the stream logs its own.
    const opened = Date.now();
    req.log.info({ req, deviceId: device.deviceId, role: device.role }, 'stream opened');
    res.write('retry: 2000\n\n');
    res.write('data: "RESYNC"\n\n');
    const own = deviceScope(device.deviceId);
    const send = (collection: string, seq: number): void => void res.write(`data: ${JSON.stringify({ collection, checkpoint: { seq } })}\n\n`);
    // Availability (what every site holds, for the tills' endless aisle) changes with every sale of
    // the company: hinted as it happened, every till would pull after every sale anywhere. A stream
    // sends the first change at once and then at most one hint per interval, carrying the latest
    // position (a pull reads everything up to it, so nothing is lost, only batched).
    const availabilityMs = options.availabilityHintMs ?? 3000;
    let availabilityTimer: NodeJS.Timeout | undefined;
    let availabilityPending: number | undefined;
    const hintAvailability = (seq: number): void => {
      if (availabilityTimer) {
        availabilityPending = seq;
        return;
      }
      send('availability', seq);
      availabilityTimer = setTimeout(() => {
        availabilityTimer = undefined;
        const pending = availabilityPending;
        availabilityPending = undefined;
        if (pending !== undefined) hintAvailability(pending);
      }, availabilityMs);
    };
    const unsubscribe = db.bus.subscribe((hint: BusMessage) => {
      // The server may have missed other processes' changes (its LISTEN connection dropped).
      if (hint === 'RESYNC') return void res.write('data: "RESYNC"\n\n');
      if (!scopes.has(hint.scope)) return;
      const roles = ONLY_FOR_ROLES[hint.collection];
      if (roles && !roles.includes(device.role)) return;
      if (hint.collection === 'availability') return hintAvailability(hint.seq);
      // A change to the device's own entry may be its revocation: check now rather than at the
      // next heartbeat, so a revoked device loses its stream at once.
      if (hint.scope === own) {
        deviceStillActive(db, device.deviceId).then(
          (active) => {
            if (!active) close();
          },
          (err: unknown) => req.log.warn({ err }, 'stream revocation check failed'),
        );
      }
      send(hint.collection, hint.seq);
    });
    // Heartbeats keep proxies from closing an idle stream, re-check revocation and note the device as seen.
    const heartbeat = setInterval(() => {
      heartbeatSeen(db, device.deviceId).then(
        (active) => (active ? res.write(': ping\n\n') : close()),
        (err: unknown) => req.log.warn({ err }, 'stream heartbeat check failed'),
      );
    }, options.heartbeatMs);
    let closed = false;
    const close = (): void => {
      if (closed) return;
      closed = true;
      req.log.info({ req, deviceId: device.deviceId, streamedMs: Date.now() - opened }, 'stream closed');
      clearInterval(heartbeat);
      clearTimeout(availabilityTimer);
      unsubscribe();
      streams.delete(close);
      res.end();
    };
    streams.add(close);
    req.raw.on('close', close);
  });
}
