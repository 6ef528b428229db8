// Ledger, exceptions and dead-letter routes for managers and admins (issue 5 routes moved onto the
// admin API's schema pattern, issue 13 point 4): the journal, exception and invoice queries, the
// chart of accounts, resolving an exception and replaying a dead letter. Declared once: Fastify
// validates with these (a refusal reads "Status must be one of open, resolved, all."), the handlers
// take their types from them.
import { Type, type Static } from 'typebox';

const Limit = Type.Integer({ minimum: 1, description: 'at most 1000 are returned' });
const Before = Type.Integer({ description: 'entries with an id below this (paging back from the newest)' });
const IsoDate = Type.String({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}([T ][0-9:.]+(Z|[+-][0-9]{2}:?[0-9]{2})?)?$', description: 'an ISO-8601 date such as 2026-03-01 or 2026-03-01T08:00:00Z' });
const Text = Type.String({ minLength: 1, maxLength: 128 });

export const JournalQuery = Type.Object(
  { from: Type.Optional(IsoDate), to: Type.Optional(IsoDate), account: Type.Optional(Text), eventId: Type.Optional(Text), siteId: Type.Optional(Text), before: Type.Optional(Before), limit: Type.Optional(Limit) },
  { additionalProperties: false },
);
export type JournalQuery = Static<typeof JournalQuery>;

export const ExceptionStatus = Type.Union([Type.Literal('open'), Type.Literal('resolved'), Type.Literal('all')]);
export const ExceptionsQuery = Type.Object(
  { status: Type.Optional(ExceptionStatus), code: Type.Optional(Text), siteId: Type.Optional(Text), before: Type.Optional(Before), limit: Type.Optional(Limit) },
  { additionalProperties: false },
);
export type ExceptionsQuery = Static<typeof ExceptionsQuery>;

export const InvoicesQuery = Type.Object({ saleId: Type.Optional(Text), number: Type.Optional(Text) }, { additionalProperties: false });
export type InvoicesQuery = Static<typeof InvoicesQuery>;

export const AccountType = Type.Union([Type.Literal('asset'), Type.Literal('liability'), Type.Literal('equity'), Type.Literal('revenue'), Type.Literal('expense')]);
const AccountCode = Type.String({ pattern: '^[0-9A-Za-z._-]{1,20}$', description: '1-20 characters of letters, digits, . _ -' });
const AccountName = Type.String({ minLength: 1, maxLength: 200 });

export const AccountCreate = Type.Object({ code: AccountCode, name: AccountName, type: AccountType }, { additionalProperties: false });
export type AccountCreate = Static<typeof AccountCreate>;
export const AccountPatch = Type.Object({ name: Type.Optional(AccountName), active: Type.Optional(Type.Boolean()) }, { additionalProperties: false });
export type AccountPatch = Static<typeof AccountPatch>;
export const AccountCodeParams = Type.Object({ code: Type.String({ minLength: 1, maxLength: 20 }) });
export const AccountRoleParams = Type.Object({ role: Type.String({ minLength: 1, maxLength: 64 }) });
export const AccountRoleBody = Type.Object({ accountCode: Type.String({ minLength: 1, maxLength: 20 }) }, { additionalProperties: false });
export type AccountRoleBody = Static<typeof AccountRoleBody>;

/** Exceptions and dead letters are numbered by the server. */
export const NumericIdParams = Type.Object({ id: Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER }) });
export const ResolveBody = Type.Object({ note: Type.String({ minLength: 1, maxLength: 2000 }) }, { additionalProperties: false });
export type ResolveBody = Static<typeof ResolveBody>;
