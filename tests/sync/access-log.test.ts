// The server's request log (http/access-log.ts): one line per request, written when its response
// has gone, carrying the request (method, URL with the SSE token redacted), its status, response
// time and correlation id; a change stream, whose response Fastify hands over to the route, logs
// when it opens and when it closes.
import { Writable } from 'node:stream';
import { EventSource } from 'eventsource';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redactedRequest } from '../../sync-server/cli/serve.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

interface LogLine {
  msg: string;
  reqId?: string;
  req?: { method: string; url: string; remoteAddress?: string };
  res?: { statusCode: number };
  responseTime?: number;
  deviceId?: string;
  streamedMs?: number;
}

async function until(check: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('request log', () => {
  let s: TestServer;
  const lines: LogLine[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const text of chunk.toString('utf8').split('\n')) if (text) lines.push(JSON.parse(text) as LogLine);
      done();
    },
  });
  const ofRequest = (id: string): LogLine[] => lines.filter((l) => l.reqId === id);

  beforeAll(async () => {
    s = await startTestServer('pglite', { products: 5, server: { logger: { level: 'info', stream, serializers: { req: redactedRequest } } } });
  });
  afterAll(async () => {
    await s?.close();
  });

  it('writes one line per request when it completes: method, URL, address, status, time', async () => {
    await s.api('/api/health', { headers: { 'x-request-id': 'log-health-1' } });
    await s.api('/api/auth/login', { body: { username: 'manager', password: 'wrong' }, headers: { 'x-request-id': 'log-login-1' } });
    await s.api('/api/no-such-route', { headers: { 'x-request-id': 'log-missing-1' } });
    await until(() => ofRequest('log-missing-1').some((l) => l.msg === 'request completed'));
    for (const [id, method, url, status] of [['log-health-1', 'GET', '/api/health', 200], ['log-login-1', 'POST', '/api/auth/login', 401], ['log-missing-1', 'GET', '/api/no-such-route', 404]] as const) {
      const completed = ofRequest(id).filter((l) => l.msg === 'request completed');
      expect(completed, id).toHaveLength(1);
      expect(completed[0]?.req).toMatchObject({ method, url, remoteAddress: '127.0.0.1' });
      expect(completed[0]?.res?.statusCode).toBe(status);
      expect(typeof completed[0]?.responseTime).toBe('number');
    }
    expect(lines.filter((l) => l.msg === 'incoming request')).toEqual([]);
  });

  it('logs a change stream when it opens and when it ends, never with its token', async () => {
    const till = await s.pairDevice('till', 'STORE1');
    const es = new EventSource(`${s.url}/api/sync/stream?token=${till.token}`, {
      fetch: (input, init) => fetch(input, { ...init, headers: { ...init?.headers, 'x-request-id': 'log-stream-1' } }),
    });
    await until(() => ofRequest('log-stream-1').some((l) => l.msg === 'stream opened'));
    es.close();
    await until(() => ofRequest('log-stream-1').some((l) => l.msg === 'stream closed'));
    const mine = ofRequest('log-stream-1');
    expect(mine.map((l) => l.msg)).toEqual(['stream opened', 'stream closed']);
    for (const l of mine) expect(l).toMatchObject({ deviceId: till.deviceId, req: { method: 'GET', url: '/api/sync/stream?token=[redacted]' } });
    expect(mine[1]?.streamedMs).toBeGreaterThanOrEqual(0);
    expect(JSON.stringify(lines)).not.toContain(till.token);
  });
});
