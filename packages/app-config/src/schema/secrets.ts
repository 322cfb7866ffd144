import type { AppConfig } from './app-config.ts';

/**
 * The secret fields of the configuration, `[]` marking "every item of this list". The service seals these at
 * rest and the API redacts them; docs/configuration.md marks the same paths as secret (a test keeps them equal).
 */
export const secretConfigPaths = [
  'callbacks.token',
  'offlinePush.apns[].certificate',
  'offlinePush.apns[].password',
  'offlinePush.android[].appKey',
  'offlinePush.android[].appSecret',
] as const;
export type SecretConfigPath = (typeof secretConfigPaths)[number];

/** The parts of a configuration that hold secrets, structurally, so the schema can inspect them while parsing. */
export interface SecretCarrier {
  callbacks: { token: string };
  offlinePush: {
    apns: readonly { certificate: string; password: string }[];
    android: readonly { appKey: string; appSecret: string }[];
  };
}

/** Every secret field with its concrete path (`offlinePush.apns.0.password`), set or not. */
export function listSecretFields(config: SecretCarrier): { path: string; value: string }[] {
  return [
    { path: 'callbacks.token', value: config.callbacks.token },
    ...config.offlinePush.apns.flatMap((apns, index) => [
      { path: `offlinePush.apns.${index}.certificate`, value: apns.certificate },
      { path: `offlinePush.apns.${index}.password`, value: apns.password },
    ]),
    ...config.offlinePush.android.flatMap((android, index) => [
      { path: `offlinePush.android.${index}.appKey`, value: android.appKey },
      { path: `offlinePush.android.${index}.appSecret`, value: android.appSecret },
    ]),
  ];
}

/**
 * Returns a copy of the configuration with `fn` applied to every set secret (an empty string is unset and is
 * left alone). The service uses it to seal, open and redact; `path` is the concrete path, e.g. for AAD binding.
 */
export function mapSecrets(config: AppConfig, fn: (value: string, path: string) => string): AppConfig {
  const map = (value: string, path: string) => (value === '' ? value : fn(value, path));
  return {
    ...config,
    callbacks: { ...config.callbacks, token: map(config.callbacks.token, 'callbacks.token') },
    offlinePush: {
      ...config.offlinePush,
      apns: config.offlinePush.apns.map((apns, index) => ({
        ...apns,
        certificate: map(apns.certificate, `offlinePush.apns.${index}.certificate`),
        password: map(apns.password, `offlinePush.apns.${index}.password`),
      })),
      android: config.offlinePush.android.map((android, index) => ({
        ...android,
        appKey: map(android.appKey, `offlinePush.android.${index}.appKey`),
        appSecret: map(android.appSecret, `offlinePush.android.${index}.appSecret`),
      })),
    },
  };
}
