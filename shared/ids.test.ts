import { describe, expect, it } from 'vitest';
import { isEventId, newEventId } from './ids.ts';

describe('newEventId', () => {
  it('makes UUIDv7 ids that are unique and sort in creation order', () => {
    const ids = Array.from({ length: 2_000 }, () => newEventId());
    for (const id of ids) expect(isEventId(id)).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
  });

  it('rejects ids that are not lowercase UUIDv7', () => {
    expect(isEventId('0193a5c2-7b1e-4c3d-8a4f-1e2d3c4b5a69')).toBe(false);
    expect(isEventId('0193A5C2-7B1E-7C3D-8A4F-1E2D3C4B5A69')).toBe(false);
    expect(isEventId('not-an-id')).toBe(false);
  });
});
