import { describe, expect, it } from 'vitest';
import { createWedgeDetector, GS, type WedgeKey } from './wedge-detector.ts';

const key = (k: string, at: number, ctrlKey = false): WedgeKey => ({ key: k, at, ctrlKey, altKey: false, metaKey: false });

function typeAll(text: string, start: number, gap: number) {
  const d = createWedgeDetector();
  let at = start;
  const verdicts = [...text].map((c) => d.feed(key(c, (at += gap))));
  return { d, verdicts, at };
}

describe('keyboard-wedge detection', () => {
  it('reads a fast burst ending in Enter as a scan', () => {
    const { d, at } = typeAll('4006381333931', 0, 8);
    expect(d.feed(key('Enter', at + 8))).toEqual({ kind: 'scan', code: '4006381333931' });
  });

  it('accepts Tab as a terminator and Ctrl+] as GS', () => {
    const d = createWedgeDetector();
    let at = 0;
    for (const c of ']C101') d.feed(key(c, (at += 5)));
    d.feed(key(']', (at += 5), true));
    for (const c of '10ABC') d.feed(key(c, (at += 5)));
    expect(d.feed(key('Tab', at + 5))).toEqual({ kind: 'scan', code: `]C101${GS}10ABC` });
  });

  it('leaves slow human typing alone', () => {
    const { d, at } = typeAll('1234', 0, 180);
    expect(d.feed(key('Enter', at + 150))).toEqual({ kind: 'pass' });
  });

  it('ignores a burst shorter than the minimum length', () => {
    const { d, at } = typeAll('12', 0, 5);
    expect(d.feed(key('Enter', at + 5))).toEqual({ kind: 'pass' });
  });

  it('drops slow keys typed before a burst', () => {
    const d = createWedgeDetector();
    d.feed(key('x', 0));
    let at = 500;
    for (const c of '12345') d.feed(key(c, (at += 5)));
    expect(d.feed(key('Enter', at + 5))).toEqual({ kind: 'scan', code: '12345' });
  });
});
