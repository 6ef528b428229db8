// Admin operations the CLI runs too (PROTOCOL.md "Admin CLI"): pairing codes, users and passwords, device
// revocation, demo seed, reconcile. Declared once: Fastify validates with these schemas, the
// server and the CLI take their types from them, and the CLI prints the same response whether it
// ran the operation itself or through the running server.
import { Type, type Static } from 'typebox';

export const DeviceRole = Type.Union([Type.Literal('till'), Type.Literal('scanner')]);
export type DeviceRole = Static<typeof DeviceRole>;

export const UserRole = Type.Union([Type.Literal('cashier'), Type.Literal('supervisor'), Type.Literal('picker'), Type.Literal('manager'), Type.Literal('admin')]);
export type UserRole = Static<typeof UserRole>;

export const CreatePairingCode = Type.Object(
  { role: DeviceRole, site: Type.String({ minLength: 1, maxLength: 64, description: 'site code, e.g. STORE1' }) },
  { additionalProperties: false },
);
export type CreatePairingCode = Static<typeof CreatePairingCode>;
/** `fingerprint`: SHA-256 of the server's TLS certificate when it serves https (devices pin it at pairing). */
export const PairingCode = Type.Object({
  code: Type.String(),
  expiresAt: Type.String(),
  fingerprint: Type.Optional(Type.String()),
  /** The site's IANA zone: the CLI and `npm start` print the expiry in store time with it. */
  timeZone: Type.Optional(Type.String()),
});
export type PairingCode = Static<typeof PairingCode>;

/** Where a user works, by site code. */
export const SiteCodeList = Type.Array(Type.String({ pattern: '^[A-Z0-9_-]{1,32}$', description: 'a site code such as STORE1' }), { maxItems: 200, uniqueItems: true });

export const AddUser = Type.Object(
  {
    username: Type.String({ minLength: 1, maxLength: 64 }),
    password: Type.String({ minLength: 4, maxLength: 200 }),
    role: UserRole,
    pin: Type.Optional(Type.String({ pattern: '^[0-9]{4,8}$' })),
    displayName: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    /** Site codes where a cashier, supervisor or picker works; default: every site of the kind their role serves. */
    sites: Type.Optional(SiteCodeList),
  },
  { additionalProperties: false },
);
export type AddUser = Static<typeof AddUser>;
export const AddedUser = Type.Object({ id: Type.String(), username: Type.String(), role: UserRole });
export type AddedUser = Static<typeof AddedUser>;

export const UsernameParams = Type.Object({ username: Type.String({ minLength: 1, maxLength: 64 }) });
export const SetPassword = Type.Object({ password: Type.String({ minLength: 4, maxLength: 200 }) }, { additionalProperties: false });
export type SetPassword = Static<typeof SetPassword>;
export const PasswordSet = Type.Object({ username: Type.String(), role: UserRole });
export type PasswordSet = Static<typeof PasswordSet>;

export const DeviceIdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });
export const RevokedDevice = Type.Object({ revoked: Type.String() });
export type RevokedDevice = Static<typeof RevokedDevice>;

export const SeedDemo = Type.Object({ products: Type.Optional(Type.Integer({ minimum: 1, maximum: 999_999 })) }, { additionalProperties: false });
export type SeedDemo = Static<typeof SeedDemo>;
export const SeedResult = Type.Object({
  sites: Type.Array(Type.Object({ code: Type.String(), kind: Type.Union([Type.Literal('store'), Type.Literal('warehouse')]) })),
  products: Type.Integer(),
  users: Type.Array(Type.Object({ username: Type.String(), role: Type.String() })),
});
export type SeedResult = Static<typeof SeedResult>;

export const MigrateResult = Type.Object({ applied: Type.Array(Type.String()) });
export type MigrateResult = Static<typeof MigrateResult>;

const Drift = Type.Array(Type.Unknown());
export const ReconcileReport = Type.Object({
  ok: Type.Boolean(),
  checked: Type.Object({ quants: Type.Integer(), accounts: Type.Integer(), sessionTenders: Type.Integer(), journalEntries: Type.Integer() }),
  drift: Type.Object({
    quants: Drift,
    accounts: Drift,
    sessions: Drift,
    reservations: Drift,
    unbalancedEntries: Drift,
    orphanMoves: Drift,
    orphanLines: Drift,
  }),
});
