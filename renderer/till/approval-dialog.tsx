// Supervisor approval: a PIN prompt verified offline; the approving user's id is recorded on the sale.
import { useState, type FormEvent } from 'react';
import { useConfigStore } from '../config/config-store.ts';
import { approveWithSupervisorPin, LoginError } from '../login/login-store.ts';
import { useTillUiStore } from './till-ui-store.ts';

export function ApprovalDialog() {
  const approval = useTillUiStore((s) => s.approval);
  const finish = useTillUiStore((s) => s.finishApproval);
  const users = useConfigStore((s) => s.config.users);
  const [pin, setPin] = useState('');
  const [error, setError] = useState<string | null>(null);
  if (!approval) return null;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    approveWithSupervisorPin(users, pin).then(
      (user) => {
        setPin('');
        setError(null);
        finish(user);
      },
      (err: unknown) => {
        if (!(err instanceof LoginError)) throw err;
        setError(err.message);
        setPin('');
      },
    );
  };
  return (
    <div className="modal-backdrop">
      <form role="dialog" aria-modal="true" aria-label="Supervisor approval" className="modal stack" onSubmit={submit}>
        <h2>Supervisor approval</h2>
        <p>{approval.reason}</p>
        <label>
          Supervisor PIN
          <input type="password" inputMode="numeric" autoFocus value={pin} onChange={(e) => setPin(e.target.value)} autoComplete="off" />
        </label>
        <div className="row">
          <button type="submit" className="primary">
            Approve
          </button>
          <button type="button" onClick={() => finish(null)}>
            Cancel
          </button>
        </div>
        {error && <p role="alert">{error}</p>}
      </form>
    </div>
  );
}
