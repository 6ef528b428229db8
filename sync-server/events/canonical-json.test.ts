import canonicalize from 'canonicalize';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { unstorableReason } from '../db/storable-json.ts';
import { canonicalJson } from './canonical-json.ts';

describe('canonicalJson, the server JCS', () => {
  it.each(['grapheme', 'binary'] as const)('writes what canonicalize writes for every storable JSON value (%s strings)', (stringUnit) => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6, stringUnit }), (value) => {
        // Lone surrogates (binary strings) never reach it: unstorableReason refuses them first.
        fc.pre(unstorableReason(value) === null);
        expect(canonicalJson(value)).toBe(canonicalize(value));
      }),
      { numRuns: 1000 },
    );
  });

  it('sorts keys by UTF-16 code units and writes numbers as ECMAScript does', () => {
    const value = { b: 1, a: [1e21, 0.1, -0, 1.5e-7], é: 'x', Z: null, '\u{1F600}': true, '\uFFFF': 2 };
    expect(canonicalJson(value)).toBe('{"Z":null,"a":[1e+21,0.1,0,1.5e-7],"b":1,"é":"x","\u{1F600}":true,"\uFFFF":2}');
    expect(canonicalJson(value)).toBe(canonicalize(value));
  });

  it('refuses what JSON cannot hold, as canonicalize does', () => {
    expect(() => canonicalJson({ a: Number.NaN })).toThrow();
    expect(() => canonicalJson([Number.POSITIVE_INFINITY])).toThrow();
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    expect(() => canonicalJson(cycle)).toThrow();
  });
});
