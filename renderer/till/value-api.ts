// The till's calls to the server about stored value (docs/stored-value.md "Till routes"):
// authorise a redemption (the server sets it aside for this sale's payment), let an authorisation
// go (the payment was voided, the points taken off, the sale voided), read a card's balance.
// No answer (offline, the server down or failing) is `unreachable`: only then may the till fall
// back on its offline allowance. A refusal stands.
import type { AuthorizeRequest, AuthorizeResponse, BalanceResponse, ReleaseResponse, ValueHolder } from '../../shared/stored-value/authorization-api.ts';
import type { OnlineAnswer } from '../../shared/stored-value/redemption-decision.ts';
import { joinUrl, requestJson, ServerApiError } from '../db/server-api.ts';
import { holdExpiry } from './hold-lapse.ts';
import { tillRuntime } from './till-runtime.ts';

/** A cashier waits for this at most: past it the till decides offline. */
const ASK_TIMEOUT_MS = 5_000;

const unreachable = (error: unknown): boolean => error instanceof ServerApiError && (error.code === 'offline' || error.code === 'server-error' || error.code === 'bad-response');

export interface AuthorizeOutcome {
  answer: OnlineAnswer;
  /** The server's balance figures when it answered. */
  balance?: number;
  available?: number;
}

export async function authorizeValue(request: AuthorizeRequest, now: () => Date = () => new Date()): Promise<AuthorizeOutcome> {
  const { credentials } = tillRuntime();
  const askedAt = now();
  try {
    const res = await requestJson<AuthorizeResponse>(joinUrl(credentials.serverUrl, '/api/stored-value/authorize'), { method: 'POST', body: request, token: credentials.token, timeoutMs: ASK_TIMEOUT_MS });
    const holdExpiresAt = res.approved ? holdExpiry(res, askedAt) : undefined;
    const answer: OnlineAnswer = res.approved && res.authorizationId
      ? { kind: 'approved', authorizationId: res.authorizationId, ...(res.balanceAfter !== undefined ? { balanceAfter: res.balanceAfter } : {}), ...(holdExpiresAt ? { holdExpiresAt } : {}) }
      : { kind: 'declined', available: res.available };
    return { answer, balance: res.balance, available: res.available };
  } catch (error) {
    if (unreachable(error)) return { answer: { kind: 'unreachable' } };
    throw error;
  }
}

/** Lets an authorisation go; false when the server could not be told (it keeps the hold until the sale arrives or an admin looks). */
export async function releaseValue(authorizationId: string): Promise<boolean> {
  const { credentials } = tillRuntime();
  try {
    const res = await requestJson<ReleaseResponse>(joinUrl(credentials.serverUrl, '/api/stored-value/release'), { method: 'POST', body: { authorizationId }, token: credentials.token, timeoutMs: ASK_TIMEOUT_MS });
    return res.released;
  } catch (error) {
    if (unreachable(error)) return false;
    throw error;
  }
}

/** Releases in the background; a failure is logged, never shown in the way of the sale. */
export function releaseValueLater(authorizationId: string | undefined): void {
  if (!authorizationId) return;
  releaseValue(authorizationId).catch((error: unknown) => console.error('the authorisation could not be released', error));
}

/** A holder's balance, or null when the server cannot be reached. */
export async function valueBalance(holder: ValueHolder): Promise<BalanceResponse | null> {
  const { credentials } = tillRuntime();
  const query = new URLSearchParams(Object.entries(holder).filter((e): e is [string, string] => typeof e[1] === 'string'));
  try {
    return await requestJson<BalanceResponse>(joinUrl(credentials.serverUrl, `/api/stored-value/balance?${query.toString()}`), { token: credentials.token, timeoutMs: ASK_TIMEOUT_MS });
  } catch (error) {
    if (unreachable(error)) return null;
    throw error;
  }
}
