// Who is logged in to the reports (manager or admin), with login, logout and the expiry of a
// session noticed on any 401. The session itself is the server's HttpOnly cookie.
import { create } from 'zustand';
import { api, ReportsApiError, setUnauthorizedListener } from './reports-api.ts';

export interface ReportsUser {
  userId: string;
  username: string;
  role: 'manager' | 'admin' | 'cashier' | 'supervisor' | 'picker';
}

interface AuthState {
  status: 'checking' | 'anonymous' | 'authenticated';
  user: ReportsUser | null;
  message: string | null;
  check(): Promise<void>;
  login(username: string, password: string): Promise<void>;
  logout(): Promise<void>;
  expire(message: string): void;
}

export const useAuthStore = create<AuthState>()((set) => ({
  status: 'checking',
  user: null,
  message: null,
  async check() {
    try {
      const user = await api<ReportsUser>('/api/reports/me');
      set({ status: 'authenticated', user, message: null });
    } catch (err) {
      if (!(err instanceof ReportsApiError)) throw err;
      set({ status: 'anonymous', user: null, message: err.status === 403 ? err.message : null });
    }
  },
  async login(username, password) {
    set({ message: null });
    try {
      await api('/api/auth/login', { method: 'POST', body: { username, password } });
      const user = await api<ReportsUser>('/api/reports/me');
      set({ status: 'authenticated', user, message: null });
    } catch (err) {
      if (!(err instanceof ReportsApiError)) throw err;
      const wrong = err.status === 401 && err.code !== 'account_disabled';
      set({ status: 'anonymous', user: null, message: wrong ? 'Wrong username or password, or not a manager or admin account.' : err.message });
    }
  },
  async logout() {
    await api('/api/auth/logout', { method: 'POST' });
    set({ status: 'anonymous', user: null, message: 'You are logged out.' });
  },
  expire(message) {
    set({ status: 'anonymous', user: null, message });
  },
}));

setUnauthorizedListener((message) => useAuthStore.getState().expire(message));
