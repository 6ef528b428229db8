// Search boxes that ask the server: one request when typing pauses, not one per keystroke, and only
// the newest request's answer shown — an older one that arrives later (a slower search for fewer
// letters) must not replace it. Every back-office search box uses these two.
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
