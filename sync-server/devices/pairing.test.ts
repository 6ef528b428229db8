import { describe, expect, it } from 'vitest';
import { pairingExpiryText } from './pairing.ts';

describe('pairing code expiry', () => {
  it('reads in the store zone, named, not as a UTC instant', () => {
    expect(pairingExpiryText('2026-12-08T10:20:00.000Z', 'Europe/Paris')).toBe('8 Dec 2026, 11:20 (Europe/Paris)');
    expect(pairingExpiryText('2026-07-01T23:05:00.000Z', 'America/New_York')).toBe('1 Jul 2026, 19:05 (America/New_York)');
  });

  it('falls on the store day, which may differ from the UTC day', () => {
    expect(pairingExpiryText('2026-12-31T23:30:00.000Z', 'Asia/Tokyo')).toBe('1 Jan 2027, 08:30 (Asia/Tokyo)');
  });

  it('uses the machine zone when the site zone is unknown, and UTC for a zone that does not exist', () => {
    const local = Intl.DateTimeFormat().resolvedOptions().timeZone;
    expect(pairingExpiryText('2026-12-08T10:20:00.000Z')).toMatch(new RegExp(`^\\d{1,2} [A-Z][a-z]{2} 2026, \\d{2}:\\d{2} \\(${local.replace('/', '\\/')}\\)$`));
    expect(pairingExpiryText('2026-12-08T10:20:00.000Z', 'Mars/Olympus')).toBe('8 Dec 2026, 10:20 (UTC)');
  });
});
