// Compile-time contract for the one reports API shape still declared twice: the signed-in user
// as the server returns it (sync-server/users/users.ts) against the user the reports UI reads
// (renderer/reports/auth-store.ts). Every report response is declared once, in
// shared/reports/report-types.ts. `npm run typecheck` fails here if either side changes a field
// the other relies on.
import type { ReportsUser } from '../../renderer/reports/auth-store.ts';
import type { SessionUser } from '../../sync-server/users/users.ts';

type Assert<T extends true> = T;
type Fits<Server, Ui> = [Server] extends [Ui] ? true : false;

export type ReportContract = [Assert<Fits<SessionUser, ReportsUser>>];
