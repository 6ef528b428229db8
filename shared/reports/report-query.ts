// The query string every /api/reports route takes, declared once: Fastify validates with it (a
// refusal reads "Query: DeadDays must be at most 3650.") and the server's filter parsing takes its
// type from it. What a schema cannot say — a date that exists, from ≤ to, a range of at most three
// years, a site that exists — the server checks after (sync-server/reports/filters.ts).
import { Type, type Static } from 'typebox';

/** Empty means "the default" (the last seven store days). */
const Day = Type.String({ pattern: '^([0-9]{4}-[0-9]{2}-[0-9]{2})?$', description: 'a date such as 2026-03-01' });
/** A site id or code, a channel, an account… — or "all" / empty for no filter. */
const Short = Type.String({ maxLength: 64, description: 'a short text or "all"' });

export const ReportQuery = Type.Object(
  {
    from: Type.Optional(Day),
    to: Type.Optional(Day),
    site: Type.Optional(Short),
    channel: Type.Optional(Short),
    /** Sales: products unsold for this many days are "dead stock". */
    deadDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 3650 })),
    /** Journal paging: entries per page, and entries with an id below `before`. */
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
    before: Type.Optional(Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER })),
    account: Type.Optional(Short),
    eventId: Type.Optional(Type.String({ maxLength: 128 })),
    /** Stock of a product: a name, SKU or barcode to find it, and the product chosen. */
    q: Type.Optional(Type.String({ maxLength: 100 })),
    product: Type.Optional(Short),
    /** Exceptions of one kind. */
    kind: Type.Optional(Short),
  },
  { additionalProperties: false },
);
export type ReportQuery = Static<typeof ReportQuery>;
