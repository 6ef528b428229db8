// `aisle api <METHOD> <path>`: any route of the admin API (docs/admin.md "The admin API") from the
// command line, as the operator — the back office's every setting and list, not only the handful
// of commands with their own names. Like every CLI command it goes through the server that holds
// the data directory when one runs (its operator token, from the lock file) and otherwise runs the
// same routes in this process on the database (an in-process server answering one injected request,
// with its background work off), so the answer, the checks and the audit entry (`operator (CLI)`)
// are the server's own either way.
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { buildServer } from '../http/server.ts';
import { newToken } from '../security/secrets.ts';
import { type ApiAnswer, type ApiRequest, runApi } from './admin-target.ts';
import { CliError } from './output.ts';

export const API_USAGE = `  api <GET|POST|PUT|PATCH|DELETE> <path> [--data JSON|@file.json] [--file F.csv|F.json]
                                            any admin API route (docs/admin.md) as the operator, e.g.
                                            api GET '/api/admin/products?q=apple', api PATCH /api/admin/sites/STORE1
                                            --data '{"name":"Main Street"}', api POST /api/admin/products/import --file p.csv`;

const METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']);
const FILE_TYPES: Record<string, string> = { '.csv': 'text/csv', '.json': 'application/json' };

function readText(file: string, option: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    throw new CliError('bad_option', `--${option}: cannot read ${file}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`);
  }
}

/** The request the command line describes, checked before anything is sent. */
export function apiRequest(method: string | undefined, path: string | undefined, data: string | undefined, file: string | undefined): ApiRequest {
  const verb = (method ?? '').toUpperCase();
  if (!METHODS.has(verb)) throw new CliError('bad_option', `api needs a method (GET, POST, PUT, PATCH or DELETE) and a path, e.g. aisle api GET /api/admin/sites`);
  if (!path?.startsWith('/api/')) throw new CliError('bad_option', `the path must start with /api/ (got ${path ?? 'nothing'})`);
  if (data !== undefined && file !== undefined) throw new CliError('bad_option', 'give the body with --data or with --file, not both');
  if (file !== undefined) {
    const type = FILE_TYPES[extname(file).toLowerCase()];
    if (!type) throw new CliError('bad_option', `--file must be a .csv or .json file (got ${file})`);
    return { method: verb, path, body: readText(file, 'file'), contentType: type };
  }
  if (data === undefined) return { method: verb, path };
  const text = data.startsWith('@') ? readText(data.slice(1), 'data') : data;
  try {
    JSON.parse(text);
  } catch (err) {
    throw new CliError('bad_option', `--data is not JSON: ${(err as Error).message}`);
  }
  return { method: verb, path, body: text, contentType: 'application/json' };
}

/**
 * No server running: the same routes in this process, one request injected, nothing started in the
 * background — but an order posted on a channel that invoices on order is invoiced before the app
 * closes (its kick), as a server would.
 */
async function injected(db: Parameters<typeof buildServer>[0]['db'], req: ApiRequest): Promise<ApiAnswer> {
  const operatorToken = newToken();
  const app = await buildServer({ db, operatorToken, pickupExpiry: false, waitingSweep: false, orderInvoices: { intervalMs: false }, webhooks: false });
  try {
    const res = await app.inject({
      method: req.method as 'GET',
      url: req.path,
      headers: { authorization: `Bearer ${operatorToken}`, ...(req.contentType ? { 'content-type': req.contentType } : {}) },
      ...(req.body === undefined ? {} : { payload: req.body }),
    });
    const type = res.headers['content-type'];
    return { status: res.statusCode, contentType: typeof type === 'string' ? type : '', text: res.body };
  } finally {
    await app.close();
  }
}

/** The last line of a streamed answer (the CSV import's progress lines end with its result). */
function lastNdjsonLine(text: string): unknown {
  const last = text.trim().split('\n').at(-1) ?? '';
  try {
    return JSON.parse(last);
  } catch {
    // Not a JSON line (a stream cut short): the caller prints the whole answer as text instead.
    return text;
  }
}

/**
 * Runs the request and returns what to print: the answer's JSON (with --json as it is, else
 * indented), a streamed answer's lines (with --json its last, the result), CSV as it came. A 4xx/5xx
 * answer becomes the CLI's error, and so does a result that says `"ok": false` (exit 1 either way).
 */
export async function apiCommand(req: ApiRequest): Promise<{ value: unknown; text: string; ok: boolean }> {
  const answer = await runApi(req, (db) => injected(db, req));
  if (answer.status < 400 && answer.contentType.includes('ndjson')) {
    const value = lastNdjsonLine(answer.text);
    const ok = !(typeof value === 'object' && value !== null && 'ok' in value && value.ok === false);
    return { value, text: answer.text.replace(/\n$/, ''), ok };
  }
  let value: unknown = answer.text;
  if (answer.contentType.includes('json') && answer.text) {
    try {
      value = JSON.parse(answer.text);
    } catch {
      // A JSON content type with a body that is not JSON: nothing is lost, the text is printed as
      // it came (and a 4xx/5xx still fails the command below).
    }
  }
  if (answer.status >= 400) {
    const e = (typeof value === 'object' && value !== null ? value : {}) as { error?: string; message?: string };
    throw new CliError(e.error ?? `http_${answer.status}`, e.message ?? `the server answered ${answer.status}${answer.text ? `: ${answer.text.slice(0, 200)}` : ''}`);
  }
  return { value, text: typeof value === 'string' ? value.replace(/\n$/, '') : JSON.stringify(value, null, 2), ok: true };
}
