// The reservation bench's HTTP client: a JSON POST over node:http with kept-alive connections, one
// per simulated channel client. The bench's clients run on the machine they measure (2 cores
// shared with the server and PostgreSQL), so what they spend is taken from the server: the global
// fetch (undici behind WHATWG streams, Headers and Response objects) cost the bench process about
// 44 % of a core for 20 clients (docs/warehouse.md). A channel posting orders runs elsewhere; the
// raw insert beside it is driven by node-postgres in the same process, as lean as it gets.
import { Agent, request } from 'node:http';

export interface PostAnswer<T> {
  status: number;
  body: T;
}

/** An agent keeping up to `sockets` connections open between requests. */
export function keepAliveAgent(sockets: number): Agent {
  return new Agent({ keepAlive: true, maxSockets: sockets, maxFreeSockets: sockets });
}

/** POSTs `body` as JSON to `url` and parses the JSON answer. */
export function postJson<T>(agent: Agent, url: string, headers: Record<string, string>, body: unknown): Promise<PostAnswer<T>> {
  const payload = Buffer.from(JSON.stringify(body));
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', agent, headers: { ...headers, 'content-type': 'application/json', 'content-length': String(payload.length) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        try {
          resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as T });
        } catch {
          reject(new Error(`${url} answered ${res.statusCode ?? '?'} with no JSON: ${text.slice(0, 200)}`));
        }
      });
    });
    req.on('error', reject);
    req.end(payload);
  });
}
