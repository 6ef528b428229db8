// A keyboard-wedge scanner's burst, sent through Chromium's real input pipeline (trusted key
// events that type into fields and press Enter like a keyboard) with the times a scanner gives
// them. Why the times are set and not waited for: the wedge detector tells a scan from a person
// typing by the gaps between the keys' event times (KeyboardEvent.timeStamp). Typed one by one
// from the test (Playwright's keyboard.type), every key is a round trip to the browser; on a
// loaded CI machine those gaps stretched past 80 ms, the burst read as typing and a scan was lost
// from the test, not from the till (CI, 2026-12-04: "a hiccup inside a burst" saw 3 lines, not 4).
// CDP's Input.dispatchKeyEvent carries a `timestamp` that becomes the event's timeStamp, as the
// OS's time does for a real scanner, so the burst the page sees is the one the test describes.
// Real waits remain only where the till's own quiet timer is what is tested (a late terminator).
import type { CDPSession, Page } from 'playwright-core';

export interface WedgeBurstOptions {
  /** Gap between a scanner's keys (scanners: 5–30 ms). */
  gapMs?: number;
  /** After this many characters the scanner hiccups for `pauseMs` (event time, not a real wait). */
  pauseAfter?: number;
  pauseMs?: number;
  /** The terminator comes this long after the last key, waited for really; null: no terminator. */
  enterAfterMs?: number | null;
}

const sessions = new WeakMap<Page, Promise<CDPSession>>();

function session(page: Page): Promise<CDPSession> {
  let s = sessions.get(page);
  if (!s) {
    s = page.context().newCDPSession(page);
    sessions.set(page, s);
  }
  return s;
}

interface KeyEvent {
  key: string;
  code?: string;
  windowsVirtualKeyCode: number;
  text?: string;
  modifiers?: number;
}

const CTRL = 2;
/** GS (ASCII 29, the GS1 separator) arrives from a wedge as Ctrl+]. */
const GS = '\u001d';

function keyOf(char: string): KeyEvent {
  if (char === GS) return { key: ']', code: 'BracketRight', windowsVirtualKeyCode: 221, modifiers: CTRL };
  if (/^[0-9]$/.test(char)) return { key: char, code: `Digit${char}`, windowsVirtualKeyCode: char.charCodeAt(0), text: char };
  if (/^[a-z]$/i.test(char)) {
    const upper = char.toUpperCase();
    return { key: char, code: `Key${upper}`, windowsVirtualKeyCode: upper.charCodeAt(0), text: char };
  }
  return { key: char, windowsVirtualKeyCode: 0, text: char };
}

const ENTER: KeyEvent = { key: 'Enter', code: 'Enter', windowsVirtualKeyCode: 13, text: '\r' };

function press(cdp: CDPSession, k: KeyEvent, atMs: number): Promise<unknown>[] {
  const timestamp = atMs / 1000;
  const common = { key: k.key, code: k.code, windowsVirtualKeyCode: k.windowsVirtualKeyCode, modifiers: k.modifiers ?? 0 };
  return [
    cdp.send('Input.dispatchKeyEvent', { type: k.text ? 'keyDown' : 'rawKeyDown', ...common, text: k.text, unmodifiedText: k.text, timestamp }),
    cdp.send('Input.dispatchKeyEvent', { type: 'keyUp', ...common, timestamp: timestamp + 0.001 }),
  ];
}

/** Sends `code` as a wedge scanner does, to whatever has the focus now. */
export async function sendWedgeBurst(page: Page, code: string, options: WedgeBurstOptions = {}): Promise<void> {
  const cdp = await session(page);
  const gap = options.gapMs ?? 8;
  let at = Date.now();
  const sent: Promise<unknown>[] = [];
  [...code].forEach((char, i) => {
    if (i > 0) at += gap;
    if (options.pauseAfter !== undefined && i === options.pauseAfter) at += options.pauseMs ?? 0;
    sent.push(...press(cdp, keyOf(char), at));
  });
  // Pipelined: the browser queues the keys in order; none waits for the one before.
  await Promise.all(sent);
  if (options.enterAfterMs === null) return;
  if (options.enterAfterMs) {
    await page.waitForTimeout(Math.max(0, at + options.enterAfterMs - Date.now()));
    await Promise.all(press(cdp, ENTER, Math.max(Date.now(), at + options.enterAfterMs)));
  } else await Promise.all(press(cdp, ENTER, at + gap));
}
