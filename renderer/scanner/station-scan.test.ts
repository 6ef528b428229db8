import { describe, expect, it } from 'vitest';
import { LocationLabels } from './location-labels.ts';
import { readStationScan } from './station-scan.ts';

function labels(): LocationLabels {
  const store = new Map<string, string>();
  const l = new LocationLabels({ getItem: (k) => store.get(k) ?? null, setItem: (k, v) => void store.set(k, v) } as Storage);
  l.addFromConfig([
    { id: 'loc-a', fullName: 'WH1/Stock/A-01-02' },
    { id: 'loc-b', fullName: 'WH1/Stock/B-02-01' },
    { id: 'loc-c', fullName: 'WH1/Output/B-02-01' },
  ]);
  return l;
}

describe('readStationScan', () => {
  const known = labels();
  const read = (raw: string) => readStationScan(raw, (t) => known.typedName(t));

  it('reads a location name typed as the screen shows it, in any case, as its label', () => {
    expect(read('WH1/Stock/A-01-02')).toMatchObject({ kind: 'location', code: 'WH1/Stock/A-01-02' });
    expect(read(' wh1/stock/a-01-02 ')).toMatchObject({ kind: 'location', code: 'WH1/Stock/A-01-02' });
    expect(known.idOf('WH1/Stock/A-01-02')).toBe('loc-a');
  });

  it('takes the last part of a name when one location only ends so', () => {
    expect(read('a-01-02')).toMatchObject({ kind: 'location', code: 'WH1/Stock/A-01-02' });
    // Two locations end in B-02-01: which one is not guessed.
    expect(read('B-02-01')).toMatchObject({ kind: 'invalid', code: 'UNRECOGNISED' });
  });

  it('leaves barcodes and labels as parseScan reads them, and what is neither invalid', () => {
    expect(read('LOC:WH1/Stock/B-02-01')).toMatchObject({ kind: 'location', code: 'WH1/Stock/B-02-01' });
    expect(read('4006381333931')).toMatchObject({ kind: 'gtin' });
    expect(read('WH1/Stock/Z-99')).toMatchObject({ kind: 'invalid', code: 'UNRECOGNISED' });
  });
});
