// Cashier login (choose user, type PIN) and the lock screen (same cashier's PIN, or switch).
import { useState, type FormEvent } from 'react';
import type { KnownUser } from '../config/config-snapshot.ts';
import { useConfigStore } from '../config/config-store.ts';
import { NumberPad } from '../till/number-pad.tsx';
import { useLoginStore } from './login-store.ts';

const tillRoles: ReadonlySet<string> = new Set(['cashier', 'supervisor', 'manager', 'admin']);

const roleNames: Record<KnownUser['role'], string> = { cashier: 'Cashier', supervisor: 'Supervisor', picker: 'Picker', manager: 'Manager', admin: 'Admin' };

/** Who logs in on this device: the till's cashiers (listed with their username) or the station's pickers (by name). */
export interface LoginAudience {
  roles: ReadonlySet<string>;
  title: string;
  /** The list's label, and the role shown by name alone (others get their role after the name). */
  role: KnownUser['role'];
  /** Where the user list comes from, in the words of the device's people. */
  waiting: string;
  /** Show the username after the name (tills, where cashiers know their login). */
  withUsername: boolean;
}

const tillAudience: LoginAudience = {
  roles: tillRoles,
  title: 'Cashier login',
  role: 'cashier',
  waiting: 'Cashiers arrive with the first sync from the server. Keep the till connected a moment.',
  withUsername: true,
};

function optionText(u: KnownUser, audience: LoginAudience): string {
  if (audience.withUsername) return `${u.displayName} (${u.username})`;
  return u.role === audience.role ? u.displayName : `${u.displayName} — ${roleNames[u.role]}`;
}

/** `audience` lets the scanner station reuse this screen for pickers. */
export function LoginScreen({ audience = tillAudience }: { audience?: LoginAudience } = {}) {
  const { roles, title } = audience;
  const label = roleNames[audience.role];
  const allUsers = useConfigStore((s) => s.config.users);
  const users = allUsers.filter((u) => u.active && u.pinHash && roles.has(u.role));
  const loaded = allUsers.length > 0;
  const login = useLoginStore((s) => s.login);
  const error = useLoginStore((s) => s.error);
  const [userId, setUserId] = useState('');
  const [pin, setPin] = useState('');
  const chosen = userId || users[0]?.id || '';
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void login(users.find((u) => u.id === chosen), pin).then(() => setPin(''));
  };
  if (!loaded) {
    return (
      <main className="centered">
        <h1>Waiting for users</h1>
        <p role="status">{audience.waiting}</p>
      </main>
    );
  }
  return (
    <main className="centered">
      <h1>{title}</h1>
      <form onSubmit={submit} className="stack" aria-label="Login">
        <label htmlFor="login-cashier">{label}</label>
        <select id="login-cashier" value={chosen} onChange={(e) => setUserId(e.target.value)}>
            {users.map((u) => (
              <option key={u.id} value={u.id}>
                {optionText(u, audience)}
              </option>
            ))}
        </select>
        <label>
          PIN
          <input type="password" inputMode="numeric" value={pin} onChange={(e) => setPin(e.target.value)} autoFocus autoComplete="off" />
        </label>
        <NumberPad value={pin} onChange={setPin} label="Keypad" />
        <button type="submit" className="primary">
          Log in
        </button>
        {error && <p role="alert">{error}</p>}
      </form>
    </main>
  );
}

export function LockScreen() {
  const cashier = useLoginStore((s) => s.cashier);
  const unlock = useLoginStore((s) => s.unlock);
  const logout = useLoginStore((s) => s.logout);
  const error = useLoginStore((s) => s.error);
  const [pin, setPin] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void unlock(pin).then(() => setPin(''));
  };
  return (
    <main className="centered">
      <h1>Till locked</h1>
      <p>{cashier?.displayName} is logged in.</p>
      <form onSubmit={submit} className="stack" aria-label="Unlock">
        <label>
          PIN
          <input type="password" inputMode="numeric" value={pin} onChange={(e) => setPin(e.target.value)} autoFocus autoComplete="off" />
        </label>
        <NumberPad value={pin} onChange={setPin} label="Keypad" />
        <button type="submit" className="primary">
          Unlock
        </button>
        <button type="button" onClick={logout}>
          Switch cashier
        </button>
        {error && <p role="alert">{error}</p>}
      </form>
    </main>
  );
}
