// `npm run dist` offline: the Electron download's network error becomes the fix (mirror,
// electronDist), any other failure stays as it is.
import { describe, expect, it } from 'vitest';
import { electronDistFromEnv, explainDistFailure, networkErrorCode } from '../../build/dist-errors.ts';

/** What got (inside @electron/get) throws when github.com does not resolve. */
class RequestError extends Error {
  readonly code = 'ENOTFOUND';
  constructor(message: string, cause: Error) {
    super(message, { cause });
    this.name = 'RequestError';
  }
}

const ctx = { electronVersion: '45.4.1', platform: 'linux', arch: 'x64' };

describe('npm run dist without network', () => {
  it('explains a failed Electron download with ELECTRON_MIRROR and electronDist instead of a stack trace', () => {
    const dns = Object.assign(new Error('getaddrinfo ENOTFOUND github.com'), { code: 'ENOTFOUND', syscall: 'getaddrinfo' });
    const text = explainDistFailure(new RequestError('getaddrinfo ENOTFOUND github.com', dns), ctx) ?? '';
    expect(text).toContain('could not download the Electron runtime (getaddrinfo ENOTFOUND github.com)');
    expect(text).toContain('ELECTRON_MIRROR=');
    expect(text).toContain('ELECTRON_DIST=');
    expect(text).toContain('electronDist');
    expect(text).toContain('electron-v45.4.1-linux-x64.zip');
    expect(text).not.toMatch(/\n\s+at /);
  });

  it('finds the network code in a wrapped cause or a message, and leaves other failures alone', () => {
    expect(networkErrorCode(new Error('download failed', { cause: Object.assign(new Error('x'), { code: 'EAI_AGAIN' }) }))).toBe('EAI_AGAIN');
    expect(networkErrorCode(new Error('connect ECONNREFUSED 10.0.0.1:443'))).toBe('ECONNREFUSED');
    expect(explainDistFailure(new Error('native modules missing for win32: usb'), ctx)).toBeNull();
    expect(explainDistFailure('boom', ctx)).toBeNull();
  });

  it('takes electronDist from ELECTRON_DIST, else ELECTRON_OVERRIDE_DIST_PATH', () => {
    expect(electronDistFromEnv({ ELECTRON_DIST: '/opt/electron-zips' })).toBe('/opt/electron-zips');
    expect(electronDistFromEnv({ ELECTRON_OVERRIDE_DIST_PATH: '/opt/electron' })).toBe('/opt/electron');
    expect(electronDistFromEnv({})).toBeUndefined();
  });
});
