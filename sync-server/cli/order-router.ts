// The primary's part of the order hand-over (warehouse/order-handover.ts): it names one listening
// worker the host's intake, passes the orders other workers hand over to it and the answers back,
// and when a worker stops, tells the workers waiting on it to submit their orders themselves and
// names another intake. Pure bookkeeping (tested without processes); cluster.ts wires it.
import { type HandedResult, isHandedOrder, isHandedResult } from '../warehouse/order-handover.ts';

/** Sends to a worker; false when it could not (the worker is gone). */
type Send = (workerId: number, message: unknown) => boolean;

interface Passed {
  /** The worker that handed the order over, and its id for it. */
  origin: number;
  id: number;
  /** The intake it was passed to. */
  to: number;
}

export class OrderRouter {
  #intake: number | null = null;
  #next = 0;
  readonly #passed = new Map<number, Passed>();
  readonly #listening = new Set<number>();

  constructor(private readonly send: Send) {}

  get intake(): number | null {
    return this.#intake;
  }

  /** A worker listens (its handlers are attached): the first one becomes the intake. */
  listening(workerId: number): void {
    this.#listening.add(workerId);
    if (this.#intake === null) this.#name(workerId);
  }

  #name(workerId: number): void {
    this.#intake = workerId;
    this.send(workerId, { t: 'aisle-intake' });
  }

  #unavailable(to: number, id: number): void {
    this.send(to, { t: 'aisle-order-result', id, unavailable: true } satisfies HandedResult);
  }

  /** A message from a worker: an order to pass to the intake, or the intake's answer to pass back. */
  fromWorker(workerId: number, message: unknown): void {
    if (isHandedOrder(message)) {
      if (this.#intake === null || this.#intake === workerId) return this.#unavailable(workerId, message.id);
      const id = ++this.#next;
      this.#passed.set(id, { origin: workerId, id: message.id, to: this.#intake });
      if (!this.send(this.#intake, { ...message, id })) {
        this.#passed.delete(id);
        this.#unavailable(workerId, message.id);
      }
    } else if (isHandedResult(message)) {
      const passed = this.#passed.get(message.id);
      if (!passed) return;
      this.#passed.delete(message.id);
      this.send(passed.origin, { ...message, id: passed.id });
    }
  }

  /** A worker stopped: what was passed to it is submitted by its senders, and another worker is the intake. */
  gone(workerId: number): void {
    this.#listening.delete(workerId);
    for (const [id, passed] of this.#passed) {
      if (passed.to === workerId) {
        this.#passed.delete(id);
        this.#unavailable(passed.origin, passed.id);
      } else if (passed.origin === workerId) {
        this.#passed.delete(id);
      }
    }
    if (this.#intake !== workerId) return;
    this.#intake = null;
    const [next] = this.#listening;
    if (next !== undefined) this.#name(next);
  }
}
