// HTTP calls to the sync server (PROTOCOL.md routes). Every failure is a ServerApiError with a code
// telling offline (no answer) from a refusal (HTTP status), so callers can retry or show it.
export type ServerApiErrorCode = 'offline' | 'unauthorized' | 'forbidden' | 'not-found' | 'bad-request' | 'server-error' | 'bad-response';

export class ServerApiError extends Error {
  constructor(
    readonly code: ServerApiErrorCode,
    message: string,
    readonly status?: number,
    /** The server's own error code (`{"error": "…"}` in a refusal's body), e.g. `invalid_code`. */
    readonly reason?: string,
    /** The server's explanation (`{"message": "…"}` in a refusal's body), written for the person at the device. */
    readonly serverMessage?: string,
  ) {
    super(message);
    this.name = 'ServerApiError';
  }
}

function codeForStatus(status: number): ServerApiErrorCode {
  if (status === 401) return 'unauthorized';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not-found';
  if (status >= 400 && status < 500) return 'bad-request';
  return 'server-error';
}

/** The `error` field of a JSON refusal body, when there is one. */
function errorField(body: string, field: 'error' | 'message' = 'error'): string | undefined {
  try {
    const parsed: unknown = JSON.parse(body);
    return typeof parsed === 'object' && parsed !== null && field in parsed && typeof (parsed as Record<string, unknown>)[field] === 'string' ? (parsed as Record<string, string>)[field] : undefined;
  } catch (error) {
    if (error instanceof SyntaxError) return undefined; // not JSON (a proxy's page): no server code to read
    throw error;
  }
}

export function joinUrl(base: string, path: string): string {
  return `${base.replace(/\/+$/, '')}${path}`;
}

/** fetch + JSON with a timeout; `token` becomes the Bearer authorization. */
export async function requestJson<T>(
  url: string,
  init: { method?: 'GET' | 'POST'; body?: unknown; token?: string; timeoutMs?: number } = {},
): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  let response: Response;
  try {
    response = await fetch(url, {
      method: init.method ?? 'GET',
      headers,
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
      signal: AbortSignal.timeout(init.timeoutMs ?? 15_000),
    });
  } catch (cause) {
    throw new ServerApiError('offline', `no answer from ${url}: ${String(cause)}`);
  }
  if (!response.ok) {
    const text = await response.text().catch((e: unknown) => `(body unreadable: ${String(e)})`);
    throw new ServerApiError(codeForStatus(response.status), `${response.status} from ${url}: ${text.slice(0, 300)}`, response.status, errorField(text), errorField(text, 'message'));
  }
  // 204: an acknowledgement without a body (e.g. POST /api/sync/status).
  if (response.status === 204) return undefined as T;
  try {
    return (await response.json()) as T;
  } catch (cause) {
    throw new ServerApiError('bad-response', `invalid JSON from ${url}: ${String(cause)}`, response.status);
  }
}

export interface PairResponse {
  deviceId: string;
  token: string;
  role: 'till' | 'scanner';
  siteId: string;
  /** The name the server gave the device (numbered when the site already has one of that name). */
  name: string;
}

export function pairDevice(serverUrl: string, code: string, name: string): Promise<PairResponse> {
  return requestJson<PairResponse>(joinUrl(serverUrl, '/api/devices/pair'), { method: 'POST', body: { code, name } });
}
