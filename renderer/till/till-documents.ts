// Till documents on the receipt printer (never window.print()): X and Z reports and cash in / cash
// out slips, laid out by shared/receipt for the printer's width in store time. The last outcome of
// each kind is kept so the screen that asked can say whether it went out.
import { create } from 'zustand';
import { layoutCashSlip, layoutSessionReport, type CashMovementSlip, type TenderFigure, type TillDocumentSettings } from '../../shared/receipt/index.ts';
import { DEFAULT_TIME_ZONE } from '../../shared/time/index.ts';
import { taxNamesAt, type ConfigSnapshot } from '../config/config-snapshot.ts';
import { kickDrawer } from './hardware-store.ts';
import { printTillDocument, type PrintOutcome } from './receipt-print.ts';
import type { SessionReport } from './session-report.ts';
import { tillRuntime } from './till-runtime.ts';
import { failureSentence } from './failure-sentence.ts';

export type TillDocumentKind = 'X report' | 'Z report' | 'Cash slip';

export const useTillDocumentsStore = create<{ last: Partial<Record<TillDocumentKind, PrintOutcome>> }>(() => ({ last: {} }));

function remember(kind: TillDocumentKind, outcome: PrintOutcome): PrintOutcome {
  useTillDocumentsStore.setState((s) => ({ last: { ...s.last, [kind]: outcome } }));
  return outcome;
}

/**
 * Everything but the paper width, from the replicated configuration; taxes are named as they were
 * at `at` (the report's moment: a Z report's close).
 */
export function tillDocumentSettings(config: ConfigSnapshot, cashierName?: string, at: Date = new Date()): Omit<TillDocumentSettings, 'columns'> {
  const site = config.site;
  return {
    siteName: site?.name ?? 'Aisle',
    currency: site?.currency ?? 'EUR',
    timeZone: site?.timeZone ?? DEFAULT_TIME_ZONE,
    ...(config.deviceName ? { tillName: config.deviceName } : {}),
    ...(cashierName ? { cashierName } : {}),
    tenderLabels: Object.fromEntries([...config.tenders, ...config.valueTenders].map((t) => [t.method, t.label])),
    taxLabels: taxNamesAt(config.taxes, at),
  };
}

export interface ReportPrintRequest {
  report: SessionReport;
  config: ConfigSnapshot;
  cashierName?: string;
  /** For a Z report: when the session closed and what was counted. */
  close?: { closedAt: string; counted: readonly TenderFigure[] };
  /** Printed again from the screen: marked as a copy. */
  copy?: boolean;
}

export async function printSessionReport(req: ReportPrintRequest): Promise<PrintOutcome> {
  const kind: TillDocumentKind = req.close ? 'Z report' : 'X report';
  const printedAt = new Date();
  const settings = { ...tillDocumentSettings(req.config, req.cashierName, req.close ? new Date(req.close.closedAt) : printedAt), ...(req.copy ? { copy: true } : {}) };
  const at = { printedAt: printedAt.toISOString(), ...(req.close ? { close: req.close } : {}) };
  try {
    return remember(kind, await printTillDocument(tillRuntime().bridge, (columns) => layoutSessionReport(req.report, { ...settings, columns }, at), kind));
  } catch (error) {
    return remember(kind, { ok: false, message: failureSentence(`${kind} not printed`, error) });
  }
}

/** Print the slip of a cash movement and open the drawer for the cash. */
export async function printCashSlip(slip: CashMovementSlip, config: ConfigSnapshot, cashierName?: string): Promise<PrintOutcome> {
  const settings = tillDocumentSettings(config, cashierName);
  const label = slip.kind === 'cash_in' ? 'Cash-in slip' : 'Cash-out slip';
  const bridge = tillRuntime().bridge;
  try {
    const printed = await printTillDocument(bridge, (columns) => layoutCashSlip(slip, { ...settings, columns }), label);
    const drawer = await kickDrawer(bridge, label);
    const ok = printed.ok && drawer.state !== 'failed';
    const drawerNote = drawer.state === 'opened' ? 'Drawer opened.' : drawer.message;
    return remember('Cash slip', { ok, message: `${printed.message.replace(/\.?$/, '.')} ${drawerNote}` });
  } catch (error) {
    return remember('Cash slip', { ok: false, message: failureSentence(`${label} not printed`, error) });
  }
}
