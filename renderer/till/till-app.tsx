// The till application: pairing on first start, then the local database, login, session and
// selling screens, with the sync status always visible.
import { useDeviceRuntime } from '../app/use-device-runtime.ts';
import { useLoginStore } from '../login/login-store.ts';
import { LockScreen, LoginScreen } from '../login/login-screen.tsx';
import { PairingScreen } from '../pairing/pairing-screen.tsx';
import { usePairingStore } from '../pairing/pairing-store.ts';
import { SyncStatusBar } from '../sync/sync-status-bar.tsx';
import { ApprovalDialog } from './approval-dialog.tsx';
import { HardwareBanner } from './hardware-banner.tsx';
import { PaidScreen, PayScreen } from './pay-screen.tsx';
import { OrderReturnScreen } from './order-return-screen.tsx';
import { PickupScreen } from './pickup-screen.tsx';
import { usePayStore } from './pay-store.ts';
import { ReprintScreen } from './reprint-screen.tsx';
import { RestoredSaleBanner } from './restored-sale-banner.tsx';
import { ReturnScreen } from './return-screen.tsx';
import { SellScreen } from './sell-screen.tsx';
import { CashMoveScreen, CloseSessionScreen, OpenSessionScreen, XReportScreen, ZReportScreen } from './session-screens.tsx';
import { useSessionStore } from './session-store.ts';
import { useFlaggedDescriber } from './flagged-names.ts';
import { AisleScreen } from './aisle-screen.tsx';
import { StockRequestScreen } from './stock-request-screen.tsx';
import { StoreClock } from './store-clock.tsx';
import { startTill } from './till-boot.ts';
import { useTillUiStore } from './till-ui-store.ts';

function TillScreens() {
  const cashier = useLoginStore((s) => s.cashier);
  const locked = useLoginStore((s) => s.locked);
  const sessionLoaded = useSessionStore((s) => s.loaded);
  const sessionId = useSessionStore((s) => s.sessionId);
  const lastClosed = useSessionStore((s) => s.lastClosed);
  const paid = usePayStore((s) => s.paid);
  const mode = useTillUiStore((s) => s.mode);
  if (!cashier) return <LoginScreen />;
  if (locked) return <LockScreen />;
  if (lastClosed) return <ZReportScreen />;
  if (!sessionLoaded) return <p role="status">Loading session…</p>;
  if (!sessionId) return <OpenSessionScreen />;
  if (paid) return <PaidScreen />;
  switch (mode) {
    case 'pay':
      return <PayScreen />;
    case 'return':
      return <ReturnScreen />;
    case 'reprint':
      return <ReprintScreen />;
    case 'pickups':
      return <PickupScreen />;
    case 'aisle':
      return <AisleScreen />;
    case 'order-return':
      return <OrderReturnScreen />;
    case 'request-stock':
      return <StockRequestScreen />;
    case 'cash':
      return <CashMoveScreen />;
    case 'close':
      return <CloseSessionScreen />;
    case 'xreport':
      return <XReportScreen />;
    case 'sell':
      return <SellScreen />;
  }
}

function RestoredSaleNotice() {
  const cashier = useLoginStore((s) => s.cashier);
  const locked = useLoginStore((s) => s.locked);
  return cashier && !locked ? <RestoredSaleBanner /> : null;
}

function TillHeader() {
  const cashier = useLoginStore((s) => s.cashier);
  const locked = useLoginStore((s) => s.locked);
  const lock = useLoginStore((s) => s.lock);
  const logout = useLoginStore((s) => s.logout);
  const describe = useFlaggedDescriber();
  return (
    <header className="till-header">
      <strong>Aisle till</strong>
      <StoreClock />
      <SyncStatusBar describe={describe} />
      {cashier && (
        <span className="row">
          <span aria-label="Cashier">{cashier.displayName}</span>
          {/* Locked, the lock screen itself offers Unlock and Switch cashier. */}
          {!locked && (
            <>
              <button type="button" onClick={lock} aria-keyshortcuts="F9" aria-label="Lock">
                Lock <kbd aria-hidden="true">F9</kbd>
              </button>
              <button type="button" onClick={logout}>
                Switch cashier
              </button>
            </>
          )}
        </span>
      )}
    </header>
  );
}

export function TillApp() {
  const locked = useLoginStore((s) => s.locked);
  const credentials = usePairingStore((s) => s.credentials);
  const restoring = usePairingStore((s) => s.restoring);
  const { ready, error } = useDeviceRuntime(credentials, startTill);

  if (!credentials && restoring) return <p role="status">Opening the till…</p>;
  if (!credentials) return <PairingScreen />;
  if (error) return <p role="alert">The till could not start: {error}</p>;
  if (!ready) return <p role="status">Opening the till…</p>;
  return (
    <div className="till">
      <TillHeader />
      <HardwareBanner />
      <RestoredSaleNotice />
      <TillScreens />
      {!locked && <ApprovalDialog />}
    </div>
  );
}
