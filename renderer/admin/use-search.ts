// Search boxes that ask the server: one request when typing pauses, not one per keystroke, and only
// the newest request's answer shown — an older one that arrives later (a slower search for fewer
// letters) must not replace it. Every back-office search box uses these.
import { useCallback, useEffect, useRef, useState } from 'react';

/** How long typing must pause before the text is searched. */
export const SEARCH_PAUSE_MS = 250;

/** `value`, once it has stayed unchanged for `ms` (the first value at once). */
export function useDebounced<T>(value: T, ms = SEARCH_PAUSE_MS): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

/**
 * What a search box asks the server for: its text without the spaces around it, once typing pauses.
 * "apple " is the same search as "apple", so typing a space after a word sends no other request.
 */
export function useSearchWords(text: string, ms = SEARCH_PAUSE_MS): string {
  return useDebounced(text.trim(), ms);
}

/**
 * Marks requests in the order they are sent: `const isNewest = newest();` before a request, then
 * `if (isNewest()) show(answer)` — false once a later request has been sent.
 */
export function useNewestRequest(): () => () => boolean {
  const sent = useRef(0);
  return useCallback(() => {
    const mine = ++sent.current;
    return () => sent.current === mine;
  }, []);
}
