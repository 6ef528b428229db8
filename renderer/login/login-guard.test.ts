import { describe, expect, it } from 'vitest';
import type { KnownUser } from '../config/config-snapshot.ts';
import { loginVerdict } from './login-guard.ts';

const alice: KnownUser = { id: 'u1', username: 'alice', displayName: 'Alice', role: 'cashier', active: true, pinHash: 'pbkdf2$1000$a$b' };

describe('who stays logged in on a device', () => {
  it('keeps a user who is still active with a PIN here, taking their latest entry', () => {
    const renamed = { ...alice, displayName: 'Alice B.', pinHash: 'pbkdf2$1000$c$d' };
    expect(loginVerdict(alice, [renamed])).toEqual({ keep: true, user: renamed });
  });

  it('logs out a user an admin disabled, saying so', () => {
    const verdict = loginVerdict(alice, [{ ...alice, active: false }]);
    expect(verdict).toEqual({ keep: false, reason: 'Alice was disabled by an admin and was logged out.' });
  });

  it('logs out a user who no longer works at this site or lost their PIN', () => {
    const { pinHash: _removed, ...withoutPin } = alice;
    expect(loginVerdict(alice, [withoutPin]).keep).toBe(false);
    expect(loginVerdict(alice, []).keep).toBe(false);
  });
});
