import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseCheckpoint } from './pull.ts';

describe('pull checkpoint', () => {
  it('is {seq: 0} on the first pull and round-trips any non-negative integer', () => {
    expect(parseCheckpoint(undefined)).toEqual({ seq: 0 });
    fc.assert(
      fc.property(fc.nat(), (seq) => {
        expect(parseCheckpoint(JSON.stringify({ seq }))).toEqual({ seq });
      }),
    );
  });

  it('refuses anything else', () => {
    for (const bad of ['{"seq":-1}', '{"seq":1.5}', '{"updatedAt":"x"}', '[]', '"7"']) expect(() => parseCheckpoint(bad)).toThrow(TypeError);
  });
});
