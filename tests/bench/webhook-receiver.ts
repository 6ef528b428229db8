// The receiving end of `npm run bench -- webhooks`, forked as its own process so that parsing and
// verifying requests does not run on the server's event loop: the test receiver (an http server on
// 127.0.0.1 that checks every signature with the `standardwebhooks` package). Talks to the bench
// over IPC: sends {url} when listening; takes {secret}; answers 'drain' with what arrived since the
// last drain (webhook-id, resource, type, arrival time on the shared wall clock, verified).
import { performance } from 'node:perf_hooks';
import { startReceiver } from '../webhooks/receiver.ts';

export interface Arrival {
  id: string;
  resource: string;
  type: string;
  /** ms since the epoch (performance.timeOrigin + now(): comparable across processes). */
  at: number;
  verified: boolean;
}

export type ReceiverMessage = { type: 'listening'; url: string } | { type: 'drained'; arrivals: Arrival[] };
export type ReceiverCommand = { type: 'secret'; secret: string } | { type: 'drain' } | { type: 'stop' };

const receiver = await startReceiver();
const arrivals: Arrival[] = [];
let seen = 0;
receiver.respond = (r) => {
  arrivals.push({ id: r.id, resource: r.payload.resource, type: r.payload.type, at: performance.timeOrigin + performance.now(), verified: r.verified });
  return { status: 204 };
};
// The test receiver keeps every request; the bench only needs the arrivals.
const trim = setInterval(() => receiver.received.splice(0, receiver.received.length), 1000);

process.on('message', (m: ReceiverCommand) => {
  if (m.type === 'secret') receiver.secrets = [m.secret];
  else if (m.type === 'drain') {
    const out = arrivals.slice(seen);
    seen = arrivals.length;
    process.send?.({ type: 'drained', arrivals: out } satisfies ReceiverMessage);
  } else {
    clearInterval(trim);
    void receiver.close().then(() => process.exit(0));
  }
});
process.send?.({ type: 'listening', url: receiver.url } satisfies ReceiverMessage);
