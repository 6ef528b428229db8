// What a cashier reads when an action at the till fails: what did not happen, why in plain words
// when the error is one we know, and what to do next. An exception's own text ("QuotaExceededError:
// …", "TypeError: Failed to fetch") means nothing at the counter, so it goes to the console for
// support and is never shown. Errors whose message is written for the cashier (a return's rules, a
// lookup that found nothing) stay with the screens that raise them; this is for everything else.
import { ServerApiError } from '../db/server-api.ts';
import { TillNotStartedError } from './till-runtime.ts';

const NEXT_STEP = 'Try again; if it keeps failing, call a manager.';

/** The errors an error wraps (`cause`, Dexie's `inner`), outermost first. */
function chain(err: unknown): unknown[] {
  const seen: unknown[] = [];
  let at = err;
  while (at !== null && at !== undefined && !seen.includes(at) && seen.length < 8) {
    seen.push(at);
    if (typeof at !== 'object') break;
    at = 'cause' in at && at.cause !== undefined ? at.cause : 'inner' in at ? at.inner : undefined;
  }
  return seen;
}

function serverReason(err: ServerApiError): string {
  switch (err.code) {
    case 'offline':
      return 'the till cannot reach the server just now';
    case 'unauthorized':
    case 'forbidden':
      return 'the server no longer accepts this till (its pairing may have been withdrawn)';
    default:
      return err.serverMessage ?? 'the server could not do it';
  }
}

/** The reason in plain words, or null when the error is not one the till knows. */
export function plainReason(err: unknown): string | null {
  for (const e of chain(err)) {
    if (e instanceof ServerApiError) return serverReason(e);
    if (e instanceof TillNotStartedError) return 'the till has not finished starting';
    if (e instanceof Error || e instanceof DOMException) {
      if (e.name === 'QuotaExceededError') return "this till's storage is full";
      if (e.name === 'TypeError' && /fetch|network/i.test(e.message)) return 'the till cannot reach the server just now';
    }
  }
  return null;
}

/**
 * `failed` ("The session could not be opened") with the reason when known, and the next step:
 * "The session could not be opened: this till's storage is full. Try again; if it keeps failing,
 * call a manager." The raw error is logged.
 */
export function failureSentence(failed: string, err: unknown): string {
  console.error(`${failed}:`, err);
  const reason = plainReason(err);
  return `${failed}${reason ? `: ${reason}` : ''}. ${NEXT_STEP}`;
}
