// HTTP access for the reports app: same-origin JSON calls that carry the HttpOnly session
// cookie. A 401 means the session is gone (expired or logged out elsewhere): the auth store
// listens for it and shows the login form again.

export class ReportsApiError extends Error {
  readonly code: string;
  readonly status: number;
  constructor(status: number, code: string, message: string) {
    super(message);
    this.name = 'ReportsApiError';
    this.status = status;
    this.code = code;
  }
}

type UnauthorizedListener = (message: string) => void;
let onUnauthorized: UnauthorizedListener | null = null;

/** The auth store registers itself here so that any 401 ends the session in the UI. */
export function setUnauthorizedListener(fn: UnauthorizedListener | null): void {
  onUnauthorized = fn;
}

/** `headers`: more request headers, such as the Idempotency-Key of a call that must not act twice. */
export async function api<T>(path: string, init: { method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'; body?: unknown; headers?: Record<string, string> } = {}): Promise<T> {
  const res = await fetch(path, {
    method: init.method ?? 'GET',
    credentials: 'same-origin',
    headers: { ...init.headers, ...(init.body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const text = await res.text();
  const body: unknown = text && (res.headers.get('content-type') ?? '').includes('json') ? JSON.parse(text) : text;
  if (!res.ok) throw apiFailure(path, res.status, body);
  return body as T;
}

/** The error of a refused call (`{error, message}` from the server); a 401 also ends the session in the UI. */
export function apiFailure(path: string, status: number, body: unknown): ReportsApiError {
  const err = typeof body === 'object' && body !== null ? (body as { error?: string; message?: string }) : {};
  if (status === 401 && !path.startsWith('/api/auth/login')) onUnauthorized?.('Your session has expired. Please log in again.');
  return new ReportsApiError(status, err.error ?? 'http_error', err.message ?? `request failed (${status})`);
}

/** Query string of the shared filters (empty values dropped). */
export function query(params: Record<string, string | number | undefined | null>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}
