// Keyboard-wedge scanners type the barcode as keystrokes: a fast burst, usually ending in Enter or
// Tab. This is the ONE detector of the renderer (till and scanner station): it tells a burst from
// a person typing by the gaps between keys and turns it into the same ScanEvent hardware scanners
// produce. GS (ASCII 29, the GS1 separator) arrives as Ctrl+] (or Ctrl+5 on some layouts).
//
// Why the rules are what they are (issue 12, point 14):
// - A burst is decided by its inter-key gaps as a whole (most gaps fast), not by the gap before the
//   terminator: a loaded machine or a slow scanner can deliver the Enter late, and that is still
//   one scan.
// - A single slow gap inside a burst does not split it into two misleading scans: only silence
//   longer than `quietMs` ends a run of keys.
// - A burst without terminator ends after `quietMs`. Outside text fields it is read then, and a
//   terminator that comes later is swallowed instead of pressing whatever has the focus. In a text
//   field it stays typed (when in doubt, show what was read) until its late terminator makes it a
//   scan after all.
import type { ScanEvent } from '../../shared/device-bridge.ts';

export const GS = '\u001d';

export interface WedgeOptions {
  /** Longest gap counted as "scanner fast" (scanners: 5–30 ms; people: 100 ms and more). */
  maxKeyGapMs?: number;
  minLength?: number;
  /** Silence that ends a run of keys (and a burst that has no terminator). */
  quietMs?: number;
  /** How long after a burst ended by silence its late terminator is still swallowed. */
  lateTerminatorMs?: number;
}

export const defaultWedgeOptions: Required<WedgeOptions> = { maxKeyGapMs: 80, minLength: 3, quietMs: 400, lateTerminatorMs: 1500 };

export interface WedgeKey {
  key: string;
  ctrlKey?: boolean;
  altKey?: boolean;
  metaKey?: boolean;
  /** Event time in ms (KeyboardEvent.timeStamp or Date.now()). */
  at: number;
}

export type WedgeVerdict =
  /** A printable key added to the current run; `burst`: the run already looks like a scanner. */
  | { kind: 'buffered'; burst: boolean; runStart: boolean }
  /** The terminator of a burst: `code` is what was scanned. */
  | { kind: 'scan'; code: string }
  /** The late terminator of a burst `code` already ended by silence. */
  | { kind: 'late'; code: string }
  /** Not ours: let the key do what it normally does. */
  | { kind: 'pass' };

const MODIFIERS: ReadonlySet<string> = new Set(['Shift', 'Control', 'Alt', 'AltGraph', 'CapsLock']);

/** Most gaps are scanner-fast (strict majority): a burst, even with one hiccup in it. */
export function looksLikeBurst(gaps: readonly number[], maxKeyGapMs: number): boolean {
  if (gaps.length === 0) return false;
  let fast = 0;
  for (const g of gaps) if (g <= maxKeyGapMs) fast++;
  return fast * 2 > gaps.length;
}

/** Pure: feed it keys with their times (and `quiet()` when the keys stop), it says what they were. */
export class WedgeDetector {
  private chars = '';
  private readonly gaps: number[] = [];
  private last = -Infinity;
  /** A burst ended by silence, and when: its terminator may still come. */
  private quietScan: { code: string; at: number } | null = null;
  private readonly opts: Required<WedgeOptions>;

  constructor(opts: WedgeOptions = {}) {
    this.opts = { ...defaultWedgeOptions, ...opts };
  }

  get quietMs(): number {
    return this.opts.quietMs;
  }

  /** The current run is a scan-like burst long enough to be a code. */
  private isScan(): boolean {
    return this.chars.length >= this.opts.minLength && looksLikeBurst(this.gaps, this.opts.maxKeyGapMs);
  }

  reset(): void {
    this.chars = '';
    this.gaps.length = 0;
  }

  feed(k: WedgeKey): WedgeVerdict {
    if (k.key === 'Enter' || k.key === 'Tab') {
      const code = this.isScan() ? this.chars : null;
      const late = this.chars.length === 0 && this.quietScan && k.at - this.quietScan.at <= this.opts.lateTerminatorMs ? this.quietScan.code : null;
      this.reset();
      this.quietScan = null;
      this.last = k.at;
      if (code !== null) return { kind: 'scan', code };
      return late !== null ? { kind: 'late', code: late } : { kind: 'pass' };
    }
    let char: string | null = null;
    if (k.ctrlKey && (k.key === ']' || k.key === '5')) char = GS;
    else if (!k.ctrlKey && !k.altKey && !k.metaKey && k.key.length === 1) char = k.key;
    if (char === null) {
      // Shift and other modifiers arrive inside bursts (capital letters); they neither add nor break.
      if (MODIFIERS.has(k.key)) return { kind: 'pass' };
      this.reset();
      this.quietScan = null;
      this.last = k.at;
      return { kind: 'pass' };
    }
    const gap = k.at - this.last;
    this.last = k.at;
    this.quietScan = null;
    const runStart = this.chars.length === 0 || gap > this.opts.quietMs;
    if (runStart) this.reset();
    else this.gaps.push(gap);
    this.chars += char;
    return { kind: 'buffered', burst: looksLikeBurst(this.gaps, this.opts.maxKeyGapMs), runStart };
  }

  /**
   * The keys stopped for `quietMs` (the caller's timer): the run ends. Returns the code when the
   * run was a burst (a scanner without terminator, or one whose terminator is late), else null.
   */
  quiet(at: number): string | null {
    const code = this.isScan() ? this.chars : null;
    this.reset();
    this.quietScan = code !== null ? { code, at } : null;
    return code;
  }
}

/** Text fields type what they receive; the ones marked `data-scan-entry` read scans themselves. */
function textField(target: EventTarget | null): HTMLInputElement | HTMLTextAreaElement | null {
  if (target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement) return target;
  return null;
}

function ownsScans(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && target.dataset.scanEntry !== undefined;
}

function ownsKeys(target: EventTarget | null): boolean {
  return target instanceof HTMLSelectElement || (target instanceof HTMLElement && target.isContentEditable);
}

/** Sets a (React-controlled) field's value the way typing does, so its onChange sees it. */
function restoreField(field: HTMLInputElement | HTMLTextAreaElement, value: string): void {
  if (field.value === value) return;
  const proto = field instanceof HTMLInputElement ? HTMLInputElement.prototype : HTMLTextAreaElement.prototype;
  Object.getOwnPropertyDescriptor(proto, 'value')?.set?.call(field, value);
  field.dispatchEvent(new Event('input', { bubbles: true }));
}

export interface WedgeHooks {
  /** A burst ended by silence in a text field: left there as typed, so the cashier sees what was read. */
  onUnclear?(text: string): void;
  clock?(): number;
}

/**
 * Listens for wedge scans on a window (capture phase): a burst is a scan wherever the focus is.
 * Focus on no text field: the burst's keys are swallowed. Focus in a text field: the keys type
 * as usual and, when they turn out to be a scan, the field gets back the value it had before the
 * burst and the Enter does not submit its form. Fields marked `data-scan-entry` (the till's entry
 * box, the station's scan prompt) take scans as their own input and are left alone.
 * Returns the function that stops listening.
 */
export function attachKeyboardWedge(
  target: Pick<Window, 'addEventListener' | 'removeEventListener'>,
  onScan: (e: ScanEvent) => void,
  opts: WedgeOptions = {},
  hooks: WedgeHooks = {},
): () => void {
  const detector = new WedgeDetector(opts);
  const clock = hooks.clock ?? Date.now;
  let timer: ReturnType<typeof setTimeout> | null = null;
  type FieldBefore = { el: HTMLInputElement | HTMLTextAreaElement; value: string };
  let field: FieldBefore | null = null;
  /** A burst typed into a text field and ended by silence: left there until its late terminator. */
  let unclear: FieldBefore | null = null;

  const emit = (raw: string) => onScan({ raw, source: 'wedge', at: clock() });
  const onQuiet = () => {
    timer = null;
    const code = detector.quiet(performance.now());
    unclear = field;
    field = null;
    if (code === null) return;
    if (unclear) hooks.onUnclear?.(code);
    else emit(code);
  };

  const handler = (ev: KeyboardEvent): void => {
    if (ownsScans(ev.target) || ownsKeys(ev.target)) {
      detector.reset();
      field = null;
      unclear = null;
      return;
    }
    const verdict = detector.feed({ key: ev.key, ctrlKey: ev.ctrlKey, altKey: ev.altKey, metaKey: ev.metaKey, at: ev.timeStamp });
    const input = textField(ev.target);
    if (verdict.kind === 'buffered') {
      if (verdict.runStart) field = input ? { el: input, value: input.value } : null;
      // Outside text fields the keys do nothing useful (a space would click the focused button).
      if (!input && verdict.burst) ev.preventDefault();
      unclear = null;
      if (timer) clearTimeout(timer);
      timer = setTimeout(onQuiet, detector.quietMs);
      return;
    }
    if (timer) {
      clearTimeout(timer);
      timer = null;
    }
    if (verdict.kind === 'scan') {
      ev.preventDefault();
      ev.stopPropagation();
      if (field) restoreField(field.el, field.value);
      field = null;
      emit(verdict.code);
    } else if (verdict.kind === 'late') {
      // Outside a text field the burst was already read when it went quiet.
      ev.preventDefault();
      ev.stopPropagation();
      if (unclear) {
        restoreField(unclear.el, unclear.value);
        emit(verdict.code);
      }
    } else field = null;
    unclear = null;
  };
  target.addEventListener('keydown', handler, true);
  return () => {
    if (timer) clearTimeout(timer);
    target.removeEventListener('keydown', handler, true);
  };
}
