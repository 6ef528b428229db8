// Builders for device-owned event documents used by the sync tests.
import { v7 as uuidv7 } from 'uuid';
import type { StockCount } from '../../shared/schemas/stock-count.ts';

export function countDoc(device: { deviceId: string; siteId: string }, locationId: string, lines: StockCount['lines'], extra: Partial<StockCount> = {}): StockCount {
  return {
    id: uuidv7(),
    deviceId: device.deviceId,
    siteId: device.siteId,
    userId: 'pat',
    locationId,
    createdAt: new Date().toISOString(),
    lines,
    ...extra,
  };
}
