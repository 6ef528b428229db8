// Client-made identifiers. Every event a device makes (sale, session event, picking event,
// count) gets a UUIDv7: unique without coordination, so it is the idempotency key, and
// time-ordered, so ids sort roughly by creation and index well.
import { v7 } from 'uuid';

const UUID_V7_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** A new UUIDv7 (lowercase, 36 chars), monotonic within this process. */
export function newEventId(): string {
  return v7();
}

/** True for a lowercase UUIDv7 such as `newEventId()` makes. */
export function isEventId(value: string): boolean {
  return UUID_V7_PATTERN.test(value);
}
