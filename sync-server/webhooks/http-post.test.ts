import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postWebhook } from './http-post.ts';

describe('webhook POST', () => {
  let server: Server;
  let base = '';
  const seen: { headers: Record<string, string | string[] | undefined>; body: string }[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (c: string) => (body += c));
      req.on('end', () => {
        seen.push({ headers: req.headers, body });
        if (req.url === '/busy') {
          res.writeHead(503, { 'retry-after': '7' });
          res.end('x'.repeat(2000));
        } else if (req.url === '/hang') {
          // never answers
        } else {
          res.writeHead(204);
          res.end();
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('sends the exact body with its headers and answers any status with Retry-After and the start of the body', async () => {
    const body = JSON.stringify({ type: 'order.created', data: { note: 'é' } });
    expect(await postWebhook(`${base}/hooks`, { 'webhook-id': 'msg_1' }, body, 5000)).toEqual({ status: 204, retryAfter: null, excerpt: '' });
    expect(seen.at(-1)?.body).toBe(body);
    expect(seen.at(-1)?.headers['webhook-id']).toBe('msg_1');
    expect(seen.at(-1)?.headers['content-length']).toBe(String(Buffer.byteLength(body)));
    const busy = await postWebhook(`${base}/busy`, {}, '{}', 5000);
    expect(busy).toMatchObject({ status: 503, retryAfter: '7' });
    expect(busy.excerpt.length).toBe(500);
  });

  it('fails on a refused connection and on no answer within the timeout', async () => {
    await expect(postWebhook('http://127.0.0.1:9/hooks', {}, '{}', 5000)).rejects.toThrow(/ECONNREFUSED/);
    await expect(postWebhook(`${base}/hang`, {}, '{}', 200)).rejects.toThrow('no answer within 200 ms');
  });
});
