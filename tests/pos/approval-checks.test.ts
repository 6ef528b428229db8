// Issue 14 point 2: the server judges approvals itself. A pushed sale whose total reduction per
// line (override + line discount + share of the order discount) is beyond the configured limit
// without a real supervisor's approval — or that names an unknown approver, a non-supervisor, or
// an unknown cashier — is kept and applied, and flagged as an exception.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sealSale } from '../../shared/chain/index.ts';
import type { Ack, Sale, SaleLine } from '../../shared/schemas/index.ts';
import { computeOrder } from '../../shared/tax/index.ts';
import type { SimProduct } from '../support/pos-events.ts';
import { testDrivers } from '../support/test-db.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';
import { push, simCatalog } from './pos-harness.ts';

describe.each(testDrivers)('approvals checked by the server on $kind', ({ kind, skip }) => {
  let server: TestServer;
  let catalog: SimProduct[];
  let siteId: string;
  let ids: Record<'alice' | 'sam' | 'pat', string>;

  beforeAll(async () => {
    if (skip) return;
    server = await startTestServer(kind, { products: 20 });
    catalog = await simCatalog(server.db);
    siteId = await server.siteId('STORE1');
    ids = { alice: await server.userId('alice'), sam: await server.userId('sam'), pat: await server.userId('pat') };
  });
  afterAll(async () => {
    await server?.close();
  });

  type LineSpec = { unitPrice?: number; discount?: number; override?: { approvedBy?: string }; discountApprovedBy?: string };

  /** One sale per call, sealed as the first of a fresh till's chain, with totals as the till computes them. */
  function saleOf(tillId: string, spec: { lines: LineSpec[]; orderDiscount?: number; orderDiscountApprovedBy?: string; cashierId?: string }): Sale {
    const product = catalog[0] as SimProduct;
    const order = computeOrder({
      lines: spec.lines.map((l) => ({ qty: 1, unitPrice: l.unitPrice ?? product.price, discount: l.discount ?? 0, priceIncludesTax: product.priceIncludesTax, taxes: product.taxes })),
      orderDiscount: spec.orderDiscount ?? 0,
    });
    const lines: SaleLine[] = spec.lines.map((l, i) => ({
      lineId: `l${i}`, productId: product.id, name: 'Test product', qty: 1, unitPrice: l.unitPrice ?? product.price, ...(order.lines[i]?.amounts ?? { total: 0, discount: 0, taxes: [] }),
      ...(l.override ? { priceOverride: { originalPrice: product.price, ...l.override } } : {}),
      ...(l.discountApprovedBy ? { discountApprovedBy: l.discountApprovedBy } : {}),
    }));
    return sealSale({
      id: `sale-${tillId}`, kind: 'sale', tillId, siteId, sessionId: `session-${tillId}`, cashierId: spec.cashierId ?? ids.alice, receiptNo: `${tillId.slice(-4)}-1`,
      createdAt: new Date().toISOString(), currency: 'EUR', lines,
      ...(spec.orderDiscount ? { orderDiscount: spec.orderDiscount } : {}),
      ...(spec.orderDiscountApprovedBy ? { orderDiscountApprovedBy: spec.orderDiscountApprovedBy } : {}),
      payments: [{ paymentId: 'p', method: 'card', amount: order.total }], total: order.total,
    }, null);
  }

  async function pushedCodes(spec: Parameters<typeof saleOf>[1]): Promise<string[]> {
    const till = await server.pairDevice('till', 'STORE1');
    const sale = saleOf(till.deviceId, spec);
    await push(server, till.token, 'sales', [sale]);
    const res = await server.api('/api/sync/acks/pull?limit=1000', { token: till.token });
    const ack = (res.body as { documents: Ack[] }).documents.find((a) => a.id === sale.id);
    const [stored] = await server.db.query<{ n: number }>('SELECT count(*)::int AS n FROM pos_sales WHERE id = $1', [sale.id]);
    expect(stored?.n).toBe(1); // flagged, never dropped
    return (ack?.problems ?? []).map((p) => p.code).filter((c) => c !== 'negative_stock' && c !== 'late_sale').sort();
  }

  it.skipIf(skip)('accepts reductions within the limit and approved ones, with no exception', async () => {
    const price = (catalog[0] as SimProduct).price;
    expect(await pushedCodes({ lines: [{ discount: Math.floor(price * 0.05) }] })).toEqual([]);
    expect(await pushedCodes({ lines: [{ unitPrice: 1, override: { approvedBy: ids.sam } }] })).toEqual([]);
    expect(await pushedCodes({ lines: [{ discount: Math.floor(price * 0.5), discountApprovedBy: ids.sam }] })).toEqual([]);
  });

  it.skipIf(skip)('flags an override to 0.01 with no approver, or approved by a user who does not exist', async () => {
    expect(await pushedCodes({ lines: [{ unitPrice: 1, override: {} }] })).toEqual(['approval_missing']);
    expect(await pushedCodes({ lines: [{ unitPrice: 1, override: { approvedBy: 'nobody' } }] })).toEqual(['approval_missing', 'unknown_approver']);
  });

  it.skipIf(skip)('flags a 99 % line discount with no approver, and one approved by a cashier', async () => {
    const price = (catalog[0] as SimProduct).price;
    expect(await pushedCodes({ lines: [{ discount: Math.floor(price * 0.99) }] })).toEqual(['approval_missing']);
    expect(await pushedCodes({ lines: [{ discount: Math.floor(price * 0.99), discountApprovedBy: ids.pat }] })).toEqual(['approval_missing', 'approver_not_supervisor']);
  });

  it.skipIf(skip)('judges the total of small steps: override 9 %, line discount 9 % and an order discount together', async () => {
    const price = (catalog[0] as SimProduct).price;
    const unitPrice = Math.ceil(price * 0.91);
    const codes = await pushedCodes({ lines: [{ unitPrice, override: {}, discount: Math.floor(price * 0.09) }], orderDiscount: Math.floor(price * 0.05) });
    expect(codes).toEqual(['approval_missing']);
    // The order discount's approver covers it.
    expect(await pushedCodes({ lines: [{ unitPrice, override: {}, discount: Math.floor(price * 0.09) }], orderDiscount: Math.floor(price * 0.05), orderDiscountApprovedBy: ids.sam })).toEqual([]);
  });

  it.skipIf(skip)('flags an unknown cashier', async () => {
    expect(await pushedCodes({ lines: [{}], cashierId: 'mallory' })).toEqual(['unknown_cashier']);
  });
});
