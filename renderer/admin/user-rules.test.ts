import { describe, expect, it } from 'vitest';
import type { Site } from '../../shared/admin-api/sites.ts';
import { defaultSitesFor, newUserProblems, sitesForRole, type UserDraft } from './user-rules.ts';

const draft: UserDraft = { username: 'jane.doe', displayName: 'Jane', role: 'cashier', password: 'secret', pin: '1234', sites: ['STORE1'] };
const site = (code: string, kind: Site['kind']): Site => ({ code, kind }) as Site;

describe('checks of the users page before sending', () => {
  it('accepts a well-formed cashier', () => {
    expect(newUserProblems(draft)).toEqual([]);
  });

  it('names every problem in a sentence', () => {
    expect(newUserProblems({ ...draft, username: 'Jane Doe', password: 'abc', role: 'supervisor', pin: '1234', sites: [] })).toEqual([
      'Username: 1 to 64 small letters, digits, . _ or - (for example jane.doe).',
      'Password: at least 4 characters.',
      "A supervisor's PIN must be 6 to 8 digits.",
      'Tick at least one store: a supervisor logs in on the devices of the sites ticked.',
    ]);
  });

  it('offers stores to till roles, warehouses and stores to pickers (ticking the warehouses), no site to managers', () => {
    const sites = [site('STORE1', 'store'), site('WH1', 'warehouse')];
    expect(sitesForRole('cashier', sites)?.map((s) => s.code)).toEqual(['STORE1']);
    expect(sitesForRole('picker', sites)?.map((s) => s.code)).toEqual(['STORE1', 'WH1']);
    expect(defaultSitesFor('picker', sites)).toEqual(['WH1']);
    expect(defaultSitesFor('supervisor', sites)).toEqual(['STORE1']);
    expect(sitesForRole('manager', sites)).toBeNull();
    expect(newUserProblems({ ...draft, role: 'manager', pin: '', sites: [] })).toEqual([]);
  });
});
