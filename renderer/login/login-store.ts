// Who is at the till: cashier login by PIN (verified offline against synced hashes), lock screen
// and cashier switch. Supervisor approvals reuse the same offline check.
import { create } from 'zustand';
import type { KnownUser } from '../config/config-snapshot.ts';
import { verifyPin } from './pin-verify.ts';

export class LoginError extends Error {
  constructor(
    readonly code: 'unknown-user' | 'no-pin' | 'wrong-pin' | 'not-supervisor' | 'insecure-context',
    message: string,
  ) {
    super(message);
    this.name = 'LoginError';
  }
}

const supervisorRoles: ReadonlySet<KnownUser['role']> = new Set(['supervisor', 'manager', 'admin']);

/** PINs are checked with WebCrypto, which a page on plain http from another machine does not get. */
function requireSecureContext(): void {
  if (typeof crypto === 'undefined' || !crypto.subtle) throw new LoginError('insecure-context', INSECURE_CONTEXT_MESSAGE);
}

export const INSECURE_CONTEXT_MESSAGE =
  'This page was opened over plain http from another machine: the browser withholds what a till needs (its local database, PIN checks, offline start). Open it over https (the server started with --tls) or on the server machine itself.';

export async function checkUserPin(user: KnownUser | undefined, pin: string): Promise<KnownUser> {
  requireSecureContext();
  if (!user || !user.active) throw new LoginError('unknown-user', 'Unknown or inactive user');
  if (!user.pinHash) throw new LoginError('no-pin', `${user.displayName} has no PIN on this till yet`);
  if (!(await verifyPin(pin, user.pinHash))) throw new LoginError('wrong-pin', 'Wrong PIN');
  return user;
}

/** The first supervisor (or manager/admin) whose PIN matches; throws LoginError otherwise. */
export async function approveWithSupervisorPin(users: readonly KnownUser[], pin: string): Promise<KnownUser> {
  requireSecureContext();
  for (const user of users) {
    if (!supervisorRoles.has(user.role) || !user.active || !user.pinHash) continue;
    if (await verifyPin(pin, user.pinHash)) return user;
  }
  throw new LoginError('not-supervisor', 'No supervisor has this PIN');
}

interface LoginState {
  cashier: KnownUser | null;
  locked: boolean;
  error: string | null;
  login(user: KnownUser | undefined, pin: string): Promise<boolean>;
  unlock(pin: string): Promise<boolean>;
  lock(): void;
  logout(): void;
}

export const useLoginStore = create<LoginState>((set, get) => ({
  cashier: null,
  locked: false,
  error: null,
  async login(user, pin) {
    try {
      const cashier = await checkUserPin(user, pin);
      set({ cashier, locked: false, error: null });
      return true;
    } catch (error) {
      if (!(error instanceof LoginError)) throw error;
      set({ error: error.message });
      return false;
    }
  },
  async unlock(pin) {
    return get().login(get().cashier ?? undefined, pin);
  },
  lock() {
    set({ locked: true, error: null });
  },
  logout() {
    set({ cashier: null, locked: false, error: null });
  },
}));
