// The primary's bookkeeping of the order hand-over (sync-server/cli/order-router.ts): one intake,
// given a socket path; the other workers told where it listens only once it does (and every worker
// that starts later); when the intake stops, the others told there is none, and another named.
import { describe, expect, it } from 'vitest';
import { OrderRouter } from '../../sync-server/cli/order-router.ts';

function router(down = new Set<number>()): { r: OrderRouter; sent: [number, unknown][] } {
  const sent: [number, unknown][] = [];
  const r = new OrderRouter((to, message) => {
    if (down.has(to)) return false;
    sent.push([to, message]);
    return true;
  }, (id) => `/run/aisle-test/intake-${id}.sock`);
  return { r, sent };
}

const ready = { t: 'aisle-intake-ready' };
const at = (path: string | null): unknown => ({ t: 'aisle-intake-at', path });

describe('order router (primary)', () => {
  it('names the first listening worker the intake with its socket path, and only it', () => {
    const { r, sent } = router();
    r.listening(1);
    r.listening(2);
    expect(r.intake).toBe(1);
    expect(sent).toEqual([[1, { t: 'aisle-intake', path: '/run/aisle-test/intake-1.sock' }]]);
  });

  it('tells the other workers where the intake listens once it says it does, and each worker that starts later', () => {
    const { r, sent } = router();
    r.listening(1);
    r.listening(2);
    r.listening(3);
    // Not listening yet: nobody is told to connect to it.
    expect(sent).toHaveLength(1);
    r.fromWorker(1, ready);
    expect(sent.slice(1)).toEqual([[2, at('/run/aisle-test/intake-1.sock')], [3, at('/run/aisle-test/intake-1.sock')]]);
    r.listening(4);
    expect(sent.at(-1)).toEqual([4, at('/run/aisle-test/intake-1.sock')]);
  });

  it('ignores a worker that says it listens without being the intake, and anything else', () => {
    const { r, sent } = router();
    r.listening(1);
    r.listening(2);
    r.fromWorker(2, ready);
    r.fromWorker(1, { t: 'something-else' });
    r.fromWorker(1, 'aisle-intake-ready');
    expect(sent).toHaveLength(1);
  });

  it('when the intake stops: the others hear there is none, the next listening worker is named, and they hear of it once it listens', () => {
    const down = new Set<number>();
    const { r, sent } = router(down);
    r.listening(1);
    r.listening(2);
    r.listening(3);
    r.fromWorker(1, ready);
    sent.length = 0;
    down.add(1);
    r.gone(1);
    expect(sent).toEqual([[2, at(null)], [3, at(null)], [2, { t: 'aisle-intake', path: '/run/aisle-test/intake-2.sock' }]]);
    expect(r.intake).toBe(2);
    // The stopped intake's late word changes nothing.
    r.fromWorker(1, ready);
    expect(sent).toHaveLength(3);
    r.fromWorker(2, ready);
    expect(sent.slice(3)).toEqual([[3, at('/run/aisle-test/intake-2.sock')]]);
  });

  it('a worker named that cannot be told is passed over; with no worker left there is no intake', () => {
    const down = new Set<number>([1]);
    const { r, sent } = router(down);
    r.listening(1);
    expect(r.intake).toBeNull();
    r.listening(2);
    expect(r.intake).toBe(2);
    expect(sent).toEqual([[2, { t: 'aisle-intake', path: '/run/aisle-test/intake-2.sock' }]]);
    r.gone(2);
    expect(r.intake).toBeNull();
  });

  it('a worker other than the intake stopping changes nothing for the rest', () => {
    const { r, sent } = router();
    r.listening(1);
    r.listening(2);
    r.fromWorker(1, ready);
    sent.length = 0;
    r.gone(2);
    expect(r.intake).toBe(1);
    expect(sent).toEqual([]);
  });
});
