// Manager/admin login for the reports (username + password; the server sets the session cookie).
import { useState } from 'react';
import { useAuthStore } from './auth-store.ts';

export function LoginForm({ title = 'Aisle reports' }: { title?: string }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const { login, message } = useAuthStore();
  return (
    <main className="centered reports-login">
      <h1>{title}</h1>
      <form
        className="stack"
        aria-label="Log in"
        onSubmit={(e) => {
          e.preventDefault();
          setBusy(true);
          void login(username.trim(), password).finally(() => setBusy(false));
        }}
      >
        <label>
          Username
          <input autoComplete="username" value={username} onChange={(e) => setUsername(e.target.value)} />
        </label>
        <label>
          Password
          <input type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} />
        </label>
        {message && <p role="alert">{message}</p>}
        <button type="submit" className="primary" disabled={busy || !username || !password}>Log in</button>
      </form>
    </main>
  );
}
