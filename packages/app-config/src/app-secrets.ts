import type { SecretBox } from '@parley/secret-box';
import type { AppRecord } from './app-record.ts';
import type { RuntimeApp } from './app-view.ts';
import { type AppConfig, mapSecrets } from './schema/index.ts';

/**
 * Sealing at rest: an app's secret key and every secret of its configuration are sealed with the master key, each
 * bound (AAD) to its app and path, so a sealed value moved to another app or field does not open.
 */
export class AppSecrets {
  readonly #box: SecretBox;

  constructor(box: SecretBox) {
    this.#box = box;
  }

  sealSecretKey(sdkAppId: number, secretKey: string): string {
    return this.#box.seal(secretKey, secretKeyAad(sdkAppId));
  }

  sealConfig(sdkAppId: number, config: AppConfig): AppConfig {
    return mapSecrets(config, (value, path) => this.#box.seal(value, configSecretAad(sdkAppId, path)));
  }

  openConfig(sdkAppId: number, config: AppConfig): AppConfig {
    return mapSecrets(config, (value, path) => this.#box.open(value, configSecretAad(sdkAppId, path)));
  }

  /** The app with its secrets in clear, for use inside the process. */
  open(record: AppRecord): RuntimeApp {
    return {
      sdkAppId: record.sdkAppId,
      status: record.status,
      revision: record.revision,
      secretKey: this.#box.open(record.sealedSecretKey, secretKeyAad(record.sdkAppId)),
      config: this.openConfig(record.sdkAppId, record.config),
    };
  }
}

function secretKeyAad(sdkAppId: number): string {
  return `app:${sdkAppId}:secretKey`;
}

function configSecretAad(sdkAppId: number, path: string): string {
  return `app:${sdkAppId}:config:${path}`;
}
