// What a paired device tells the server about itself besides its events (POST /api/sync/status,
// PROTOCOL.md): how many of its events still wait for the server's acknowledgement. The back
// office lists it per device (docs/admin.md, Devices). Declared once for the server's validation
// and the till's and scanner station's request.
import { type Static, Type } from 'typebox';

export const DeviceStatusReport = Type.Object(
  {
    /** Events stored on the device (sales, session events; scanner: picking events, counts, package moves) without an acknowledgement yet. */
    unsent: Type.Integer({ minimum: 0, maximum: 100_000_000 }),
  },
  { additionalProperties: false },
);
export type DeviceStatusReport = Static<typeof DeviceStatusReport>;
