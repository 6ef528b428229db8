import { indexedDB, IDBKeyRange } from 'fake-indexeddb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyChain } from '../../shared/chain/index.ts';
import { newEventId } from '../../shared/ids.ts';
import { openTillDatabase, type TillDatabase } from '../db/database.ts';
import { commitSale, readChainHead, type SaleDraft } from './sale-commit.ts';

function draft(): SaleDraft {
  return {
    id: newEventId(), kind: 'sale', tillId: 'till-1', siteId: 'site-1', sessionId: 's-1', cashierId: 'u-1',
    createdAt: new Date().toISOString(), currency: 'EUR', total: 100,
    lines: [{ lineId: newEventId(), productId: 'p1', qty: 1, unitPrice: 100, discount: 0, total: 100, taxes: [] }],
    payments: [{ paymentId: newEventId(), method: 'cash', amount: 100 }],
  };
}

describe('sale commit', () => {
  let db: TillDatabase;
  beforeAll(async () => {
    db = await openTillDatabase(`commit-test-${Date.now()}`, { indexedDB, keyRange: IDBKeyRange });
  });
  afterAll(async () => {
    await db.remove();
  });

  it('stores each sale in one write, gapless and hash-chained, even when commits race', async () => {
    const sales = await Promise.all(Array.from({ length: 12 }, () => commitSale(db.sales, draft(), 'T1')));
    expect(sales.map((s) => s.seq).sort((a, b) => a - b)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    const stored = (await db.sales.find().exec()).map((d) => d.toMutableJSON());
    expect(stored).toHaveLength(12);
    expect(verifyChain(stored).ok).toBe(true);
    expect((await readChainHead(db.sales))?.seq).toBe(12);
    expect(stored.find((s) => s.seq === 3)?.receiptNo).toBe('T1-000003');
  });
});
