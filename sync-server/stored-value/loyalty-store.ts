// The company's loyalty program (`settings` key `loyalty`; docs/stored-value.md). None until an
// admin sets one: no points are earned and none can be redeemed.
import type { LoyaltyProgram } from '../../shared/stored-value/loyalty-program.ts';
import type { Queryable } from '../db/db.ts';

export const LOYALTY_SETTINGS_KEY = 'loyalty';

export async function readLoyaltyProgram(q: Queryable): Promise<{ program: LoyaltyProgram; updatedAt: string } | null> {
  const [row] = await q.query<{ value: LoyaltyProgram; updated_at: Date | string }>('SELECT value, updated_at FROM settings WHERE key = $1', [LOYALTY_SETTINGS_KEY]);
  return row ? { program: row.value, updatedAt: new Date(row.updated_at).toISOString() } : null;
}
