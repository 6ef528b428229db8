// What the users page checks before sending (the server checks again; its refusal is shown as is):
// a new user's fields, a PIN for the role, sites that fit the role. Pure, so tested alone.
import type { UserRole } from '../../shared/admin-api/operations.ts';
import { ROLE_LABELS } from '../../shared/admin-api/choice-labels.ts';
import type { Site } from '../../shared/admin-api/sites.ts';
import { defaultSiteKind, pinProblem, servedSiteKinds, USERNAME_PATTERN } from '../../shared/users/user-rules.ts';

export const ROLES = Object.keys(ROLE_LABELS) as UserRole[];

export interface UserDraft {
  username: string;
  displayName: string;
  role: UserRole;
  password: string;
  pin: string;
  sites: string[];
}

/** The sites a role can be given (null: managers and admins, who work everywhere). */
export function sitesForRole(role: UserRole, sites: readonly Site[]): Site[] | null {
  const kinds = servedSiteKinds(role);
  return kinds.length === 0 ? null : sites.filter((s) => kinds.includes(s.kind));
}

/** What a new user of that role gets ticked: every site of the role's usual kind (stores for till roles, warehouses for pickers). */
export function defaultSitesFor(role: UserRole, sites: readonly Site[]): string[] {
  const kind = defaultSiteKind(role);
  return sites.filter((s) => s.kind === kind).map((s) => s.code);
}

export function sitesProblem(role: UserRole, chosen: readonly string[]): string | null {
  const kinds = servedSiteKinds(role);
  if (kinds.length === 0 || chosen.length > 0) return null;
  return `Tick at least one ${kinds.length === 1 ? kinds[0] : 'site'}: a ${role} logs in on the devices of the sites ticked.`;
}

export function newUserProblems(d: UserDraft): string[] {
  const out: string[] = [];
  if (!USERNAME_PATTERN.test(d.username)) out.push('Username: 1 to 64 small letters, digits, . _ or - (for example jane.doe).');
  if (d.password.length < 4) out.push('Password: at least 4 characters.');
  if (d.pin) {
    const pin = pinProblem(d.role, d.pin);
    if (pin) out.push(pin);
  }
  const sites = sitesProblem(d.role, d.sites);
  if (sites) out.push(sites);
  return out;
}
