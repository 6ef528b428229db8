// Receipts and till documents: laid out by shared/receipt (the sale, X/Z reports, cash slips),
// shown on screen as text and sent to the device bridge as a separate job. A printer failure never touches the stored sale; the cashier
// sees it and can print again.
import type { DeviceBridge } from '../../shared/device-bridge.ts';
import { layoutReceipt, renderReceiptText, type Receipt, type ReceiptColumns, type ReceiptSettings } from '../../shared/receipt/index.ts';
import type { Customer, Sale } from '../../shared/schemas/index.ts';
import { taxNamesAt, type ConfigSnapshot } from '../config/config-snapshot.ts';
import { kickDrawer } from './hardware-store.ts';
import type { TillDatabase } from '../db/database.ts';
import { printerFailure } from './printer-failure.ts';

export interface ReceiptNames {
  cashierName?: string;
  /** The sale's customer (name and tax number are printed, never the id). */
  customer?: Pick<Customer, 'name' | 'taxNumber'> | null;
  originalReceiptNo?: string;
}

/** `saleAt`: the sale's time (`createdAt`), which names its taxes as they were then; default now. */
export function receiptSettings(config: ConfigSnapshot, options: ReceiptNames & { reprint?: boolean; saleAt?: string } = {}): ReceiptSettings {
  const site = config.site;
  const customer = options.customer;
  return {
    columns: 42,
    site: { name: site?.name ?? 'Aisle', address: site?.address, receiptHeader: site?.receiptHeader, receiptFooter: site?.receiptFooter },
    ...(site?.timeZone ? { timeZone: site.timeZone } : {}),
    ...(customer ? { customerName: customer.name, ...(customer.taxNumber ? { customerTaxNumber: customer.taxNumber } : {}) } : {}),
    ...(config.deviceName ? { tillName: config.deviceName } : {}),
    ...(options.cashierName ? { cashierName: options.cashierName } : {}),
    ...(options.reprint ? { reprint: true } : {}),
    ...(options.originalReceiptNo ? { originalReceiptNo: options.originalReceiptNo } : {}),
    tenderLabels: Object.fromEntries([...config.tenders, ...config.valueTenders].map((t) => [t.method, t.label])),
    ...(config.loyalty ? { loyaltyName: config.loyalty.name } : {}),
    taxLabels: taxNamesAt(config.taxes, options.saleAt ? new Date(options.saleAt) : new Date()),
    promotionNames: Object.fromEntries([...config.pricing.promotionById.values()].map((p) => [p.id, p.name])),
  };
}

/**
 * The names a stored sale's receipt prints: its customer, and for a return the original's receipt
 * number (both from the till's own database; a reprint has nothing else to go on).
 */
export async function receiptNamesOf(db: TillDatabase, sale: Sale): Promise<ReceiptNames> {
  const [customer, original] = await Promise.all([
    sale.customerId ? db.customers.findOne(sale.customerId).exec() : null,
    sale.kind === 'return' && sale.returnOfSaleId ? db.sales.findOne(sale.returnOfSaleId).exec() : null,
  ]);
  return {
    ...(customer ? { customer: customer.toMutableJSON() } : {}),
    ...(original ? { originalReceiptNo: original.receiptNo } : {}),
  };
}

export function receiptFor(sale: Sale, settings: ReceiptSettings): { receipt: Receipt; text: string } {
  const receipt = layoutReceipt(sale, settings);
  return { receipt, text: renderReceiptText(receipt) };
}

export interface PrintOutcome {
  ok: boolean;
  message: string;
}

/** Paper width when the bridge names no printer width (80 mm paper, font A). */
const DEFAULT_COLUMNS: ReceiptColumns = 42;
const columnsByBridge = new WeakMap<DeviceBridge, Promise<ReceiptColumns>>();

/** The default printer's width, asked once per bridge: a 58 mm printer refuses 42-column receipts. */
export function printerColumns(bridge: DeviceBridge): Promise<ReceiptColumns> {
  let width = columnsByBridge.get(bridge);
  if (!width) {
    width = bridge.listDevices().then(
      (devices) => (devices.ok ? devices.value.find((d) => d.kind === 'printer' && d.columns)?.columns : undefined) ?? DEFAULT_COLUMNS,
      (error: unknown) => {
        console.warn('could not list devices; printing 42 columns', error);
        return DEFAULT_COLUMNS;
      },
    );
    columnsByBridge.set(bridge, width);
  }
  return width;
}

/**
 * Lays the receipt out for the printer's paper width and prints it; for cash kicks the drawer
 * once — even when the printer fails, since the cashier still has change to give. The printer
 * talks to one client at a time, so the kick goes out right after the receipt, never beside it.
 * Resolves with what to tell the cashier: "drawer opened" only when the kick was sent.
 */
export async function printReceipt(bridge: DeviceBridge, sale: Sale, settings: ReceiptSettings, openDrawer: boolean): Promise<PrintOutcome> {
  const receipt = layoutReceipt(sale, { ...settings, columns: await printerColumns(bridge) });
  const printed = await bridge.printReceipt(receipt, { reference: `Receipt ${sale.receiptNo}`, openDrawer: false });
  const drawer = openDrawer ? await kickDrawer(bridge, `Receipt ${sale.receiptNo}`) : null;
  const problems: string[] = [];
  if (!printed.ok) problems.push(`Receipt not printed: ${printerFailure(printed.error)}. Reprint it from Reprint.`);
  if (drawer?.state === 'failed') problems.push(drawer.message);
  if (problems.length > 0) return { ok: false, message: problems.join(' ') };
  // Two sentences, as a cashier reads them: what printed, then what the drawer did.
  const drawerNote = drawer ? ` ${drawer.state === 'opened' ? 'Drawer opened.' : drawer.message}` : '';
  return { ok: true, message: `Receipt ${sale.receiptNo} sent to the printer.${drawerNote}` };
}

/** Print a till document (X/Z report, cash slip) laid out for the printer's paper width. */
export async function printTillDocument(bridge: DeviceBridge, layout: (columns: ReceiptColumns) => Receipt, reference: string): Promise<PrintOutcome> {
  const printed = await bridge.printReceipt(layout(await printerColumns(bridge)), { reference });
  if (!printed.ok) return { ok: false, message: `${reference} not printed: ${printerFailure(printed.error)}` };
  return { ok: true, message: `${reference} sent to the printer` };
}
