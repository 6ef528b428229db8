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
import { type ApiAnswer, type ApiRequest, requestHeaders, runApi } from './admin-target.ts';
import { CliError } from './output.ts';

export const API_USAGE = `  api <GET|POST|PUT|PATCH|DELETE> <path> [--data JSON|@file.json] [--file F.csv|F.json] [--header 'Name: value']…
                                            any admin API route (docs/admin.md) as the operator, e.g.
                                            api GET '/api/admin/products?q=apple', api PATCH /api/admin/sites/STORE1
                                            --data '{"name":"Main Street"}', api POST /api/admin/products/import --file p.csv,
                                            api POST /api/orders --header 'Idempotency-Key: abc' --data @order.json`;

const METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']);
const FILE_TYPES: Record<string, string> = { '.csv': 'text/csv', '.json': 'application/json' };

// RFC 9110 field names: a token. Values: visible characters, spaces and tabs (no line breaks).
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const HEADER_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;

/** Headers the command sets itself, refused with the reason rather than silently replaced. */
const OWN_HEADERS: Record<string, string> = {
  authorization: 'the command signs every request as the operator with its own token in Authorization',
  cookie: 'the command signs every request as the operator with its own token in Authorization, not a session cookie',
  'content-type': 'the command sets Content-Type from --data (application/json) or --file (.csv, .json)',
  'content-length': 'the command sets Content-Length from the body',
  'transfer-encoding': 'the command sends the body itself',
  host: 'the command sends to the server on this data directory',
  connection: 'the command manages the connection itself',
};

/** `--header 'Name: value'` options as headers, each checked; names keep the case they were typed in. */
export function parseHeaders(options: readonly string[]): Record<string, string> {
  const headers: Record<string, string> = {};
  const seen = new Set<string>();
  for (const option of options) {
    const colon = option.indexOf(':');
    const name = colon < 0 ? '' : option.slice(0, colon).trim();
    if (!HEADER_NAME.test(name)) throw new CliError('bad_option', `--header must be 'Name: value', e.g. --header 'Idempotency-Key: abc' (got ${JSON.stringify(option)})`);
    const value = option.slice(colon + 1).trim();
    if (!HEADER_VALUE.test(value)) throw new CliError('bad_option', `--header ${name}: the value must be one line of text: no line breaks, control characters or characters beyond Latin-1`);
    const key = name.toLowerCase();
    const own = OWN_HEADERS[key];
    if (own) throw new CliError('bad_option', `--header ${name} cannot be set: ${own}`);
    if (seen.has(key)) throw new CliError('bad_option', `--header ${name} is given twice: give it once`);
    seen.add(key);
    headers[name] = value;
  }
  return headers;
}

function readText(file: string, option: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    throw new CliError('bad_option', `--${option}: cannot read ${file}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`);
  }
}

/** The request the command line describes, checked before anything is sent. */
export function apiRequest(method: string | undefined, path: string | undefined, data: string | undefined, file: string | undefined, header: readonly string[] = []): ApiRequest {
  const verb = (method ?? '').toUpperCase();
  if (!METHODS.has(verb)) throw new CliError('bad_option', `api needs a method (GET, POST, PUT, PATCH or DELETE) and a path, e.g. aisle api GET /api/admin/sites`);
  if (!path?.startsWith('/api/')) throw new CliError('bad_option', `the path must start with /api/ (got ${path ?? 'nothing'})`);
  if (data !== undefined && file !== undefined) throw new CliError('bad_option', 'give the body with --data or with --file, not both');
  const headers = parseHeaders(header);
  const extra = Object.keys(headers).length ? { headers } : {};
  if (file !== undefined) {
    const type = FILE_TYPES[extname(file).toLowerCase()];
    if (!type) throw new CliError('bad_option', `--file must be a .csv or .json file (got ${file})`);
    return { method: verb, path, body: readText(file, 'file'), contentType: type, ...extra };
  }
  if (data === undefined) return { method: verb, path, ...extra };
  const text = data.startsWith('@') ? readText(data.slice(1), 'data') : data;
  try {
    JSON.parse(text);
  } catch (err) {
    throw new CliError('bad_option', `--data is not JSON: ${(err as Error).message}`);
  }
  return { method: verb, path, body: text, contentType: 'application/json', ...extra };
}

/**
 * No server running: the same routes in this process, one request injected, nothing started in the
 * background — but an order posted on a channel that invoices on order is invoiced before the app
 * closes (its kick), as a server would.
 */
async function injected(db: Parameters<typeof buildServer>[0]['db'], req: ApiRequest): Promise<ApiAnswer> {
  const operatorToken = newToken();
  const app = await buildServer({ db, operatorToken, pickupExpiry: false, waitingSweep: false, orderInvoices: { intervalMs: false }, webhooks: false, taxRates: false });
  try {
    const res = await app.inject({
      method: req.method as 'GET',
      url: req.path,
      headers: requestHeaders(req, operatorToken),
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
