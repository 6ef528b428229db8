import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { GS, WedgeDetector, looksLikeBurst, type WedgeVerdict } from './keyboard-wedge.ts';

type Key = { key: string; ctrlKey?: boolean; at: number };

/** Feeds keys with their times; calls quiet() where the keys stop longer than quietMs. */
function play(d: WedgeDetector, keys: readonly Key[]): { verdicts: WedgeVerdict[]; quiet: string[] } {
  const verdicts: WedgeVerdict[] = [];
  const quiet: string[] = [];
  let last = -Infinity;
  for (const k of keys) {
    if (k.at - last > d.quietMs && last > -Infinity) {
      const code = d.quiet(last + d.quietMs);
      if (code !== null) quiet.push(code);
    }
    verdicts.push(d.feed(k));
    last = k.at;
  }
  return { verdicts, quiet };
}

const burst = (text: string, start: number, gap: number): Key[] => [...text].map((key, i) => ({ key, at: start + i * gap }));
const scans = (verdicts: readonly WedgeVerdict[]): string[] => verdicts.flatMap((v) => (v.kind === 'scan' || v.kind === 'late' ? [v.code] : []));

describe('keyboard wedge', () => {
  it('turns a fast burst ending in Enter into one scan', () => {
    const keys = burst('4006381333931', 0, 8);
    const { verdicts } = play(new WedgeDetector(), [...keys, { key: 'Enter', at: 13 * 8 }]);
    expect(scans(verdicts)).toEqual(['4006381333931']);
  });

  it('still reads a burst whose Enter comes late (a loaded machine)', () => {
    const keys = burst('4006381333931', 0, 8);
    const { verdicts } = play(new WedgeDetector(), [...keys, { key: 'Enter', at: 96 + 250 }]);
    expect(scans(verdicts)).toEqual(['4006381333931']);
  });

  it('ends a burst without terminator by silence, and knows its very late Enter', () => {
    const d = new WedgeDetector();
    const { quiet } = play(d, burst('4006381333931', 0, 8));
    expect(d.quiet(96 + d.quietMs)).toBe('4006381333931');
    expect(quiet).toEqual([]);
    expect(d.feed({ key: 'Enter', at: 96 + d.quietMs + 300 })).toEqual({ kind: 'late', code: '4006381333931' });
    // …but only once, and not after other keys.
    expect(d.feed({ key: 'Enter', at: 96 + d.quietMs + 400 })).toEqual({ kind: 'pass' });
  });

  it('never splits a burst with one slow gap into two scans', () => {
    const keys = [...burst('400638', 0, 6), ...burst('1333931', 36 + 150, 6)];
    const { verdicts, quiet } = play(new WedgeDetector(), [...keys, { key: 'Enter', at: 186 + 42 }]);
    expect([...quiet, ...scans(verdicts)]).toEqual(['4006381333931']);
  });

  it('leaves a person typing alone (slow keys, then Enter), and short bursts', () => {
    const d = new WedgeDetector();
    const typed = play(d, [...burst('1234', 0, 180), { key: 'Enter', at: 800 }]);
    const short = play(d, [...burst('12', 10_000, 5), { key: 'Enter', at: 10_010 }]);
    expect([...scans(typed.verdicts), ...typed.quiet, ...scans(short.verdicts), ...short.quiet]).toEqual([]);
  });

  it('reads Ctrl+] as the GS1 group separator and keeps the AIM prefix', () => {
    const keys: Key[] = [...burst(']C101095011010209171719050810ABC', 0, 5)];
    keys.push({ key: ']', ctrlKey: true, at: 160 }, ...burst('2112', 165, 5), { key: 'Tab', at: 190 });
    expect(scans(play(new WedgeDetector(), keys).verdicts)).toEqual([`]C101095011010209171719050810ABC${GS}2112`]);
  });

  it('a burst is a majority of fast gaps', () => {
    expect(looksLikeBurst([5, 5, 200], 80)).toBe(true);
    expect(looksLikeBurst([5, 200], 80)).toBe(false);
    expect(looksLikeBurst([120, 150, 90], 80)).toBe(false);
  });

  it('any burst (fast gaps, at most a few slow hiccups, Enter at any time) comes back exactly once', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom(...'0123456789ABCXYZ-./]'.split('')), minLength: 6, maxLength: 60 }),
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 0, max: 2000 }),
        fc.array(fc.integer({ min: 81, max: 390 }), { maxLength: 2 }),
        (code, gap, enterDelay, hiccups) => {
          const d = new WedgeDetector();
          let at = 1000;
          const keys: Key[] = [...code].map((key, i) => {
            if (i > 0) at += i <= hiccups.length ? (hiccups[i - 1] ?? gap) : gap;
            return { key, at };
          });
          keys.push({ key: 'Enter', at: at + enterDelay });
          const { verdicts, quiet } = play(d, keys);
          // Read once: at the Enter, or when the keys went quiet (the late Enter then says so).
          const read = [...quiet, ...scans(verdicts)];
          expect(read.length).toBeGreaterThan(0);
          expect(new Set(read)).toEqual(new Set([code]));
          expect(quiet.length + verdicts.filter((v) => v.kind === 'scan').length).toBe(1);
        },
      ),
    );
  });
});
