// A proxy between the tills and the server that loses responses after the server committed:
// it forwards each request, waits for the server's whole answer, and then — with the given
// probability — drops the connection instead of answering. The till saw a network error for a
// push the server applied, and must retry it; the server must not apply it twice.
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface LossyProxy {
  url: string;
  /** Responses the server sent that the client never got. */
  lost(): number;
  close(): Promise<void>;
}

export async function startLossyProxy(target: () => string, loseProbability: number, random: () => number = Math.random): Promise<LossyProxy> {
  let lost = 0;
  const server: Server = createServer((req, res) => {
    const upstream = new URL(req.url ?? '/', target());
    const forward = request(upstream, { method: req.method, headers: req.headers, agent: false }, (answer) => {
      const chunks: Buffer[] = [];
      answer.on('data', (c: Buffer) => chunks.push(c));
      answer.on('end', () => {
        if (random() < loseProbability) {
          lost += 1;
          req.socket.destroy();
          return;
        }
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        res.end(Buffer.concat(chunks));
      });
      answer.on('error', () => req.socket.destroy());
    });
    // The server is down or was killed mid-request: the client sees a dropped connection, as it would.
    forward.on('error', () => req.socket.destroy());
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    lost: () => lost,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
