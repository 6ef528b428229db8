import { describe, expect, it } from 'vitest';
import { validationMessage } from './validation-message.ts';

describe('validation messages', () => {
  it('names the row and the field in words, not JSON pointers', () => {
    const msg = validationMessage('body', [{ keyword: 'exclusiveMinimum', instancePath: '/lines/0/qty', params: { limit: 0 } }]);
    expect(msg).toBe('Lines, row 1, qty must be greater than 0.');
  });

  it('says which values a union accepts, once', () => {
    const msg = validationMessage('body', [
      { keyword: 'const', instancePath: '/role', params: { allowedValue: 'till' } },
      { keyword: 'const', instancePath: '/role', params: { allowedValue: 'scanner' } },
      { keyword: 'anyOf', instancePath: '/role', params: {} },
    ]);
    expect(msg).toBe('Role must be one of till, scanner.');
  });

  it('names a missing field', () => {
    expect(validationMessage('body', [{ keyword: 'required', instancePath: '', params: { missingProperty: 'site' } }])).toBe('Site is required.');
  });

  it("says what a pattern expects when the schema describes it", () => {
    const issue = { keyword: 'pattern', instancePath: '/code', params: { pattern: '^[a-z]+$' }, parentSchema: { description: '1-32 characters of a-z 0-9 _ -' } };
    expect(validationMessage('body', [issue])).toBe('Code must be 1-32 characters of a-z 0-9 _ -.');
    expect(validationMessage('body', [{ ...issue, parentSchema: {} }])).toBe('Code has the wrong format.');
  });

  it('says what a step (multipleOf) expects: the description, or the step', () => {
    const issue = { keyword: 'multipleOf', instancePath: '/rate', params: { multipleOf: 0.0001 }, parentSchema: { description: 'a percentage with at most 4 decimals' } };
    expect(validationMessage('body', [issue])).toBe('Rate must be a percentage with at most 4 decimals.');
    expect(validationMessage('body', [{ ...issue, parentSchema: {} }])).toBe('Rate must be a multiple of 0.0001.');
  });

  it('says a list names something twice, and that an empty change changes nothing', () => {
    expect(validationMessage('body', [{ keyword: 'uniqueItems', instancePath: '/sites', params: { i: 1, j: 0 } }])).toBe('Sites names the same item twice.');
    expect(validationMessage('body', [{ keyword: 'minProperties', instancePath: '', params: { limit: 1 } }])).toBe('The request must change at least one thing.');
  });

  it('says what is wrong with a value that may also be null, from the branch of its type', () => {
    const msg = validationMessage('body', [
      { keyword: 'pattern', instancePath: '/pin', params: { pattern: '^[0-9]{4,8}$' }, parentSchema: { description: '4 to 8 digits' } },
      { keyword: 'type', instancePath: '/pin', params: { type: 'null' } },
      { keyword: 'anyOf', instancePath: '/pin', params: {} },
    ]);
    expect(msg).toBe('Pin must be 4 to 8 digits.');
  });
});
