import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_JSON_DEPTH, storableCopy, unstorableReason } from './storable-json.ts';

const hostileString = fc.oneof(fc.string({ unit: 'binary' }), fc.constantFrom('\u0000', '\ud800', 'a\udc00b', '\ud83d\ude00'));
const json = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, hostileString, fc.double(), fc.boolean(), fc.constant(null), fc.array(tie('value'), { maxLength: 4 }), fc.dictionary(hostileString, tie('value'), { maxKeys: 4 })),
})).value;

function nested(depth: number): unknown {
  let v: unknown = 'leaf';
  for (let i = 0; i < depth; i++) v = { a: [v] };
  return v;
}

describe('storable JSON', () => {
  it('makes a storable copy of anything, and leaves storable values unchanged', () => {
    fc.assert(fc.property(json, (v) => {
      const copy = storableCopy(v);
      expect(unstorableReason(copy)).toBeNull();
      if (unstorableReason(v) === null) expect(copy).toEqual(v);
    }));
  });

  it('walks 100,000 levels without recursion and says where the value goes too deep', () => {
    const deep = nested(50_000);
    expect(unstorableReason(deep)).toMatch(`is nested deeper than ${MAX_JSON_DEPTH} levels`);
    expect(unstorableReason(storableCopy(deep))).toBeNull();
    expect(unstorableReason(nested(10))).toBeNull();
  });

  it('names the place of a NUL or a lone surrogate, never the text', () => {
    expect(unstorableReason({ lines: [{ name: 'secret\u0000' }] })).toBe('/lines/0/name contains a NUL character or a lone UTF-16 surrogate');
    expect(unstorableReason({ ok: '\ud83d\ude00' })).toBeNull();
  });
});
