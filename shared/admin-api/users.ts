// Admin API: the people who use Aisle — managers and admins on the web (password), cashiers,
// supervisors and pickers on tills and scanner stations (PIN, checked offline on the device
// against the hash the server sends to the sites where they work). Declared once for the server's
// validation and the back office's types; adding a user is in operations.ts (the CLI runs it too).
import { Type, type Static } from 'typebox';
import { SiteCodeList, UserRole } from './operations.ts';

export const UserSite = Type.Object({ code: Type.String(), name: Type.String(), kind: Type.Union([Type.Literal('store'), Type.Literal('warehouse')]) });
export type UserSite = Static<typeof UserSite>;

export const UserSummary = Type.Object({
  id: Type.String(),
  username: Type.String(),
  displayName: Type.String(),
  role: UserRole,
  active: Type.Boolean(),
  hasPin: Type.Boolean(),
  /** Where a cashier, supervisor or picker works (their PIN reaches those sites' devices); empty for managers and admins, who are not tied to a site. */
  sites: Type.Array(UserSite),
  /** Last web login (managers and admins); null when never or unknown (device users log in offline). */
  lastLoginAt: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
});
export type UserSummary = Static<typeof UserSummary>;
export const UserList = Type.Object({ users: Type.Array(UserSummary) });
export type UserList = Static<typeof UserList>;

/** Any of these; `active: false` disables (web sessions end at once, devices refuse the PIN on their next sync). */
export const UserPatch = Type.Object(
  {
    displayName: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    role: Type.Optional(UserRole),
    sites: Type.Optional(SiteCodeList),
    active: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UserPatch = Static<typeof UserPatch>;

/** A new PIN (4-8 digits; supervisors 6-8), or null to remove it. */
export const SetPin = Type.Object(
  { pin: Type.Union([Type.String({ pattern: '^[0-9]{4,8}$', description: '4 to 8 digits' }), Type.Null()]) },
  { additionalProperties: false },
);
export type SetPin = Static<typeof SetPin>;
