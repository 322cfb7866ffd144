import { describe, expect, it } from 'vitest';
import {
  type ErrorName,
  errorCatalogue,
  fieldsFromIssues,
  isParleyError,
  ParleyError,
  toParleyError,
} from '../src/index.ts';

describe('ParleyError', () => {
  it.each(Object.keys(errorCatalogue) as ErrorName[])(
    'maps %s to its catalogue code, status and message',
    (name) => {
      const error = new ParleyError(name);
      const entry = errorCatalogue[name];
      expect(error).toBeInstanceOf(Error);
      expect(error.name).toBe('ParleyError');
      expect(error.errorName).toBe(name);
      expect(error.code).toBe(entry.code);
      expect(error.http).toBe(entry.http);
      expect(error.message).toBe(entry.message);
      expect(error.toWire()).toEqual({ code: entry.code, name, message: entry.message });
    },
  );

  it('appends the detail to the catalogue message', () => {
    const error = new ParleyError('NOT_FOUND', { detail: 'GET /v1/nothing' });
    expect(error.message).toBe('No such resource. GET /v1/nothing');
    expect(error.toWire().message).toBe('No such resource. GET /v1/nothing');
  });

  it('carries fields to the wire only when given', () => {
    const fields = [{ path: 'admins', message: 'Too small' }];
    expect(new ParleyError('CONFIG_INVALID', { fields }).toWire()).toEqual({
      code: 91060,
      name: 'CONFIG_INVALID',
      message: 'The configuration is invalid.',
      fields,
    });
    expect('fields' in new ParleyError('CONFIG_INVALID').toWire()).toBe(false);
  });

  it('keeps the cause, and never puts it on the wire', () => {
    const cause = new Error('connection refused by 10.0.0.7:3306 password=hunter2');
    const error = new ParleyError('STORAGE_UNAVAILABLE', { cause });
    expect(error.cause).toBe(cause);
    expect(JSON.stringify(error.toWire())).not.toContain('hunter2');
  });

  it('lets an app callback’s own code replace the catalogue code, keeping name and status', () => {
    const error = new ParleyError('BLOCKED_BY_CALLBACK', { appCode: 120_123 });
    expect(error.code).toBe(120_123);
    expect(error.errorName).toBe('BLOCKED_BY_CALLBACK');
    expect(error.http).toBe(errorCatalogue.BLOCKED_BY_CALLBACK.http);
    expect(error.toWire()).toMatchObject({ code: 120_123, name: 'BLOCKED_BY_CALLBACK' });
  });
});

describe('toParleyError', () => {
  it('returns a ParleyError unchanged', () => {
    const error = new ParleyError('APP_DISABLED');
    expect(toParleyError(error)).toBe(error);
  });

  it('turns anything else into INTERNAL, keeping it as the cause and out of the message', () => {
    for (const thrown of [new TypeError('x is undefined: secret=abc'), 'a string', 42, null, undefined]) {
      const error = toParleyError(thrown);
      expect(error.errorName).toBe('INTERNAL');
      expect(error.code).toBe(90994);
      expect(error.http).toBe(500);
      expect(error.cause).toBe(thrown);
      expect(error.message).toBe(errorCatalogue.INTERNAL.message);
    }
  });

  it('isParleyError tells the two apart', () => {
    expect(isParleyError(new ParleyError('INTERNAL'))).toBe(true);
    expect(isParleyError(new Error('INTERNAL'))).toBe(false);
    expect(isParleyError({ errorName: 'INTERNAL', code: 90994 })).toBe(false);
  });
});

describe('fieldsFromIssues', () => {
  it('gives one entry per issue, its path joined with dots', () => {
    expect(
      fieldsFromIssues([
        { path: ['offlinePush', 'apns', 0, 'certificate'], message: 'must be the base64 of the .p12 file' },
        { path: ['admins'], message: 'Too small' },
      ]),
    ).toEqual([
      { path: 'offlinePush.apns.0.certificate', message: 'must be the base64 of the .p12 file' },
      { path: 'admins', message: 'Too small' },
    ]);
  });

  it('names an issue about the whole value "(root)"', () => {
    expect(fieldsFromIssues([{ path: [], message: 'Expected object' }])).toEqual([
      { path: '(root)', message: 'Expected object' },
    ]);
  });
});
