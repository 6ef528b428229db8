// The company's stored-value settings (`settings` key `stored_value`, migration 078): the offline
// allowance tills hold, and how long an online authorisation holds value. Read with a default so a database without the row behaves as seeded.
import { DEFAULT_HOLD_MINUTES, defaultOfflineAllowance, type StoredValueSettings } from '../../shared/stored-value/offline-allowance.ts';
import type { Queryable } from '../db/db.ts';

export const STORED_VALUE_SETTINGS_KEY = 'stored_value';

export async function readStoredValueSettings(q: Queryable): Promise<Required<StoredValueSettings> & { updatedAt: string }> {
  const [row] = await q.query<{ value: Partial<StoredValueSettings>; updated_at: Date | string }>('SELECT value, updated_at FROM settings WHERE key = $1', [STORED_VALUE_SETTINGS_KEY]);
  return {
    offlineAllowance: { ...defaultOfflineAllowance, ...(row?.value.offlineAllowance ?? {}) },
    holdMinutes: row?.value.holdMinutes ?? DEFAULT_HOLD_MINUTES,
    updatedAt: new Date(row?.updated_at ?? 0).toISOString(),
  };
}
