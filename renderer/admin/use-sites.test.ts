import { describe, expect, it } from 'vitest';
import type { Location } from '../../shared/admin-api/sites.ts';
import { pickableLocations } from './use-sites.ts';

const loc = (fullName: string, usage = 'internal', active = true): Location => ({ id: fullName, name: fullName.split('/').pop() ?? fullName, fullName, barcode: fullName, usage, active });

describe('the location pickers of the back office', () => {
  it('offer the active internal locations in reading order: aisles and bins by number', () => {
    const list = [loc('WH/Stock/A-10'), loc('WH/Stock/A-2'), loc('WH/Output', 'transit'), loc('WH/Stock/A-1'), loc('WH/Stock/Old', 'internal', false), loc('WH/Stock/É-1'), loc('WH/Stock/B-1')];
    expect(pickableLocations(list).map((l) => l.fullName)).toEqual(['WH/Stock/A-1', 'WH/Stock/A-2', 'WH/Stock/A-10', 'WH/Stock/B-1', 'WH/Stock/É-1']);
  });
});
