// Keyboard-wedge scan detection: a scanner "types" the code as a fast burst of keys ending in
// Enter or Tab. Keys that arrive closer together than `maxGapMs` form a burst; a terminator after
// a burst of at least `minLength` characters is a scan. Ctrl+] is how a US-layout wedge sends GS
// (ASCII 29) inside GS1 data. Pure: feed it keys and timestamps, it says what they were.
export interface WedgeOptions {
  maxGapMs: number;
  minLength: number;
}

export const defaultWedgeOptions: WedgeOptions = { maxGapMs: 80, minLength: 3 };

export interface WedgeKey {
  key: string;
  ctrlKey: boolean;
  altKey: boolean;
  metaKey: boolean;
  /** Milliseconds (event.timeStamp). */
  at: number;
}

export type WedgeVerdict =
  /** Part of a possible scan: swallow it when a burst is under way. */
  | { kind: 'buffered'; inBurst: boolean }
  /** The terminator of a scan: `code` is what was scanned. */
  | { kind: 'scan'; code: string }
  /** Not ours: let the key do what it normally does. */
  | { kind: 'pass' };

export const GS = '\u001d';

export function createWedgeDetector(options: WedgeOptions = defaultWedgeOptions) {
  let buffer = '';
  let lastAt = -Infinity;
  let burst = false;

  const reset = () => {
    buffer = '';
    burst = false;
  };

  return {
    reset,
    feed(k: WedgeKey): WedgeVerdict {
      const gap = k.at - lastAt;
      const fast = gap <= options.maxGapMs;
      if (k.key === 'Enter' || k.key === 'Tab') {
        const code = buffer;
        const wasBurst = burst && fast;
        reset();
        lastAt = k.at;
        return wasBurst && code.length >= options.minLength ? { kind: 'scan', code } : { kind: 'pass' };
      }
      let char: string | null = null;
      if (k.ctrlKey && (k.key === ']' || k.key === '5')) char = GS;
      else if (!k.ctrlKey && !k.altKey && !k.metaKey && k.key.length === 1) char = k.key;
      if (char === null) {
        // Shift and other modifiers arrive inside bursts (capital letters); they neither add nor break.
        if (k.key === 'Shift' || k.key === 'Control' || k.key === 'Alt' || k.key === 'AltGraph') return { kind: 'pass' };
        reset();
        lastAt = k.at;
        return { kind: 'pass' };
      }
      if (!fast) {
        buffer = '';
        burst = false;
      } else if (buffer.length > 0) burst = true;
      buffer += char;
      lastAt = k.at;
      return { kind: 'buffered', inBurst: burst };
    },
  };
}

export type WedgeDetector = ReturnType<typeof createWedgeDetector>;
