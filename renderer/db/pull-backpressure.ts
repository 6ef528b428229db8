// Back-pressure for pulls: RxDB merges every pulled page that is not stored yet into one write,
// so a cold pull of 100k products would become one huge IndexedDB transaction. The pull handler
// waits until the previous full page has been written before it fetches the next one.
import type { RxCollection } from 'rxdb';

export class PullBackpressure {
  #pending = 0;
  #wake: (() => void) | undefined;
  readonly #sub: { unsubscribe(): void };

  constructor(collection: RxCollection) {
    this.#sub = collection.eventBulks$.subscribe((bulk) => {
      this.#pending -= bulk.events.length;
      if (this.#pending <= 0) this.#wake?.();
    });
  }

  expect(n: number): void {
    this.#pending += n;
  }

  /** Resolves once the expected writes happened, or after `maxWaitMs` (unchanged documents are not rewritten). */
  async ready(maxWaitMs = 2000): Promise<void> {
    if (this.#pending > 0) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, maxWaitMs);
        this.#wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.#wake = undefined;
    }
    this.#pending = 0;
  }

  close(): void {
    this.#wake?.();
    this.#sub.unsubscribe();
  }
}
