// The till session: open with a counted float, cash in/out with a reason, close with counted
// amounts per tender. Every action is one append-only session event in RxDB; the current session
// and its live X report are derived from the local events and sales.
import type { Subscription } from 'rxjs';
import { create } from 'zustand';
import { newEventId } from '../../shared/ids.ts';
import type { Sale, SessionEvent, TenderAmount } from '../../shared/schemas/index.ts';
import type { TillDatabase } from '../db/database.ts';
import { computeSessionReport, type SessionReport } from './session-report.ts';
import { tillRuntime } from './till-runtime.ts';

export interface ClosedSession {
  report: SessionReport;
  counted: TenderAmount[];
  closedAt: string;
}

interface SessionState {
  loaded: boolean;
  sessionId: string | null;
  events: SessionEvent[];
  sales: Sale[];
  /** The last closed session's Z report, shown until the next session opens. */
  lastClosed: ClosedSession | null;
  open(float: number, cashierId: string): Promise<void>;
  moveCash(kind: 'cash_in' | 'cash_out', amount: number, reason: string, cashierId: string, approvedBy?: string): Promise<void>;
  close(counted: TenderAmount[], cashierId: string, cashMethods: ReadonlySet<string>): Promise<ClosedSession>;
  dismissZ(): void;
}

function baseEvent(kind: SessionEvent['kind'], sessionId: string, cashierId: string): SessionEvent {
  const { credentials } = tillRuntime();
  return { id: newEventId(), kind, tillId: credentials.deviceId, siteId: credentials.siteId, sessionId, cashierId, createdAt: new Date().toISOString() };
}

export const useSessionStore = create<SessionState>((set, get) => ({
  loaded: false,
  sessionId: null,
  events: [],
  sales: [],
  lastClosed: null,
  async open(float, cashierId) {
    const event = { ...baseEvent('open', newEventId(), cashierId), amount: float };
    await tillRuntime().db.sessions.insert(event);
    set({ lastClosed: null });
  },
  async moveCash(kind, amount, reason, cashierId, approvedBy) {
    const sessionId = get().sessionId;
    if (!sessionId) throw new RangeError('no open session');
    await tillRuntime().db.sessions.insert({ ...baseEvent(kind, sessionId, cashierId), amount, reason, ...(approvedBy ? { approvedBy } : {}) });
  },
  async close(counted, cashierId, cashMethods) {
    const { sessionId, events, sales } = get();
    if (!sessionId) throw new RangeError('no open session');
    const report = computeSessionReport(events, sales, cashMethods);
    const event: SessionEvent = { ...baseEvent('close', sessionId, cashierId), counted, expected: report.expected, lastSeq: report.lastSeq };
    await tillRuntime().db.sessions.insert(event);
    const closed = { report, counted, closedAt: event.createdAt };
    set({ lastClosed: closed });
    return closed;
  },
  dismissZ() {
    set({ lastClosed: null });
  },
}));

export function currentReport(cashMethods: ReadonlySet<string>): SessionReport {
  const { events, sales } = useSessionStore.getState();
  return computeSessionReport(events, sales, cashMethods);
}

/** Follows the till's session events and the open session's sales; returns the unsubscribe. */
export function watchSession(db: TillDatabase, tillId: string): () => void {
  let salesSub: Subscription | null = null;
  let followed: string | null = null;
  const eventsSub = db.sessions.find({ selector: { tillId }, sort: [{ createdAt: 'asc' }] }).$.subscribe((docs) => {
    const all = docs.map((d) => d.toMutableJSON());
    const last = all.at(-1);
    const sessionId = last && last.kind !== 'close' ? last.sessionId : null;
    useSessionStore.setState({ loaded: true, sessionId, events: all.filter((e) => e.sessionId === sessionId) });
    if (sessionId === followed) return;
    followed = sessionId;
    salesSub?.unsubscribe();
    salesSub = null;
    useSessionStore.setState({ sales: [] });
    if (sessionId) {
      salesSub = db.sales.find({ selector: { sessionId }, sort: [{ seq: 'asc' }] }).$.subscribe((sales) => {
        useSessionStore.setState({ sales: sales.map((s) => s._data as Sale) });
      });
    }
  });
  return () => {
    eventsSub.unsubscribe();
    salesSub?.unsubscribe();
  };
}
