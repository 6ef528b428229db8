// Admin API: who is logged in, the audit log, and the paired devices (sites: sites.ts).
import { Type, type Static } from 'typebox';

export const Me = Type.Object({ name: Type.String(), role: Type.Union([Type.Literal('admin'), Type.Literal('manager')]), canWrite: Type.Boolean() });
export type Me = Static<typeof Me>;

export const AuditQuery = Type.Object(
  {
    entity: Type.Optional(Type.String({ maxLength: 64 })),
    entityId: Type.Optional(Type.String({ maxLength: 128 })),
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
  lastSeenAt: Type.Union([Type.String(), Type.Null()]),
  revokedAt: Type.Union([Type.String(), Type.Null()]),
});
export type DeviceSummary = Static<typeof DeviceSummary>;
export const DeviceList = Type.Object({ devices: Type.Array(DeviceSummary) });
export type DeviceList = Static<typeof DeviceList>;
