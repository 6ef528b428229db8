// The admin CLI (`npm run aisle -- <command>`, PROTOCOL.md "Admin CLI"). Every command accepts
// --json and exits non-zero with a clear message on failure. Commands run through the server
// that holds the data directory when one runs, on the database otherwise (admin-target.ts).
import { parseArgs } from 'node:util';
import type { MigrateResult, PairingCode, SeedResult } from '../../shared/admin-api/operations.ts';
import { createPairingCodeOp, migrateOp, reconcileOp, seedOp } from '../admin/operations.ts';
import type { ReconcileReport } from '../ledger/reconcile.ts';
import { dbConfigFromEnv } from '../db/open-db.ts';
import { pairingExpiryText } from '../devices/pairing.ts';
import { certificateFingerprint } from '../security/tls.ts';
import { runAdmin, serverCertificate } from './admin-target.ts';
import { CliError, fail, print } from './output.ts';
import { serve, tlsWanted } from './serve.ts';
import { isClusterWorker, startCluster } from './cluster.ts';
import { serveHost } from './network-exposure.ts';
import { deviceCommand, type PeopleOptions, USER_USAGE, userCommand } from './user-commands.ts';
import { API_USAGE, apiCommand, apiRequest } from './api-command.ts';

const USAGE = `usage: aisle <command> [--json]
  migrate                                   apply database migrations
  serve [--port N] [--host H] [--workers N] [--tls]
                                            run the sync server on 127.0.0.1, or on H (HOST; 0.0.0.0: every
                                            address, refused while admin/admin or manager/manager remain);
                                            --workers: N processes, PostgreSQL only;
                                            --tls: https, self-signed unless AISLE_TLS_CERT/AISLE_TLS_KEY
  seed [--demo] [--products N]              demo data into an empty database
  pair --role till|scanner --site <code>    one-time pairing code
${USER_USAGE}
  reconcile                                 rebuild stock and ledger balances from the logs; exit 1 on drift
${API_USAGE}`;

const { values, positionals } = parseArgs({
  allowPositionals: true,
  strict: true,
  options: {
    json: { type: 'boolean', default: false },
    port: { type: 'string' },
    host: { type: 'string' },
    workers: { type: 'string' },
    tls: { type: 'boolean', default: false },
    demo: { type: 'boolean', default: false },
    products: { type: 'string' },
    role: { type: 'string' },
    site: { type: 'string' },
    username: { type: 'string' },
    password: { type: 'string' },
    pin: { type: 'string' },
    id: { type: 'string' },
    name: { type: 'string' },
    sites: { type: 'string' },
    data: { type: 'string' },
    file: { type: 'string' },
    header: { type: 'string', multiple: true },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
const json = values.json;

function required(name: string, value: string | undefined): string {
  if (value === undefined || value === '') throw new CliError('missing_option', `--${name} is required\n${USAGE}`);
  return value;
}

function intOption(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!/^[0-9]+$/.test(value)) throw new CliError('bad_option', `--${name} must be a whole number`);
  return Number(value);
}

const people: PeopleOptions = {
  json,
  usage: USAGE,
  required: (name) => required(name, values[name as keyof typeof values] as string | undefined),
  optional: (name) => values[name as keyof typeof values] as string | undefined,
};

async function main(): Promise<void> {
  const [command, sub] = positionals;
  if (values.help || !command) {
    print(json, { usage: USAGE }, USAGE);
    if (!command && !values.help) process.exitCode = 1;
    return;
  }
  switch (command) {
    case 'migrate': {
      const { applied } = await runAdmin<MigrateResult>({ method: 'POST', path: '/api/admin/migrate', body: {}, direct: (db) => migrateOp(db) });
      print(json, { applied }, applied.length ? `applied: ${applied.join(', ')}` : 'database is up to date');
      return;
    }
    case 'serve': {
      const workers = intOption('workers', values.workers, 1);
      if (workers > 1 && !isClusterWorker()) {
        const port = intOption('port', values.port, Number(process.env.PORT || 8787));
        const cluster = await startCluster(workers, port, serveHost(values.host), (line) => process.stderr.write(line + '\n'));
        print(json, { url: cluster.url, workers }, `${cluster.url} (${workers} workers)`);
        return;
      }
      const server = await serve({ port: intOption('port', values.port, Number(process.env.PORT || 8787)), host: serveHost(values.host), ...(values.tls ? { tls: true } : {}) });
      if (json) print(true, { url: server.url, ...(server.fingerprint ? { fingerprint: server.fingerprint } : {}) }, server.url);
      return;
    }
    case 'seed': {
      const products = intOption('products', values.products, 2000);
      const result = await runAdmin<SeedResult>({ method: 'POST', path: '/api/admin/seed', body: { products }, direct: (db, actor) => seedOp(db, actor, { products }) });
      print(json, result, `seeded ${result.sites.map((s) => s.code).join(', ')}, ${result.products} products, users ${result.users.map((u) => u.username).join(', ')}`);
      return;
    }
    case 'pair': {
      const role = required('role', values.role);
      if (role !== 'till' && role !== 'scanner') throw new CliError('bad_option', '--role must be till or scanner');
      const site = required('site', values.site);
      const result = await runAdmin<PairingCode>({
        method: 'POST',
        path: '/api/admin/pairing-codes',
        body: { role, site },
        migrateFirst: true,
        direct: async (db, actor) => {
          // No server running: the certificate a later `serve --tls` presents is already in the data directory.
          const cert = tlsWanted() ? serverCertificate(dbConfigFromEnv().dataDir ?? './data') : null;
          const code = await createPairingCodeOp(db, actor, { role, site });
          return cert ? { ...code, fingerprint: certificateFingerprint(cert) } : code;
        },
      });
      // The JSON stays {code, expiresAt[, fingerprint]} (PROTOCOL.md); the zone only serves the sentence.
      const { timeZone, ...answer } = result;
      print(json, answer, `pairing code ${result.code}, expires ${pairingExpiryText(result.expiresAt, timeZone)}${result.fingerprint ? `\nserver certificate SHA-256 ${result.fingerprint}` : ''}`);
      return;
    }
    case 'user':
      return userCommand(sub, people);
    case 'device':
      return deviceCommand(sub, people);
    case 'reconcile': {
      const report = await runAdmin<ReconcileReport>({ method: 'GET', path: '/api/admin/reconcile', direct: (db) => reconcileOp(db) });
      const d = report.drift;
      const summary = report.ok
        ? `no drift: ${report.checked.quants} quants, ${report.checked.accounts} account balances, ${report.checked.sessionTenders} session tenders, ${report.checked.journalEntries} journal entries checked`
        : `DRIFT: ${d.quants.length} quant(s), ${d.accounts.length} account(s), ${d.sessions.length} session tender(s), ${d.reservations.length} reservation(s), ${d.sessionOwnership.length} session ownership breach(es), ${d.storedValue.length} stored-value difference(s), ${d.unbalancedEntries.length} unbalanced entr(ies), ${d.orphanMoves.length} move(s) and ${d.orphanLines.length} journal line(s) pointing nowhere\n${JSON.stringify(d, null, 2)}`;
      print(json, report, summary);
      if (!report.ok) process.exitCode = 1;
      return;
    }
    case 'api': {
      const { value, text, ok } = await apiCommand(apiRequest(sub, positionals[2], values.data, values.file, values.header));
      print(json, value, text);
      if (!ok) process.exitCode = 1;
      return;
    }
    default:
      throw new CliError('unknown_command', `unknown command ${command}\n${USAGE}`);
  }
}

main().catch((err: unknown) => fail(json, err));
