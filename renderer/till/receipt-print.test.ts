// Receipts are laid out for the printer's paper: a 58 mm (32-column) printer gets a 32-column
// receipt, not the screen's 42, and the drawer is kicked once for cash.
import { describe, expect, it, vi } from 'vitest';
import { fail, ok, type Result } from '../../shared/device-bridge.ts';
import { sealSale } from '../../shared/chain/index.ts';
import { emptySnapshot } from '../config/config-snapshot.ts';
import { createScreenDeviceBridge } from '../device-bridge/screen-device-bridge.ts';
import { useHardwareStore } from './hardware-store.ts';
import { printerFailure } from './printer-failure.ts';
import { printReceipt, receiptFor, receiptSettings } from './receipt-print.ts';

const sale = sealSale({
  id: 'sale-1', kind: 'sale', tillId: 'till-1', siteId: 'store-1', sessionId: 's-1', cashierId: 'alice', receiptNo: 'T1-000001',
  createdAt: '2026-11-22T10:00:00.000Z', currency: 'EUR',
  lines: [{ lineId: 'l1', productId: 'p1', name: 'Crème brûlée with a rather long product name', qty: 2, unitPrice: 450, discount: 0, total: 900, taxes: [{ taxId: 'vat', rate: 20, amount: 150 }] }],
  payments: [{ paymentId: 'pay-1', method: 'cash', amount: 900, tendered: 1000, change: 100 }],
  total: 900,
});

function bridgeWithPrinter(columns: 32 | 42 | 48, drawerResult: Result<void> = ok(undefined)) {
  const screen = createScreenDeviceBridge();
  let drawerKicks = 0;
  const bridge = {
    ...screen,
    listDevices: async () => ok([{ id: 'screen', kind: 'printer' as const, transport: 'screen' as const, name: 'Printer', connected: true, columns }]),
    openDrawer: async (): Promise<Result<void>> => {
      drawerKicks += 1;
      return drawerResult;
    },
  };
  return { bridge, screen, kicks: () => drawerKicks };
}

describe('receipt printing', () => {
  it.each([32, 42, 48] as const)('lays the receipt out for a %i-column printer', async (columns) => {
    const { bridge, screen } = bridgeWithPrinter(columns);
    const outcome = await printReceipt(bridge, sale, receiptSettings(emptySnapshot()), false);
    expect(outcome.ok).toBe(true);
    const job = screen.screenJobs()[0];
    expect(job?.receipt.columns).toBe(columns);
    expect(Math.max(...(job?.text.split('\n') ?? []).map((l) => [...l].length))).toBeLessThanOrEqual(columns);
  });

  it('kicks the drawer exactly once for a cash sale', async () => {
    const { bridge, kicks } = bridgeWithPrinter(42);
    const outcome = await printReceipt(bridge, sale, receiptSettings(emptySnapshot()), true);
    expect(outcome.message).toBe('Receipt T1-000001 sent to the printer. Drawer opened.');
    expect(kicks()).toBe(1);
  });

  it('says the drawer did not open when the kick was refused, and keeps it for the retry notice', async () => {
    const { bridge, kicks } = bridgeWithPrinter(42, fail('cover-open', 'printer is offline (cover open)'));
    const outcome = await printReceipt(bridge, sale, receiptSettings(emptySnapshot()), true);
    expect(outcome.ok).toBe(false);
    expect(outcome.message).toContain('Drawer did not open: the printer cover is open');
    expect(outcome.message).not.toContain('Drawer opened');
    expect(kicks()).toBe(1);
    expect(useHardwareStore.getState().drawer).toMatchObject({ state: 'failed', reference: 'Receipt T1-000001' });
  });

  it('never says "drawer opened" on a till with no drawer', async () => {
    const screen = createScreenDeviceBridge();
    const outcome = await printReceipt(screen, sale, receiptSettings(emptySnapshot()), true);
    expect(outcome.message).toContain('No cash drawer is connected');
    expect(outcome.message).not.toContain('Drawer opened');
  });

  it("tells the cashier why in plain words, never the driver's text or code", async () => {
    const driverText = 'connect ECONNREFUSED 10.0.0.7:9100';
    const { bridge } = bridgeWithPrinter(42, fail('transport', driverText));
    const failing = { ...bridge, printReceipt: async () => fail('transport', driverText) };
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const outcome = await printReceipt(failing, sale, receiptSettings(emptySnapshot()), true);
    expect(outcome.ok).toBe(false);
    expect(outcome.message).toBe(
      'Receipt not printed: the till lost its connection to the printer: check the cable. Reprint it from Reprint. ' +
        'Drawer did not open: the till lost its connection to the printer: check the cable. Open the drawer again, or use the key.',
    );
    expect(outcome.message).not.toMatch(/ECONNREFUSED|\(transport\)/);
    // Support still finds the driver's text in the console.
    expect(warn.mock.calls.flat().join(' ')).toContain(driverText);
    warn.mockRestore();
  });

  it('names a tax as it was at the sale: the scheduled name from its instant, the old one on a reprint of an earlier sale', () => {
    const config = { ...emptySnapshot(), taxes: new Map([['vat', { name: 'VAT 20%', rate: 20, next: { rate: 16, from: '2026-11-22T12:00:00.000Z', name: 'VAT 16%' } }]]) };
    const after = sealSale({ ...sale, id: 'sale-2', receiptNo: 'T1-000002', createdAt: '2026-11-22T12:00:00.000Z', lines: sale.lines.map((l) => ({ ...l, taxes: [{ taxId: 'vat', rate: 16, amount: 124 }] })) });
    // Printed (or reprinted) after the switch, each receipt says the name of its own sale's time.
    const before = receiptFor(sale, receiptSettings(config, { saleAt: sale.createdAt, reprint: true })).text;
    const later = receiptFor(after, receiptSettings(config, { saleAt: after.createdAt })).text;
    expect(before).toMatch(/\nVAT 20% +\d/);
    expect(before).not.toContain('VAT 16%');
    expect(later).toMatch(/\nVAT 16% +\d/);
    expect(later).not.toContain('VAT 20%');
  });

  it('has words for every failure a printer can report', async () => {
    const codes = ['printer-offline', 'paper-out', 'cover-open', 'timeout', 'not-configured', 'not-found', 'bad-request', 'unauthorized', 'unavailable', 'transport', 'internal'] as const;
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const words = codes.map((code) => printerFailure({ code, message: `raw ${code} text` }));
    warn.mockRestore();
    expect(new Set(words).size).toBe(codes.length);
    for (const w of words) expect(w).not.toMatch(/raw .* text/);
  });
});
