import { describe, expect, it } from 'vitest';
import { nameOf, withChannelNames, type Names } from './names.ts';

const channels = [{ code: 'pos', name: 'Store tills' }, { code: 'web', name: 'Web shop' }];
const sites = [{ code: 'STORE1', name: 'Demo Store' }];
const names: Names = { channel: (c) => nameOf(c, channels), site: (c) => nameOf(c, sites) };

describe('report names', () => {
  it('shows the tills\' channel and a site by their names', () => {
    expect(names.channel('pos')).toBe('Store tills');
    expect(names.site('STORE1')).toBe('Demo Store');
  });

  it('keeps a code nobody named', () => {
    expect(names.channel('marketplace')).toBe('marketplace');
    expect(names.site('WH9')).toBe('WH9');
  });

  it('labels channel rows by name and keeps their keys', () => {
    expect(withChannelNames([{ key: 'pos', label: 'pos', revenue: 1 }], names)).toEqual([{ key: 'pos', label: 'Store tills', revenue: 1 }]);
  });
});
