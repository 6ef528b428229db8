// Who may stay logged in on a device: a cashier or picker whom an admin disables, removes from this
// site or whose PIN is removed is logged out as soon as the change arrives in the synced config (the
// sale in progress stays for the next cashier); any other change to them (name, new PIN) replaces the
// logged-in copy, so the lock screen checks the PIN the server sent last.
import type { KnownUser } from '../config/config-snapshot.ts';
import { useConfigStore } from '../config/config-store.ts';
import { useLoginStore } from './login-store.ts';

export type LoginVerdict = { keep: true; user: KnownUser } | { keep: false; reason: string };

/** Pure: what becomes of the logged-in user given the users this device now knows. */
export function loginVerdict(current: KnownUser, users: readonly KnownUser[]): LoginVerdict {
  const user = users.find((u) => u.id === current.id);
  if (!user || !user.pinHash) return { keep: false, reason: `${current.displayName} can no longer log in on this device (an admin changed their sites or PIN). Log in again.` };
  if (!user.active) return { keep: false, reason: `${current.displayName} was disabled by an admin and was logged out.` };
  return { keep: true, user };
}

/** Follows the config store while the device runs; returns the unsubscribe. */
export function guardLogin(): () => void {
  const check = (): void => {
    const { cashier } = useLoginStore.getState();
    const { config, loaded } = useConfigStore.getState();
    // Before the first config read the user list is empty: that says nothing about anyone.
    if (!cashier || !loaded || config.users.length === 0) return;
    const verdict = loginVerdict(cashier, config.users);
    if (!verdict.keep) useLoginStore.setState({ cashier: null, locked: false, error: verdict.reason });
    else if (JSON.stringify(verdict.user) !== JSON.stringify(cashier)) useLoginStore.setState({ cashier: verdict.user });
  };
  check();
  const stops = [useConfigStore.subscribe(check), useLoginStore.subscribe((s, before) => (s.cashier !== before.cashier ? check() : undefined))];
  return () => {
    for (const stop of stops) stop();
  };
}
