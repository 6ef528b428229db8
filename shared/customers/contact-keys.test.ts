import { describe, expect, it } from 'vitest';
import { emailKey, phoneKey } from './contact-keys.ts';

describe('customer contact keys', () => {
  it('compares e-mail addresses trimmed and lower-cased', () => {
    expect(emailKey('  Ada.Lovelace@Example.COM \n')).toBe('ada.lovelace@example.com');
    expect(emailKey('   ')).toBeNull();
    expect(emailKey(undefined)).toBeNull();
  });

  it('reads national and international writings of one number as the same E.164 number', () => {
    const forms = ['06 12 34 56 78', '06.12.34.56.78', '+33 6 12 34 56 78', '0033 612 345 678', '(+33) 6-12-34-56-78'];
    expect(new Set(forms.map((f) => phoneKey(f, 'FR')))).toEqual(new Set(['+33612345678']));
    expect(phoneKey('020 7946 0958', 'GB')).toBe('+442079460958');
  });

  it('falls back to the digits when the country is unknown or the number unreadable', () => {
    expect(phoneKey('06 12 34 56 78')).toBe('0612345678');
    expect(phoneKey('06-12-34-56-78')).toBe('0612345678');
    expect(phoneKey('+33 6 12 34 56 78')).toBe('+33612345678');
    expect(phoneKey('12')).toBeNull();
  });
});
