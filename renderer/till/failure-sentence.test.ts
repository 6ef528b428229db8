import { afterEach, describe, expect, it, vi } from 'vitest';
import { ServerApiError } from '../db/server-api.ts';
import { failureSentence } from './failure-sentence.ts';
import { TillNotStartedError } from './till-runtime.ts';

describe('failureSentence', () => {
  const log = vi.spyOn(console, 'error').mockImplementation(() => undefined);
  afterEach(() => log.mockClear());

  it('names a full storage, even wrapped, and never shows the exception text', () => {
    const quota = new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    const wrapped = Object.assign(new Error('DexieError: QuotaExceededError bulkPut failed'), { inner: quota });
    const text = failureSentence('The session could not be opened', new Error('write failed', { cause: wrapped }));
    expect(text).toBe("The session could not be opened: this till's storage is full. Try again; if it keeps failing, call a manager.");
    expect(log).toHaveBeenCalledOnce();
  });

  it('says the server cannot be reached when offline, and what the server said when it refused', () => {
    expect(failureSentence('Not found', new ServerApiError('offline', 'fetch failed'))).toBe('Not found: the till cannot reach the server just now. Try again; if it keeps failing, call a manager.');
    expect(failureSentence('Not refunded', new ServerApiError('bad-request', 'HTTP 409', 409, 'conflict', 'The order was already refunded'))).toBe(
      'Not refunded: The order was already refunded. Try again; if it keeps failing, call a manager.',
    );
    expect(failureSentence('Not parked', new TillNotStartedError())).toBe('Not parked: the till has not finished starting. Try again; if it keeps failing, call a manager.');
  });

  it('gives an unknown error a plain sentence and logs the raw error', () => {
    const raw = new RangeError('Invalid array length at x.y (chunk-3f2a.js:1:2)');
    const text = failureSentence('The session could not be closed', raw);
    expect(text).toBe('The session could not be closed. Try again; if it keeps failing, call a manager.');
    expect(text).not.toContain('Invalid array length');
    expect(log).toHaveBeenCalledWith('The session could not be closed:', raw);
    expect(failureSentence('Not saved', 'a thrown string')).toBe('Not saved. Try again; if it keeps failing, call a manager.');
  });
});
