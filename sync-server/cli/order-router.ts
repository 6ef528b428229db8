// The primary's part of the order hand-over (warehouse/order-handover.ts): it names one listening
// worker the host's intake and gives it the path of a socket to listen on; once the intake listens,
// it tells every other worker (and each one that starts later) where. The orders themselves go
// straight from worker to intake (warehouse/intake-link.ts). When the intake stops, the workers
// hear that there is none — its connections closed already, so their orders in flight fall back to
// them — and another listening worker is named. Pure bookkeeping (tested without processes);
// cluster.ts wires it.
import { type IntakeAt, type IntakeRole, isIntakeReady } from '../warehouse/order-handover.ts';

/** Sends to a worker; false when it could not (the worker is gone). */
type Send = (workerId: number, message: unknown) => boolean;

export class OrderRouter {
  #intake: number | null = null;
  /** Where the intake listens, once it said it does. */
  #path: string | null = null;
  readonly #listening = new Set<number>();

  /** `pathFor`: the socket path a worker is to listen on when named the intake. */
  constructor(private readonly send: Send, private readonly pathFor: (workerId: number) => string) {}

  get intake(): number | null {
    return this.#intake;
  }

  /** A worker listens (its handlers are attached): the first one becomes the intake, the others hear where it is. */
  listening(workerId: number): void {
    this.#listening.add(workerId);
    if (this.#intake === null) this.#name(workerId);
    else if (this.#path !== null) this.send(workerId, { t: 'aisle-intake-at', path: this.#path } satisfies IntakeAt);
  }

  #name(workerId: number): void {
    this.#intake = workerId;
    if (!this.send(workerId, { t: 'aisle-intake', path: this.pathFor(workerId) } satisfies IntakeRole)) this.gone(workerId);
  }

  #tellAll(path: string | null): void {
    for (const id of this.#listening) if (id !== this.#intake) this.send(id, { t: 'aisle-intake-at', path } satisfies IntakeAt);
  }

  /** A message from a worker: the intake saying it listens. */
  fromWorker(workerId: number, message: unknown): void {
    if (!isIntakeReady(message) || workerId !== this.#intake) return;
    this.#path = this.pathFor(workerId);
    this.#tellAll(this.#path);
  }

  /** A worker stopped: when it was the intake, the others hear there is none, and another worker is named. */
  gone(workerId: number): void {
    this.#listening.delete(workerId);
    if (this.#intake !== workerId) return;
    this.#intake = null;
    if (this.#path !== null) this.#tellAll(null);
    this.#path = null;
    const [next] = this.#listening;
    if (next !== undefined) this.#name(next);
  }
}
