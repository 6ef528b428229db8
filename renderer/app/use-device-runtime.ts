// Starting a paired device's runtime (local database, replication, wedge listener) from a React
// page, shared by the till and the scanner station: start when credentials arrive, stop on unmount
// or when they change, and never leave a runtime running for a page that is gone.
import { useEffect, useState } from 'react';
import type { DeviceCredentials } from '../pairing/device-credentials.ts';

export type StartRuntime = (credentials: DeviceCredentials) => Promise<() => Promise<void>>;

export function useDeviceRuntime(credentials: DeviceCredentials | null, start: StartRuntime): { ready: boolean; error: string | null } {
  const [ready, setReady] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (!credentials) return;
    let stop: (() => Promise<void>) | null = null;
    let cancelled = false;
    start(credentials).then(
      (s) => {
        if (cancelled) void s();
        else {
          stop = s;
          setReady(true);
        }
      },
      (err: unknown) => setError(err instanceof Error ? err.message : String(err)),
    );
    return () => {
      cancelled = true;
      setReady(false);
      void stop?.();
    };
  }, [credentials, start]);
  return { ready, error };
}
