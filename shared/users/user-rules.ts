// Rules about users that the server enforces and the back office checks before sending: what a
// username and a PIN look like, and which kinds of site each role works at — tills (in stores)
// serve cashiers and supervisors; scanner stations serve pickers, in warehouses and in stores that
// ship channel orders from their shelves; managers and admins are not tied to a site.
import type { UserRole } from '../admin-api/operations.ts';

export type SiteKind = 'store' | 'warehouse';

export const USERNAME_PATTERN = /^[a-z0-9._-]{1,64}$/;

/** Supervisors approve overrides with their PIN: theirs is longer (docs/till.md, PIN threat model). */
export function pinProblem(role: UserRole, pin: string): string | null {
  const min = role === 'supervisor' ? 6 : 4;
  return new RegExp(`^[0-9]{${min},8}$`).test(pin) ? null : `A ${role}'s PIN must be ${min} to 8 digits.`;
}

const SERVED: Record<UserRole, readonly SiteKind[]> = { cashier: ['store'], supervisor: ['store'], picker: ['warehouse', 'store'], manager: [], admin: [] };

/** The kinds of site whose devices a role logs in on (empty: managers and admins, who are not tied to a site). */
export function servedSiteKinds(role: UserRole): readonly SiteKind[] {
  return SERVED[role];
}

/** Where a user of that role works when no site is named: every store for till roles, every warehouse for pickers. */
export function defaultSiteKind(role: UserRole): SiteKind | null {
  return SERVED[role][0] ?? null;
}
