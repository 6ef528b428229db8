// Online authorisations whose hold lapses (issue 17 point 5, docs/stored-value.md "Holds last until
// their sale arrives"): when an admin sets `holdMinutes`, the server keeps an authorised amount aside
// only until then. Past it the spend is no longer protected by the server, so the till counts it
// against its own offline allowance like an offline spend (value-pending.ts), and a sale in progress
// whose authorisation lapsed asks again before it is completed (hold-renewal.ts). Pure.
import type { AuthorizeResponse } from '../../shared/stored-value/authorization-api.ts';
import type { SaleValueMove } from '../../shared/stored-value/sale-value.ts';

/**
 * When the server's hold lapses, by this till's clock: the time the till asked plus the hold's
 * length. The server granted the hold after the till asked, so the till counts it lapsed no later
 * than the server does, whatever the difference between their clocks. A server that gives only
 * `expiresAt` (no length) is taken at its word, by its own clock.
 */
export function holdExpiry(res: Pick<AuthorizeResponse, 'expiresAt' | 'holdSeconds'>, askedAt: Date): string | undefined {
  if (res.holdSeconds !== undefined) return new Date(askedAt.getTime() + res.holdSeconds * 1000).toISOString();
  return res.expiresAt;
}

/** An authorised spend whose hold has lapsed by `now` (an unreadable time counts as lapsed: the till cannot rely on it). */
export function holdLapsed(m: Pick<SaleValueMove, 'authorization' | 'holdExpiresAt'>, now: Date): boolean {
  if (m.authorization === undefined || m.holdExpiresAt === undefined) return false;
  const at = Date.parse(m.holdExpiresAt);
  return Number.isNaN(at) || at <= now.getTime();
}

/** Spends the allowance bounds at `now`: offline ones (no authorisation, no override) and authorised ones whose hold has lapsed. */
export function unprotectedSpends(moves: readonly SaleValueMove[], now: Date): SaleValueMove[] {
  return moves.filter((m) => m.amount < 0 && m.overrideBy === undefined && (m.authorization === undefined || holdLapsed(m, now)));
}

/** The authorised spends of the sale in progress whose hold has lapsed: asked again before the sale is completed. */
export function lapsedAuthorisations(moves: readonly SaleValueMove[], now: Date): SaleValueMove[] {
  return moves.filter((m) => m.amount < 0 && m.overrideBy === undefined && holdLapsed(m, now));
}
