// Keyboard-wedge scanners type the barcode as keystrokes: a fast burst ending in Enter or Tab.
// This detector tells a burst from a person typing by the gap between keys, and turns it into the
// same ScanEvent hardware scanners produce. GS (ASCII 29, the GS1 separator) arrives as Ctrl+].
import type { ScanEvent } from '../../shared/device-bridge.ts';

export interface WedgeOptions {
  /** Longest gap between two keys of one scan (scanners: 5–30 ms; people: 100 ms and more). */
  maxKeyGapMs?: number;
  minLength?: number;
}

export interface WedgeKey {
  key: string;
  ctrlKey?: boolean;
  altKey?: boolean;
  metaKey?: boolean;
  /** Event time in ms (KeyboardEvent.timeStamp or Date.now()). */
  at: number;
}

export class KeyboardWedgeDetector {
  private buffer = '';
  private last = -Infinity;
  private readonly maxGap: number;
  private readonly minLength: number;

  constructor(
    private readonly onScan: (e: ScanEvent) => void,
    opts: WedgeOptions = {},
    private readonly clock: () => number = Date.now,
  ) {
    this.maxGap = opts.maxKeyGapMs ?? 50;
    this.minLength = opts.minLength ?? 3;
  }

  /** Feed one keydown; returns true when it ended a scan (the caller should preventDefault). */
  key(k: WedgeKey): boolean {
    const gap = k.at - this.last;
    this.last = k.at;
    if (gap > this.maxGap) this.buffer = '';
    if (k.key === 'Enter' || k.key === 'Tab') {
      const raw = this.buffer;
      this.buffer = '';
      if (raw.length >= this.minLength && gap <= this.maxGap) {
        this.onScan({ raw, source: 'wedge', at: this.clock() });
        return true;
      }
      return false;
    }
    if (k.ctrlKey && k.key === ']') this.buffer += '\x1d';
    else if (k.key.length === 1 && !k.ctrlKey && !k.altKey && !k.metaKey) this.buffer += k.key;
    else if (k.key !== 'Shift') this.buffer = '';
    return false;
  }
}

/** Listen for wedge scans on a window or element; returns the function that stops listening. */
export function attachKeyboardWedge(target: Pick<Window, 'addEventListener' | 'removeEventListener'>, onScan: (e: ScanEvent) => void, opts?: WedgeOptions): () => void {
  const detector = new KeyboardWedgeDetector(onScan, opts);
  const handler = (ev: KeyboardEvent): void => {
    if (detector.key({ key: ev.key, ctrlKey: ev.ctrlKey, altKey: ev.altKey, metaKey: ev.metaKey, at: ev.timeStamp })) ev.preventDefault();
  };
  target.addEventListener('keydown', handler, true);
  return () => {
    target.removeEventListener('keydown', handler, true);
  };
}
