// One webhook POST over node:http / node:https with keep-alive agents. The delivery worker sends one
// request per delivery, and fetch (undici) cost about three times the CPU per request of
// node:http here (`npm run bench -- webhooks`: the worker's CPU per order was most of the outbox's
// cost on intake). Idle sockets are dropped after 4 s, before the usual 5 s keep-alive of Node
// servers closes them under a request. The timeout covers the whole exchange.
import http from 'node:http';
import https from 'node:https';

const agents: Record<string, http.Agent> = {
  'http:': new http.Agent({ keepAlive: true, timeout: 4000, maxSockets: 50 }),
  'https:': new https.Agent({ keepAlive: true, timeout: 4000, maxSockets: 50 }),
};

export interface PostAnswer {
  status: number;
  retryAfter: string | null;
  /** The start of the answer's body, for the delivery log. */
  excerpt: string;
}

const EXCERPT = 500;

/** Resolves with the receiver's answer (any status); rejects on a network error or the timeout. */
export function postWebhook(url: string, headers: Record<string, string>, body: string, timeoutMs: number): Promise<PostAnswer> {
  const target = new URL(url);
  const client = target.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    let done = false;
    const finish = (err: Error | null, answer?: PostAnswer): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      if (err) reject(err);
      else if (answer) resolve(answer);
    };
    const req = client.request(target, { method: 'POST', agent: agents[target.protocol], headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) } }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        if (size >= EXCERPT) return;
        chunks.push(chunk);
        size += chunk.length;
      });
      res.on('error', (err) => finish(err));
      res.on('end', () => {
        const retryAfter = res.headers['retry-after'];
        finish(null, { status: res.statusCode ?? 0, retryAfter: typeof retryAfter === 'string' ? retryAfter : null, excerpt: Buffer.concat(chunks).toString('utf8').slice(0, EXCERPT) });
      });
    });
    const timer = setTimeout(() => {
      const err = new Error(`no answer within ${timeoutMs} ms`);
      req.destroy(err);
      finish(err);
    }, timeoutMs);
    req.on('error', (err) => finish(err));
    req.end(body);
  });
}
