import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ChangeHint } from './db.ts';
import { decodeHints, encodeHints } from './pg-notify-relay.ts';

const hint = fc.record({ collection: fc.string({ minLength: 1, maxLength: 20 }), scope: fc.string({ minLength: 1, maxLength: 60 }), seq: fc.nat() });

describe('change hints on the wire between server processes', () => {
  it('arrive whole at another process, split into payloads NOTIFY accepts', () => {
    fc.assert(
      fc.property(fc.array(hint, { maxLength: 600 }), (hints: ChangeHint[]) => {
        const payloads = encodeHints('process-a', hints);
        for (const p of payloads) expect(Buffer.byteLength(p)).toBeLessThan(8000);
        expect(payloads.flatMap((p) => decodeHints('process-b', p))).toEqual(hints);
      }),
      { numRuns: 200 },
    );
  });

  it('are ignored by the process that sent them, and malformed payloads by everyone', () => {
    const [payload] = encodeHints('process-a', [{ collection: 'products', scope: 'all', seq: 3 }]);
    expect(decodeHints('process-a', payload as string)).toEqual([]);
    expect(decodeHints('process-b', 'not json')).toEqual([]);
    expect(decodeHints('process-b', JSON.stringify({ o: 'x', h: [[1, 2, 3], ['products', 'all', 'nope'], ['stock', 'site:1', 9]] }))).toEqual([{ collection: 'stock', scope: 'site:1', seq: 9 }]);
  });
});
