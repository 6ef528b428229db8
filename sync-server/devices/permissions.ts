// Which device role may push which device-owned collection: sales and till sessions come from
// tills, picking events and package moves from scanner stations; both may count stock. Anything else is a 403 for
// the whole push, before any event is looked at.
import type { DeviceCollection } from '../../shared/schemas/index.ts';
import type { DeviceRole } from './pairing.ts';

const PUSHERS: Record<DeviceCollection, readonly DeviceRole[]> = {
  sales: ['till'],
  sessions: ['till'],
  picking_events: ['scanner'],
  counts: ['till', 'scanner'],
  package_moves: ['scanner'],
};

export function canPush(role: DeviceRole, collection: DeviceCollection): boolean {
  return PUSHERS[collection].includes(role);
}
