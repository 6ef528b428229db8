// Compile-time contract for the reports API types still declared twice. The report responses
// themselves are declared once (shared/reports/report-types.ts) and used by both the server's
// query modules and the reports UI; what remains is the shapes the reports routes pass through
// from other server modules, which keep their own declarations: the ledger's trial balance and
// journal entries (sync-server/ledger/ledger-queries.ts) and the signed-in user
// (sync-server/users/users.ts) against the user the UI reads (renderer/reports/auth-store.ts).
// `npm run typecheck` fails here if either side changes a field the other relies on.
import type { JournalEntry, TrialBalance } from '../../shared/reports/report-types.ts';
import type { ReportsUser } from '../../renderer/reports/auth-store.ts';
import type { JournalEntryView, TrialBalance as LedgerTrialBalance } from '../../sync-server/ledger/ledger-queries.ts';
import type { SessionUser } from '../../sync-server/users/users.ts';

type Assert<T extends true> = T;
type Fits<Server, Ui> = [Server] extends [Ui] ? true : false;

export type ReportContract = [
  Assert<Fits<LedgerTrialBalance, TrialBalance>>,
  Assert<Fits<JournalEntryView, JournalEntry>>,
  Assert<Fits<SessionUser, ReportsUser>>,
];
