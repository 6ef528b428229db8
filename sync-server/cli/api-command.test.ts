// The command line's request, checked before anything is sent or any database is opened (the
// process-level tests in tests/sync/cli-api.test.ts cover what the routes answer).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { requestHeaders } from './admin-target.ts';
import { apiRequest } from './api-command.ts';

const dir = mkdtempSync(join(tmpdir(), 'aisle-api-request-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('apiRequest', () => {
  it('takes any case of the method, a JSON body inline or from a file, and a CSV or JSON file as it is', () => {
    expect(apiRequest('get', '/api/admin/sites', undefined, undefined)).toEqual({ method: 'GET', path: '/api/admin/sites' });
    expect(apiRequest('PATCH', '/api/admin/sites/S1', '{"name":"x"}', undefined)).toEqual({ method: 'PATCH', path: '/api/admin/sites/S1', body: '{"name":"x"}', contentType: 'application/json' });
    const body = join(dir, 'body.json');
    writeFileSync(body, '{"name":"from a file"}');
    expect(apiRequest('POST', '/api/admin/sites', `@${body}`, undefined)).toMatchObject({ body: '{"name":"from a file"}', contentType: 'application/json' });
    const csv = join(dir, 'p.CSV');
    writeFileSync(csv, 'sku,name\nA,Apple\n');
    expect(apiRequest('POST', '/api/admin/products/import', undefined, csv)).toMatchObject({ body: 'sku,name\nA,Apple\n', contentType: 'text/csv' });
  });

  it('refuses with a sentence what cannot be sent', () => {
    const refusal = (...args: Parameters<typeof apiRequest>): string => {
      try {
        apiRequest(...args);
      } catch (err) {
        return (err as Error).message;
      }
      return 'accepted';
    };
    expect(refusal('FETCH', '/api/admin/sites', undefined, undefined)).toMatch(/api needs a method/);
    expect(refusal(undefined, undefined, undefined, undefined)).toMatch(/api needs a method/);
    expect(refusal('GET', 'admin/sites', undefined, undefined)).toMatch(/must start with \/api\/ \(got admin\/sites\)/);
    expect(refusal('POST', '/api/admin/sites', '{name: x}', undefined)).toMatch(/--data is not JSON/);
    expect(refusal('POST', '/api/admin/sites', '{}', join(dir, 'p.CSV'))).toMatch(/not both/);
    expect(refusal('POST', '/api/admin/products/import', undefined, join(dir, 'p.txt'))).toMatch(/must be a \.csv or \.json file/);
    expect(refusal('POST', '/api/admin/sites', `@${join(dir, 'missing.json')}`, undefined)).toMatch(/cannot read .*missing\.json: no such file/);
  });

  it('sends --header options as they are typed, under the operator token and the body type it sets', () => {
    const req = apiRequest('POST', '/api/orders', '{}', undefined, ['Idempotency-Key: abc-1', 'X-Trace:  t 1 ']);
    expect(req).toEqual({ method: 'POST', path: '/api/orders', body: '{}', contentType: 'application/json', headers: { 'Idempotency-Key': 'abc-1', 'X-Trace': 't 1' } });
    expect(requestHeaders(req, 'tok')).toEqual({ 'Idempotency-Key': 'abc-1', 'X-Trace': 't 1', authorization: 'Bearer tok', 'content-type': 'application/json' });
    // A value may hold a colon; an empty value is a value.
    expect(apiRequest('GET', '/api/admin/sites', undefined, undefined, ['X-At: 10:20', 'X-Empty:']).headers).toEqual({ 'X-At': '10:20', 'X-Empty': '' });
    expect(apiRequest('GET', '/api/admin/sites', undefined, undefined, [])).toEqual({ method: 'GET', path: '/api/admin/sites' });
  });

  it('refuses a malformed --header, or one the command sets itself, saying which, before anything is sent', () => {
    const refusal = (header: string[], data?: string): string => {
      try {
        apiRequest('POST', '/api/orders', data, undefined, header);
      } catch (err) {
        return (err as Error).message;
      }
      return 'accepted';
    };
    expect(refusal(['Idempotency-Key abc'])).toMatch(/--header must be 'Name: value', e\.g\. --header 'Idempotency-Key: abc' \(got "Idempotency-Key abc"\)/);
    expect(refusal([': abc'])).toMatch(/--header must be 'Name: value'/);
    expect(refusal(['Bad Name: x'])).toMatch(/--header must be 'Name: value'/);
    expect(refusal(['X-Note: one\r\nX-Injected: two'])).toMatch(/--header X-Note: the value must be one line/);
    expect(refusal(['authorization: Bearer someone-else'])).toMatch(/--header authorization cannot be set: the command signs every request as the operator with its own token in Authorization/);
    expect(refusal(['Cookie: aisle_session=x'])).toMatch(/--header Cookie cannot be set: .*not a session cookie/);
    expect(refusal(['Content-Type: text/plain'], '{}')).toMatch(/--header Content-Type cannot be set: the command sets Content-Type from --data/);
    expect(refusal(['Idempotency-Key: a', 'idempotency-key: b'])).toMatch(/--header idempotency-key is given twice/);
  });
});
