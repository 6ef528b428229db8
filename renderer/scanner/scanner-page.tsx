// Scanner station (warehouse mode) at /scanner: pairing as a `scanner` device, picker PIN login
// (the till's screens), then the work list and the picking screen (and the count, package move and
// Request stock screens opened from the list), sync status always visible.
import { DEFAULT_DEVICE_NAMES } from '../../shared/text/display-names.ts';
import { useDeviceRuntime } from '../app/use-device-runtime.ts';
import { LoginScreen, type LoginAudience } from '../login/login-screen.tsx';
import { useLoginStore } from '../login/login-store.ts';
import { PairingScreen } from '../pairing/pairing-screen.tsx';
import { usePairingStore } from '../pairing/pairing-store.ts';
import { SyncStatusBar } from '../sync/sync-status-bar.tsx';
import { CountScreen } from './count-screen.tsx';
import { useCountStore } from './count-store.ts';
import { PackageMoveScreen } from './package-move-screen.tsx';
import { usePackageMoveStore } from './package-move-store.ts';
import { PickingScreen } from './picking-screen.tsx';
import { startScanner } from './scanner-boot.ts';
import { useScannerStore } from './scanner-store.ts';
import { StockRequestScreen } from './stock-request-screen.tsx';
import { useStockRequestStore } from './stock-request-store.ts';
import { WorkList } from './work-list.tsx';
import './scanner.css';

const pickers: LoginAudience = {
  roles: new Set(['picker', 'supervisor', 'manager', 'admin']),
  title: 'Picker login',
  role: 'picker',
  waiting: 'Pickers arrive with the first sync from the server. Keep the station connected a moment.',
  withUsername: false,
};

function ScannerHeader() {
  const user = useLoginStore((s) => s.cashier);
  const logout = useLoginStore((s) => s.logout);
  return (
    <header className="till-header">
      <strong>Aisle scanner</strong>
      <SyncStatusBar />
      {user && (
        <span className="row">
          <span aria-label="Picker">{user.displayName}</span>
          <button type="button" onClick={logout}>
            Log out
          </button>
        </span>
      )}
    </header>
  );
}

function ScannerScreens() {
  const user = useLoginStore((s) => s.cashier);
  const openId = useScannerStore((s) => s.openId);
  const counting = useCountStore((s) => s.active);
  const moving = usePackageMoveStore((s) => s.active);
  const requesting = useStockRequestStore((s) => s.active);
  if (!user) return <LoginScreen audience={pickers} />;
  if (requesting) return <StockRequestScreen />;
  if (counting) return <CountScreen />;
  if (moving) return <PackageMoveScreen />;
  return openId ? <PickingScreen /> : <WorkList />;
}

export function ScannerPage() {
  const credentials = usePairingStore((s) => s.credentials);
  const restoring = usePairingStore((s) => s.restoring);
  const unpair = usePairingStore((s) => s.unpair);
  const isScanner = credentials?.role === 'scanner';
  const { ready, error } = useDeviceRuntime(isScanner ? credentials : null, startScanner);

  if (!credentials && restoring) return <p role="status">Opening the scanner station…</p>;
  if (!credentials) return <PairingScreen device="scanner station" defaultName={DEFAULT_DEVICE_NAMES.scanner} />;
  if (!isScanner) {
    return (
      <main className="centered">
        <h1>Not a scanner station</h1>
        <p role="alert">This device is paired as a {credentials.role}. Open /till, or pair it again with a scanner code.</p>
        <button type="button" className="primary big" onClick={unpair}>
          Pair as a scanner station
        </button>
      </main>
    );
  }
  if (error) return <p role="alert">The scanner station could not start: {error}</p>;
  if (!ready) return <p role="status">Opening the scanner station…</p>;
  return (
    <div className="till scanner">
      <ScannerHeader />
      <ScannerScreens />
    </div>
  );
}
