// The rule a till's tax claim is judged by, against the catalog's history (migration 123): a tax's
// rate, or the set of taxes a product carries, as it was over time. Pure; the checks that turn a
// verdict into an exception are in tax-checks.ts.
//
// A till sells with what it last synced. Rates change rarely (a law change) and a till may have
// been offline when they did, so the claim is
// - `current` when the catalog had it at the sale's time, or took it up at most `clockSkewMs`
//   after (a till's clock running a little behind the server's must not make a fresh change look
//   like a wrong one);
// - `outdated` when the catalog had it until a change made less than `outdatedMs` before the
//   sale: the till had not heard of the change yet — a warning, the sale is most likely honest;
// - `never` otherwise: a value the catalog did not have at that time, nor shortly before — critical.
// The first entry of a history stands for "since always": a sale dated before the catalog wrote it
// (the history starts when the tax or product was entered, or when migration 123 ran) is judged by it.

export interface Spell<T> {
  value: T;
  /** When it took effect, epoch milliseconds (ignored for the first spell: since always). */
  from: number;
}

export interface Grace {
  /** How long after a change the previous value is still excused (a warning, not critical). */
  outdatedMs: number;
  /** How far a sale may precede a change and already carry the new value (till clocks run behind). */
  clockSkewMs: number;
}

/** 7 days: a till offline over a long weekend and then some; 15 minutes of clock drift. */
export const TAX_GRACE: Grace = { outdatedMs: 7 * 24 * 60 * 60 * 1000, clockSkewMs: 15 * 60 * 1000 };

interface Span<T> {
  value: T;
  from: number;
  until: number;
  first: boolean;
}

export type Judgement<T> =
  | { verdict: 'current' }
  /** `changedAt`: when the claimed value stopped being the catalog's. */
  | { verdict: 'outdated'; inForce: Span<T>; changedAt: number }
  | { verdict: 'never'; inForce: Span<T> };

/** The history as spans from one change to the next, consecutive equal values (by `key`) merged. */
export function spans<T>(history: readonly Spell<T>[], key: (value: T) => string): Span<T>[] {
  const sorted = [...history].sort((a, b) => a.from - b.from);
  const out: Span<T>[] = [];
  for (const s of sorted) {
    const last = out[out.length - 1];
    if (last && key(last.value) === key(s.value)) continue;
    if (last) last.until = s.from;
    out.push({ value: s.value, from: out.length === 0 ? -Infinity : s.from, until: Infinity, first: out.length === 0 });
  }
  return out;
}

/**
 * Whether a claim that `matches` the catalog's value is fair for a sale at `at` (epoch ms). An
 * empty history judges nothing (`current`): there is nothing to hold the claim against.
 */
export function judgeClaim<T>(history: readonly Spell<T>[], key: (value: T) => string, matches: (value: T) => boolean, at: number, grace: Grace = TAX_GRACE): Judgement<T> {
  const all = spans(history, key);
  if (all.length === 0) return { verdict: 'current' };
  if (all.some((s) => matches(s.value) && s.from <= at + grace.clockSkewMs && s.until > at)) return { verdict: 'current' };
  const inForce = [...all].reverse().find((s) => s.from <= at) ?? (all[0] as Span<T>);
  const earlier = [...all].reverse().find((s) => matches(s.value) && s.until <= at && s.until > at - grace.outdatedMs);
  return earlier ? { verdict: 'outdated', inForce, changedAt: earlier.until } : { verdict: 'never', inForce };
}

/** Rates are numeric(7,4) in the catalog and numbers on the till: equal to the fourth decimal. */
export const sameRate = (a: number, b: number): boolean => Math.round(a * 10_000) === Math.round(b * 10_000);
export const rateKey = (rate: number): string => String(Math.round(rate * 10_000));

/** A tax set as a multiset (a tax twice on a line is not the product's set). */
export const taxSetKey = (ids: readonly string[]): string => [...ids].sort().join('\u0000');
