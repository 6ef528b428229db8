// A webhook receiver on 127.0.0.1 for tests: verifies every request with the independent
// `standardwebhooks` package (the reference implementation of the spec) and records what came.
// `respond` decides each answer, so tests can fail, hang or answer 410.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import type { WebhookEndpointWithSecret } from '../../shared/schemas/webhooks.ts';
import type { TestServer } from '../support/test-server.ts';

export interface Received {
  id: string;
  timestamp: string;
  signature: string;
  body: string;
  payload: { type: string; resource: string; sequence: number; data: Record<string, unknown> };
  verified: boolean;
}

export type Responder = (r: Received, n: number) => { status: number; headers?: Record<string, string> } | 'hang';

export interface Receiver {
  url: string;
  received: Received[];
  /** Verified requests, in arrival order. */
  verified(): Received[];
  secrets: string[];
  respond: Responder;
  close(): Promise<void>;
}

/** Checks a received request against one secret with the reference implementation. */
export function verifiesWith(secret: string, r: Received): boolean {
  try {
    new Webhook(secret).verify(r.body, { 'webhook-id': r.id, 'webhook-timestamp': r.timestamp, 'webhook-signature': r.signature });
    return true;
  } catch {
    return false;
  }
}

export async function startReceiver(): Promise<Receiver> {
  const hanging = new Set<ServerResponse>();
  const receiver: Receiver = {
    url: '',
    received: [],
    verified: () => receiver.received.filter((r) => r.verified),
    secrets: [],
    respond: () => ({ status: 204 }),
    close: async () => {
      for (const res of hanging) res.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const headers = { 'webhook-id': String(req.headers['webhook-id'] ?? ''), 'webhook-timestamp': String(req.headers['webhook-timestamp'] ?? ''), 'webhook-signature': String(req.headers['webhook-signature'] ?? '') };
      // Accepted if any configured secret verifies (a rotation sends several signatures).
      const r: Received = { id: headers['webhook-id'], timestamp: headers['webhook-timestamp'], signature: headers['webhook-signature'], body, payload: JSON.parse(body) as Received['payload'], verified: false };
      r.verified = receiver.secrets.some((s) => verifiesWith(s, r));
      receiver.received.push(r);
      const answer = receiver.respond(r, receiver.received.length);
      if (answer === 'hang') {
        hanging.add(res);
        return;
      }
      res.writeHead(answer.status, answer.headers ?? {});
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
  return receiver;
}

/**
 * A new receiver and an endpoint subscribed to it through the admin API (as `adminToken`), for
 * `eventTypes` and optionally one channel; the receiver verifies with the endpoint's secret.
 */
export async function subscribeReceiver(server: TestServer, adminToken: string, eventTypes: string[], channel?: string): Promise<{ receiver: Receiver; endpoint: WebhookEndpointWithSecret }> {
  const receiver = await startReceiver();
  const res = await server.api('/api/admin/webhooks/endpoints', { token: adminToken, body: { url: receiver.url, eventTypes, ...(channel ? { channel } : {}) } });
  if (res.status !== 201) throw new Error(`subscribing ${receiver.url} answered ${res.status}: ${JSON.stringify(res.body)}`);
  const endpoint = res.body as WebhookEndpointWithSecret;
  receiver.secrets = [endpoint.secret];
  return { receiver, endpoint };
}
