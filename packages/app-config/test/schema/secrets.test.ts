import { describe, expect, it } from 'vitest';
import { listSecretFields, mapSecrets, REDACTED, secretConfigPaths } from '../../src/schema/index.ts';
import { schema, validAndroid, validApns } from './helpers.ts';

const withSecrets = () =>
  schema.parse({
    callbacks: { token: 'cb-token' },
    offlinePush: {
      apns: [validApns, { ...validApns, environment: 'development', password: '' }],
      android: [validAndroid, { ...validAndroid, vendor: 'fcm', appKey: '' }],
    },
  });

function visits(config = withSecrets()): [string, string][] {
  const seen: [string, string][] = [];
  mapSecrets(config, (value, path) => {
    seen.push([path, value]);
    return value;
  });
  return seen;
}

describe('mapSecrets', () => {
  it('visits exactly the set secrets, with their concrete paths', () => {
    expect(visits()).toEqual([
      ['callbacks.token', 'cb-token'],
      ['offlinePush.apns.0.certificate', validApns.certificate],
      ['offlinePush.apns.0.password', validApns.password],
      ['offlinePush.apns.1.certificate', validApns.certificate],
      ['offlinePush.android.0.appKey', validAndroid.appKey],
      ['offlinePush.android.0.appSecret', validAndroid.appSecret],
      ['offlinePush.android.1.appSecret', validAndroid.appSecret],
    ]);
  });

  it('visits nothing in a new app', () => {
    expect(visits(schema.parse({}))).toEqual([]);
  });

  it('replaces the secrets and nothing else, in a copy', () => {
    const config = withSecrets();
    const before = structuredClone(config);
    const redacted = mapSecrets(config, () => REDACTED);
    expect(config).toEqual(before);
    expect(redacted.callbacks).toEqual({ ...config.callbacks, token: REDACTED });
    expect(redacted.offlinePush.apns[1]).toEqual({ ...config.offlinePush.apns[1], certificate: REDACTED });
    expect(redacted.offlinePush.android[1]).toEqual({
      ...config.offlinePush.android[1],
      appSecret: REDACTED,
    });
    expect({ ...redacted, callbacks: config.callbacks, offlinePush: config.offlinePush }).toEqual(config);
  });

  it('round-trips through seal and open', () => {
    const config = withSecrets();
    const sealed = mapSecrets(
      config,
      (value, path) => `sealed(${path}):${Buffer.from(value).toString('base64')}`,
    );
    expect(JSON.stringify(sealed)).not.toContain('cb-token');
    const opened = mapSecrets(sealed, (value) =>
      Buffer.from(value.slice(value.indexOf(':') + 1), 'base64').toString(),
    );
    expect(opened).toEqual(config);
  });
});

describe('secretConfigPaths', () => {
  it('names the secret fields that mapSecrets and listSecretFields visit', () => {
    const patterns = listSecretFields(withSecrets()).map(({ path }) => path.replace(/\.\d+\./g, '[].'));
    expect([...new Set(patterns)]).toEqual([...secretConfigPaths]);
    const visited = visits().map(([path]) => path.replace(/\.\d+\./g, '[].'));
    expect(secretConfigPaths).toEqual(expect.arrayContaining([...new Set(visited)]));
  });

  it('lists the five secrets of the brief', () => {
    expect(secretConfigPaths).toEqual([
      'callbacks.token',
      'offlinePush.apns[].certificate',
      'offlinePush.apns[].password',
      'offlinePush.android[].appKey',
      'offlinePush.android[].appSecret',
    ]);
  });
});
