import { STATUS_CODES } from 'node:http';
import { describe, expect, it } from 'vitest';
import { type ErrorName, errorCatalogue } from '../src/index.ts';

const names = Object.keys(errorCatalogue) as ErrorName[];
const entries = names.map((name) => ({ name, ...errorCatalogue[name] }));

describe('error catalogue', () => {
  it('gives every entry its own numeric code', () => {
    const codes = entries.map((entry) => entry.code);
    const duplicates = codes.filter((code, index) => codes.indexOf(code) !== index);
    expect(duplicates).toEqual([]);
    for (const { name, code } of entries) expect(Number.isInteger(code) && code > 0, name).toBe(true);
  });

  it('names entries in UPPER_SNAKE_CASE, unique even ignoring case', () => {
    const lower = names.map((name) => name.toLowerCase());
    expect(new Set(lower).size).toBe(names.length);
    for (const name of names) expect(name).toMatch(/^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*$/);
  });

  it('uses only HTTP statuses that exist, and only 2xx for a non-failure outcome', () => {
    for (const { name, http } of entries) {
      expect(STATUS_CODES[http], `${name}: ${http}`).toBeDefined();
      expect(http >= 400 || name === 'FRIEND_REQUEST_PENDING', `${name}: ${http}`).toBe(true);
    }
    // The one 2xx entry is a request that succeeded but waits on someone else (Tencent's 30539).
    expect(errorCatalogue.FRIEND_REQUEST_PENDING.http).toBe(202);
  });

  it('has a message for every entry: one sentence or more, ending with a full stop', () => {
    for (const { name, message } of entries) {
      expect(message.length, name).toBeGreaterThan(0);
      expect(message, name).toMatch(/^[A-Z].*\.$/);
      expect(message, name).not.toMatch(/\n/);
    }
  });

  it('keeps Parley’s own codes in 91000-91999 and Tencent’s codes outside it', () => {
    // The Parley range is for situations Tencent has no code for; these are the ones defined so far.
    const parley = entries.filter(({ code }) => code >= 91000 && code <= 91999).map(({ name }) => name);
    expect(parley).toContain('UNAUTHENTICATED');
    expect(parley).toContain('CONFIG_INVALID');
    expect(parley).not.toContain('USERSIG_EXPIRED');
  });

  it('keeps the codes clients already depend on', () => {
    expect(errorCatalogue.UNAUTHENTICATED).toMatchObject({ code: 91001, http: 401 });
    expect(errorCatalogue.FORBIDDEN).toMatchObject({ code: 90009, http: 403 });
    expect(errorCatalogue.USERSIG_EXPIRED).toMatchObject({ code: 70001, http: 401 });
    expect(errorCatalogue.CONFIG_INVALID).toMatchObject({ code: 91060, http: 400 });
    expect(errorCatalogue.REVISION_CONFLICT).toMatchObject({ code: 91061, http: 409 });
    expect(errorCatalogue.APP_TERMINATED).toMatchObject({ code: 91011, http: 410 });
    expect(errorCatalogue.INTERNAL).toMatchObject({ code: 90994, http: 500 });
  });
});
