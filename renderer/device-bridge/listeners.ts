// A tiny typed listener set shared by the renderer's bridge implementations.
import type { Unsubscribe } from '../../shared/device-bridge.ts';

export class Listeners<T> {
  private readonly set = new Set<(value: T) => void>();

  add(listener: (value: T) => void): Unsubscribe {
    this.set.add(listener);
    return () => {
      this.set.delete(listener);
    };
  }

  emit(value: T): void {
    for (const l of [...this.set]) l(value);
  }

  get size(): number {
    return this.set.size;
  }
}
