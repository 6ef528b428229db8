// A small hook for back-office screens: run a server call, keep the server's refusal message
// (the admin API answers `{error, message}` written for people) to show beside the form.
import { useCallback, useState } from 'react';
import { ReportsApiError } from '../reports/reports-api.ts';

export function useAdminCall(): { busy: boolean; error: string | null; setError(message: string | null): void; run<T>(fn: () => Promise<T>): Promise<T | undefined> } {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = useCallback(async <T,>(fn: () => Promise<T>): Promise<T | undefined> => {
    setBusy(true);
    setError(null);
    try {
      return await fn();
    } catch (err) {
      if (!(err instanceof ReportsApiError)) throw err;
      setError(err.message);
      return undefined;
    } finally {
      setBusy(false);
    }
  }, []);
  return { busy, error, setError, run };
}
