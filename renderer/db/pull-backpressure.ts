// Back-pressure for pulls: RxDB merges every pulled page that is not stored yet into one write,
// so a cold pull of 100k products would become one huge IndexedDB transaction. The pull handler
// lets at most one full page wait for storage: fetching page n+1 overlaps storing page n, and a
// write never merges more than two pages.
import type { RxCollection } from 'rxdb';

export class PullBackpressure {
  #pending = 0;
  #allowance = 0;
  #wake: (() => void) | undefined;
  readonly #sub: { unsubscribe(): void };

  constructor(collection: RxCollection) {
    this.#sub = collection.eventBulks$.subscribe((bulk) => {
      // Writes it did not expect (a first load's pages, stored-write.ts) must not count as credit.
      this.#pending = Math.max(0, this.#pending - bulk.events.length);
      if (this.#pending <= this.#allowance) this.#wake?.();
    });
  }

  /** A full page of `n` documents is on its way to storage. */
  expect(n: number): void {
    this.#pending += n;
    this.#allowance = n;
  }

  /** Resolves once at most one page is unstored, or after `maxWaitMs` (unchanged documents are not rewritten). */
  async ready(maxWaitMs = 2000): Promise<void> {
    if (this.#pending > this.#allowance) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, maxWaitMs);
        this.#wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.#wake = undefined;
      this.#pending = Math.min(this.#pending, this.#allowance);
    }
  }

  close(): void {
    this.#wake?.();
    this.#sub.unsubscribe();
  }
}
