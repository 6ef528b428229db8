// Admin API: who is logged in, the audit log, and the paired devices (sites: sites.ts; users: users.ts).
import { Type, type Static } from 'typebox';

export const Me = Type.Object({ name: Type.String(), role: Type.Union([Type.Literal('admin'), Type.Literal('manager')]), canWrite: Type.Boolean() });
export type Me = Static<typeof Me>;

export const AuditQuery = Type.Object(
  {
    entity: Type.Optional(Type.String({ maxLength: 64 })),
    entityId: Type.Optional(Type.String({ maxLength: 128 })),
    /** Words the entry's summary or its author contain (accents and case ignored). */
    q: Type.Optional(Type.String({ maxLength: 100 })),
    before: Type.Optional(Type.Integer({ minimum: 1 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
  },
  { additionalProperties: false },
);
export type AuditQuery = Static<typeof AuditQuery>;

export const AuditEntry = Type.Object({
  id: Type.Integer(),
  at: Type.String(),
  actor: Type.String(),
  actorRole: Type.String(),
  action: Type.String(),
  entity: Type.String(),
  entityId: Type.Union([Type.String(), Type.Null()]),
  summary: Type.String(),
  before: Type.Unknown(),
  after: Type.Unknown(),
});
export type AuditEntry = Static<typeof AuditEntry>;
export const AuditPage = Type.Object({ entries: Type.Array(AuditEntry) });
export type AuditPage = Static<typeof AuditPage>;

export const DeviceSummary = Type.Object({
  id: Type.String(),
  name: Type.String(),
  role: Type.Union([Type.Literal('till'), Type.Literal('scanner')]),
  siteCode: Type.String(),
  siteName: Type.String(),
  pairedAt: Type.String(),
  /** Its last contact: a sync request, a status report, a stream heartbeat or an event received. */
  lastSeenAt: Type.Union([Type.String(), Type.Null()]),
  /** Its last successful pull or push. */
  lastSyncAt: Type.Union([Type.String(), Type.Null()]),
  /** Its events not yet acknowledged by the server, as the device last reported them (POST /api/sync/status); null: never reported. */
  unsentCount: Type.Union([Type.Integer(), Type.Null()]),
  unsentReportedAt: Type.Union([Type.String(), Type.Null()]),
  revokedAt: Type.Union([Type.String(), Type.Null()]),
});
export type DeviceSummary = Static<typeof DeviceSummary>;
export const DeviceList = Type.Object({ devices: Type.Array(DeviceSummary) });
export type DeviceList = Static<typeof DeviceList>;

/** A device's name, shown in lists and reports instead of its id. */
export const DeviceRename = Type.Object(
  { name: Type.String({ minLength: 1, maxLength: 100, pattern: '\\S', description: 'a name, not only spaces' }) },
  { additionalProperties: false },
);
export type DeviceRename = Static<typeof DeviceRename>;
