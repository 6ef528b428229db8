// The wire between a `serve --workers N` worker and its host's order intake (order-handover.ts): a
// Unix socket the intake listens on (on Windows the hand-over is off: cli/cluster.ts), in a
// directory only the server's user can enter (the cluster's primary makes it, mode 0700), because
// whoever can connect can submit orders under any principal. One message per line, JSON (a line feed inside a string is escaped by
// JSON, so a line is a whole message). A worker keeps one connection to the intake and matches
// answers to its orders by id.
//
// Direct, not through the cluster's IPC: before (e9636db) an order and its answer each crossed the
// primary (worker → primary → intake and back), four messages and two more process wake-ups per
// order; the primary alone cost 0.15–0.24 ms CPU per order with four processes (docs/warehouse.md).
import { createConnection, createServer, type Server, type Socket } from 'node:net';

/** Worker → intake: an order to batch (the payload is order-handover.ts's). */
export interface LinkRequest<O> {
  id: number;
  order: O;
}

/** Intake → worker: the answer to request `id` (the payload is order-handover.ts's). */
export interface LinkReply<R> {
  id: number;
  reply: R;
}

/** The lines of `socket`, each parsed; a line that is not JSON closes the connection (not one of ours). */
function onMessages(socket: Socket, handle: (msg: unknown) => void): void {
  // Decoded as UTF-8 by the stream, so a character split between two chunks arrives whole.
  socket.setEncoding('utf8');
  let rest = '';
  socket.on('data', (chunk: string) => {
    rest += chunk;
    let start = 0;
    for (let end = rest.indexOf('\n'); end >= 0; end = rest.indexOf('\n', start)) {
      let msg: unknown;
      try {
        msg = JSON.parse(rest.slice(start, end));
      } catch {
        socket.destroy();
        return;
      }
      start = end + 1;
      handle(msg);
    }
    rest = rest.slice(start);
  });
}

/**
 * Writes one message line. Lines written in the same tick leave in one write: a batch's answers to
 * one worker, the orders of requests a worker read together. Each write wakes the other process;
 * with four processes on two cores one write per answer cost 0.26–0.56 ms of CPU per order more
 * (docs/warehouse.md).
 */
function writeLine(socket: Socket, line: string): void {
  if (socket.writableCorked === 0) {
    socket.cork();
    process.nextTick(() => socket.uncork());
  }
  socket.write(`${line}\n`);
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

/**
 * The intake's end: listens on `path` (exclusively: not shared through the cluster's primary) and
 * answers each request with what `answer` makes of it. Resolves once it listens.
 */
export function listenIntake<O, R>(path: string, answer: (order: O) => Promise<R>): Promise<Server> {
  const server = createServer((socket) => {
    socket.on('error', () => socket.destroy());
    onMessages(socket, (msg) => {
      if (!isObject(msg) || typeof msg.id !== 'number' || !('order' in msg)) return;
      const { id } = msg;
      answer(msg.order as O).then(
        (reply) => {
          // The worker may be gone meanwhile: its orders were submitted by itself (or by nobody, had it died).
          // A batch settles all its orders in one tick: their answers to this worker go in one write.
          if (!socket.destroyed) writeLine(socket, JSON.stringify({ id, reply } satisfies LinkReply<R>));
        },
        // No answer to give: the worker's requests on this connection fall back to it at once.
        () => socket.destroy(),
      );
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ path, exclusive: true }, () => {
      server.off('error', reject);
      resolve(server);
    });
  });
}

/**
 * A worker's end: one connection to the intake at `path`, made on the first request and made again
 * after it closed. `ask` resolves with the intake's answer, or null when there is none to wait for
 * — the connection failed or closed with the request in flight (the intake died), or no answer came
 * within `timeoutMs` — and the caller then does the work itself. An intake that did not answer in
 * time is taken for hung (stopped, or stuck in a loop: the kernel still accepts its connections): the
 * connection is closed, so every request in flight on it gets null at once, and for `restMs` every
 * request gets null without asking — one wait per worker, not one per order.
 */
export class IntakeLink<O, R> {
  #conn: { socket: Socket; pending: Set<number> } | null = null;
  #nextId = 0;
  #restUntil = 0;
  readonly #waiting = new Map<number, (reply: R | null) => void>();

  constructor(readonly path: string, private readonly timeoutMs: number, private readonly restMs = 30_000) {}

  ask(order: O): Promise<R | null> {
    if (Date.now() < this.#restUntil) return Promise.resolve(null);
    const conn = this.#connection();
    const id = ++this.#nextId;
    return new Promise((resolve) => {
      const done = (reply: R | null): void => {
        clearTimeout(timer);
        this.#waiting.delete(id);
        conn.pending.delete(id);
        resolve(reply);
      };
      const timer = setTimeout(() => {
        done(null);
        this.#restUntil = Date.now() + this.restMs;
        conn.socket.destroy();
      }, this.timeoutMs);
      this.#waiting.set(id, done);
      conn.pending.add(id);
      writeLine(conn.socket, JSON.stringify({ id, order } satisfies LinkRequest<O>));
    });
  }

  /** Closes the connection; requests in flight get null. */
  close(): void {
    this.#conn?.socket.destroy();
  }

  #connection(): { socket: Socket; pending: Set<number> } {
    // A connection destroyed a moment ago (its 'close' not yet emitted) takes no more requests.
    if (this.#conn && !this.#conn.socket.destroyed) return this.#conn;
    const socket = createConnection({ path: this.path });
    // The requests this connection owes an answer to: null for each when it closes (or never opened).
    const conn = { socket, pending: new Set<number>() };
    this.#conn = conn;
    socket.on('error', () => socket.destroy());
    socket.on('close', () => {
      if (this.#conn === conn) this.#conn = null;
      for (const id of [...conn.pending]) this.#waiting.get(id)?.(null);
    });
    onMessages(socket, (msg) => {
      if (!isObject(msg) || typeof msg.id !== 'number' || !conn.pending.has(msg.id)) return;
      this.#waiting.get(msg.id)?.(msg.reply as R);
    });
    return conn;
  }
}
