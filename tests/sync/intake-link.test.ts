// The wire between a cluster worker and its host's order intake (sync-server/warehouse/intake-link.ts),
// over real Unix sockets: answers matched to their requests whatever their order, and null — the
// worker then submits the order itself — as soon as the intake is gone, never there, refuses to
// answer, or is too slow.
import { mkdtempSync, rmSync } from 'node:fs';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { IntakeLink, listenIntake } from '../../sync-server/warehouse/intake-link.ts';

let dir = '';
const servers: Server[] = [];
const links: IntakeLink<unknown, unknown>[] = [];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'aisle-link-test-'));
});
afterEach(async () => {
  for (const l of links.splice(0)) l.close();
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
  rmSync(dir, { recursive: true, force: true });
});

async function intake<O, R>(answer: (order: O) => Promise<R>, path = join(dir, 'intake.sock')): Promise<{ server: Server; path: string; connections: Set<Socket> }> {
  const server = await listenIntake(path, answer);
  servers.push(server);
  const connections = new Set<Socket>();
  server.on('connection', (s) => connections.add(s));
  return { server, path, connections };
}

function link<O, R>(path: string, timeoutMs = 10_000, restMs?: number): IntakeLink<O, R> {
  const l = new IntakeLink<O, R>(path, timeoutMs, restMs);
  links.push(l as IntakeLink<unknown, unknown>);
  return l;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('intake link', () => {
  it('answers each request with its own answer, whatever order the answers come in', async () => {
    // The first requests take longest: answers come back in reverse.
    const { path } = await intake(async (o: { n: number }) => {
      await sleep((50 - o.n) * 2);
      return { twice: o.n * 2 };
    });
    const l = link<{ n: number }, { twice: number }>(path);
    const replies = await Promise.all(Array.from({ length: 50 }, (_, n) => l.ask({ n })));
    expect(replies).toEqual(Array.from({ length: 50 }, (_, n) => ({ twice: n * 2 })));
  });

  it('sends the answers a batch settles together to one worker in one write', async () => {
    // The intake answers once all twelve orders reached it, in one tick, as a batch settles.
    let open: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    let arrived = 0;
    const { path, connections } = await intake(async (o: { n: number }) => {
      arrived++;
      await gate;
      return { n: o.n };
    });
    const l = link<{ n: number }, { n: number }>(path);
    const replies = Promise.all(Array.from({ length: 12 }, (_, n) => l.ask({ n })));
    while (arrived < 12) await sleep(5);
    // Each call of the stream's _write or _writev is one write to the socket.
    const [socket] = [...connections];
    if (!socket) throw new Error('no connection to the intake');
    const writes: number[] = [];
    const raw = socket as unknown as { _write: (...a: unknown[]) => void; _writev: (chunks: unknown[], cb: unknown) => void };
    const write = raw._write.bind(socket);
    const writev = raw._writev.bind(socket);
    raw._write = (...a) => {
      writes.push(1);
      write(...a);
    };
    raw._writev = (chunks, cb) => {
      writes.push(chunks.length);
      writev(chunks, cb);
    };
    open();
    expect(await replies).toEqual(Array.from({ length: 12 }, (_, n) => ({ n })));
    expect(writes).toEqual([12]);
  });

  it('carries text split over many socket reads whole (multi-byte characters included)', async () => {
    const { path } = await intake(async (o: { text: string }) => ({ text: o.text, length: o.text.length }));
    const text = 'Café crème €5 — 🍞\n"quoted"\\ '.repeat(20_000);
    const reply = await link<{ text: string }, { text: string; length: number }>(path).ask({ text });
    expect(reply).toEqual({ text, length: text.length });
  });

  it('gives null at once when the intake drops the connection with requests in flight (it died)', async () => {
    const { path, connections } = await intake(() => new Promise<never>(() => undefined));
    const l = link<{ n: number }, unknown>(path);
    const t0 = Date.now();
    const asked = [l.ask({ n: 1 }), l.ask({ n: 2 })];
    await sleep(100);
    expect(connections.size).toBe(1);
    for (const c of connections) c.destroy();
    expect(await Promise.all(asked)).toEqual([null, null]);
    expect(Date.now() - t0).toBeLessThan(5_000);
  });

  it('connects again after the connection closed: a new intake at the same path answers', async () => {
    const path = join(dir, 'again.sock');
    const first = await intake(async () => 'first', path);
    const l = link<number, string>(path);
    expect(await l.ask(1)).toBe('first');
    for (const c of first.connections) c.destroy();
    await new Promise((resolve) => first.server.close(resolve));
    servers.splice(servers.indexOf(first.server), 1);
    // Nobody listens now: null at once, not after the timeout.
    const t0 = Date.now();
    expect(await l.ask(2)).toBeNull();
    expect(Date.now() - t0).toBeLessThan(5_000);
    rmSync(path, { force: true });
    await intake(async () => 'second', path);
    expect(await l.ask(3)).toBe('second');
  });

  it('gives null when nothing listens at the path', async () => {
    expect(await link<number, string>(join(dir, 'nobody.sock')).ask(1)).toBeNull();
  });

  it('an intake that does not answer in time is left alone for a while: its requests in flight and the next ones get null at once', async () => {
    const pending: ((v: string) => void)[] = [];
    const { path, connections } = await intake(() => new Promise<string>((resolve) => pending.push(resolve)));
    const l = link<number, string>(path, 600, 400);
    const first = l.ask(1);
    await sleep(500);
    const second = l.ask(2);
    const t0 = Date.now();
    // The first times out ≈ 100 ms later; the second, in flight on the same connection, does not wait its own 600 ms.
    expect(await first).toBeNull();
    expect(await second).toBeNull();
    expect(Date.now() - t0).toBeLessThan(450);
    // Resting: not asked at all.
    const asked = pending.length;
    expect(await l.ask(3)).toBeNull();
    await sleep(50);
    expect(pending.length).toBe(asked);
    // The late answers go nowhere; after the rest the intake is asked again, on a new connection.
    for (const answer of pending) answer('too late');
    await sleep(400);
    const next = l.ask(4);
    while (pending.length === asked) await sleep(10);
    pending.at(-1)?.('now');
    expect(await next).toBe('now');
    expect(connections.size).toBe(2);
  });

  it('an intake that cannot answer drops the connection: the worker gets null at once', async () => {
    const { path } = await intake((n: number) => (n === 1 ? Promise.reject(new Error('broken')) : Promise.resolve('ok')));
    const l = link<number, string>(path);
    const t0 = Date.now();
    expect(await l.ask(1)).toBeNull();
    expect(Date.now() - t0).toBeLessThan(5_000);
    expect(await l.ask(2)).toBe('ok');
  });

  it('the intake closes a connection that sends what is not one of its messages', async () => {
    const { path } = await intake(async () => 'ok');
    const raw = createConnection({ path });
    await new Promise((resolve) => raw.once('connect', resolve));
    const closed = new Promise((resolve) => raw.once('close', resolve));
    raw.write('GET / HTTP/1.1\r\n\r\n');
    await closed;
    expect(raw.destroyed).toBe(true);
  });

  it('a worker gives null when what answers is not an intake', async () => {
    const path = join(dir, 'stranger.sock');
    const stranger = createServer((s) => s.on('data', () => s.write('hello\n')));
    servers.push(stranger);
    await new Promise<void>((resolve) => stranger.listen(path, resolve));
    expect(await link<number, string>(path).ask(1)).toBeNull();
  });
});
