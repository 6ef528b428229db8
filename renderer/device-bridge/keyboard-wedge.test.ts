import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { ScanEvent } from '../../shared/device-bridge.ts';
import { KeyboardWedgeDetector } from './keyboard-wedge.ts';

function typeKeys(d: KeyboardWedgeDetector, keys: { key: string; ctrlKey?: boolean }[], start: number, gap: number): boolean[] {
  return keys.map((k, i) => d.key({ ...k, at: start + i * gap }));
}

describe('keyboard wedge', () => {
  it('turns a fast burst ending in Enter into one scan, and swallows that Enter', () => {
    const scans: ScanEvent[] = [];
    const d = new KeyboardWedgeDetector((e) => scans.push(e), {}, () => 5);
    const ended = typeKeys(d, [...'4006381333931', 'Enter'].map((key) => ({ key })), 0, 8);
    expect(scans).toEqual([{ raw: '4006381333931', source: 'wedge', at: 5 }]);
    expect(ended[ended.length - 1]).toBe(true);
  });

  it('ignores a person typing (slow keys), and short bursts', () => {
    const scans: ScanEvent[] = [];
    const d = new KeyboardWedgeDetector((e) => scans.push(e));
    typeKeys(d, [...'1234', 'Enter'].map((key) => ({ key })), 0, 180);
    typeKeys(d, [...'12', 'Enter'].map((key) => ({ key })), 10_000, 5);
    expect(scans).toEqual([]);
  });

  it('reads Ctrl+] as the GS1 group separator and keeps the AIM prefix', () => {
    const scans: ScanEvent[] = [];
    const d = new KeyboardWedgeDetector((e) => scans.push(e));
    typeKeys(d, [...[...']C101095011010209171719050810ABC'].map((key) => ({ key })), { key: ']', ctrlKey: true }, ...[...'2112'].map((key) => ({ key })), { key: 'Tab' }], 0, 5);
    expect(scans[0]?.raw).toBe(']C101095011010209171719050810ABC\x1d2112');
  });

  it('any fast burst of printable characters comes back exactly', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'0123456789ABCXYZ-./]'.split('')), minLength: 3, maxLength: 60 }), fc.integer({ min: 1, max: 40 }), (code, gap) => {
        const scans: ScanEvent[] = [];
        const d = new KeyboardWedgeDetector((e) => scans.push(e));
        typeKeys(d, [...code, 'Enter'].map((key) => ({ key })), 1000, gap);
        expect(scans.map((s) => s.raw)).toEqual([code]);
      }),
    );
  });
});
