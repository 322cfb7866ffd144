import type { AppStore } from '@parley/app-config';
import { afterEach, describe, expect, it } from 'vitest';
import { type AdminApiFixture, startAdminApi } from './support/admin-api-fixture.ts';
import type { RotateReply } from './support/replies.ts';

/**
 * The real SQLite store, with a hold on one read: the read happens, but its answer is delivered only when the
 * test releases it. That reproduces a slow storage round trip (MySQL, MongoDB) deterministically.
 */
function withHeldRead(store: AppStore) {
  let armed: { reached: () => void; released: Promise<void> } | undefined;
  const held: AppStore = {
    ...store,
    async get(sdkAppId) {
      const record = await store.get(sdkAppId);
      const hold = armed;
      armed = undefined;
      if (hold) {
        hold.reached();
        await hold.released;
      }
      return record;
    },
  };
  function holdNextRead() {
    let release = () => {};
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    const reached = new Promise<void>((resolve) => {
      armed = { reached: resolve, released };
    });
    return { reached, release };
  }
  return { held, holdNextRead };
}

let fx: AdminApiFixture | undefined;
afterEach(async () => {
  fx?.assertLogsClean();
  await fx?.close();
  fx = undefined;
});

describe('opened-app cache', () => {
  // Regression: AppConfigService.runtime() caches what its load read even when a change was committed (and
  // emitted) while the load was in flight, so the stale copy stays until the next change of that app.
  it('a secret rotation committed during an in-flight load is not undone by that load', async () => {
    let holdNextRead: ReturnType<typeof withHeldRead>['holdNextRead'] = () => {
      throw new Error('not wired');
    };
    fx = await startAdminApi({
      wrapAppStore: (store) => {
        const wrapped = withHeldRead(store);
        holdNextRead = wrapped.holdNextRead;
        return wrapped.held;
      },
    });
    const app = await fx.createApp();
    const oldAdmin = fx.appAdmin(app);
    const url = `/v1/apps/${app.sdkAppId}`;

    // An app-admin request opens the app: its read returns the record with the old key, then waits.
    const hold = holdNextRead();
    const inFlight = fx.inject({ method: 'GET', url, auth: oldAdmin });
    await hold.reached;

    // Meanwhile the operator rotates the key: committed and announced.
    const rotated = await fx.inject<RotateReply>({
      method: 'POST',
      url: `${url}/secret/rotate`,
      auth: fx.operator,
    });
    expect(rotated.status).toBe(200);
    hold.release();
    await inFlight;

    // From now on the old key must not open anything.
    const opened = await fx.appConfig.runtime(app.sdkAppId);
    expect(opened.secretKey === rotated.json.secretKey, 'the opened app holds the rotated key').toBe(true);
    const afterRotation = await fx.inject({ method: 'GET', url, auth: oldAdmin });
    expect(afterRotation.status).toBe(401);
  });

  it('a configuration change committed during an in-flight load reaches the opened app', async () => {
    let holdNextRead: ReturnType<typeof withHeldRead>['holdNextRead'] = () => {
      throw new Error('not wired');
    };
    fx = await startAdminApi({
      wrapAppStore: (store) => {
        const wrapped = withHeldRead(store);
        holdNextRead = wrapped.holdNextRead;
        return wrapped.held;
      },
    });
    const app = await fx.createApp({ admins: ['administrator', 'ops'] });
    const hold = holdNextRead();
    const loading = fx.appConfig.runtime(app.sdkAppId);
    await hold.reached;
    const patched = await fx.inject({
      method: 'PATCH',
      url: `/v1/apps/${app.sdkAppId}/config`,
      auth: fx.operator,
      body: { admins: ['administrator'] },
    });
    expect(patched.status).toBe(200);
    hold.release();
    await loading;

    expect((await fx.appConfig.runtime(app.sdkAppId)).config.admins).toEqual(['administrator']);
    const removedAdmin = await fx.inject({
      method: 'GET',
      url: `/v1/apps/${app.sdkAppId}`,
      auth: fx.appAdmin(app, 'ops'),
    });
    expect(removedAdmin.status).toBe(403);
  });
});
