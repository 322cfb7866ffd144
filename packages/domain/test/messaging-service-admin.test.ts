import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Actor, AdminMessaging, MessagingService } from '../src/index.ts';
import { createDomainFixture, type DomainFixture, text } from './support/domain-fixture.ts';

/** An app admin's one-to-one messaging (Tencent's REST sendmsg, admin_msgwithdraw, admin_getroammsg). */
const CONV = 'c2c:alice:bob';

let f: DomainFixture;
let messaging: MessagingService;
let admin: AdminMessaging;
let sdkAppId: number;

beforeEach(async () => {
  f = createDomainFixture();
  messaging = f.messaging();
  admin = f.adminMessaging();
  ({ sdkAppId } = await f.newApp(
    { messaging: { friendshipCheck: true, blacklistCheck: true, blockedSenderSees: 'error' } },
    ['alice', 'bob'],
  ));
});
afterEach(() => f.close());

async function adminActor(from = 'alice'): Promise<Actor> {
  const actor = await f.actor(sdkAppId, from);
  return { ...actor, instanceId: '', platform: 'restapi' };
}
const stored = () => f.stores.messages.listAfter(sdkAppId, CONV, 0, 100, 0);

describe('MessagingService.send by an app admin', () => {
  it('skips the friendship, blacklist and mute checks a user’s send makes', async () => {
    await f.stores.relations.addToBlacklist(sdkAppId, 'bob', ['alice'], f.clock.now());
    await f.stores.accounts.update(sdkAppId, 'alice', { mutedUntil: f.clock.now() + 60_000 });
    await expect(
      messaging.send(await f.actor(sdkAppId, 'alice'), { to: 'bob', random: 1, body: text('x') }),
    ).rejects.toBeDefined();
    const result = await messaging.send(
      await adminActor(),
      { to: 'bob', random: 2, body: text('hi') },
      {
        admin: 'administrator',
      },
    );
    expect(result.seq).toBe(1);
    expect((await stored()).map((m) => m.random)).toEqual([2]);
  });

  it('sends as the admin identifier, which needs no account; any other unknown sender fails', async () => {
    const result = await messaging.send(
      await adminActor('administrator'),
      { to: 'bob', random: 1, body: text('notice') },
      { admin: 'administrator' },
    );
    expect(result.seq).toBe(1);
    await expect(
      messaging.send(
        await adminActor('ghost'),
        { to: 'bob', random: 1, body: text('x') },
        { admin: 'administrator' },
      ),
    ).rejects.toMatchObject({ errorName: 'ACCOUNT_NOT_FOUND' });
  });

  it('skips the before-send and after-send callbacks when asked', async () => {
    f.hooks.verdict = { action: 'reject', error: 'BLOCKED_BY_CALLBACK' };
    await messaging.send(
      await adminActor(),
      { to: 'bob', random: 1, body: text('x') },
      {
        admin: 'administrator',
        skipBeforeSendCallback: true,
        skipAfterSendCallback: true,
      },
    );
    expect(f.hooks.beforeSendCalls).toEqual([]);
    expect(f.hooks.afterSendCalls).toEqual([]);
    await expect(
      messaging.send(
        await adminActor(),
        { to: 'bob', random: 2, body: text('x') },
        { admin: 'administrator' },
      ),
    ).rejects.toMatchObject({ errorName: 'BLOCKED_BY_CALLBACK' });
  });

  it('online only: pushes with seq 0 and stores nothing', async () => {
    const result = await messaging.send(
      await adminActor(),
      { to: 'bob', random: 5, body: text('now') },
      {
        admin: 'administrator',
        onlineOnly: true,
      },
    );
    expect(result.seq).toBe(0);
    expect(await stored()).toEqual([]);
    expect(f.pushes.pushes.map((p) => [p.push, (p.data as { seq: number }).seq])).toEqual([['message', 0]]);
  });

  it('without sync to the sender: only the recipient is pushed', async () => {
    await messaging.send(
      await adminActor(),
      { to: 'bob', random: 1, body: text('x') },
      {
        admin: 'administrator',
        noSyncToSender: true,
      },
    );
    expect(f.pushes.pushes.map((p) => p.targets)).toEqual([[{ userId: 'bob' }]]);
  });
});

describe('AdminMessaging.adminRecall', () => {
  it('recalls with no time limit, even when the app disables recall, and pushes `recalled` by the admin', async () => {
    await f.configure(sdkAppId, { messaging: { recallLimitSeconds: 0 } });
    const sent = await messaging.send(
      await adminActor(),
      { to: 'bob', random: 1, body: text('x') },
      {
        admin: 'administrator',
      },
    );
    // A day later: far past the default 120 s limit, within the 7-day history.
    f.clock.advance(86_400_000);
    expect(
      await admin.adminRecall(await f.appConfig.runtime(sdkAppId), 'administrator', {
        from: 'alice',
        to: 'bob',
        msgKey: sent.msgKey,
      }),
    ).toEqual({ conversationId: CONV, seq: 1 });
    expect(f.pushes.pushes.at(-1)).toMatchObject({ push: 'recalled', data: { seq: 1, by: 'administrator' } });
    expect((await stored())[0]?.recalledAt).toBeDefined();
  });

  it('fails with MESSAGE_NOT_FOUND for a wrong MsgKey or a wrong sender', async () => {
    const sent = await messaging.send(
      await adminActor(),
      { to: 'bob', random: 1, body: text('x') },
      {
        admin: 'administrator',
      },
    );
    const app = await f.appConfig.runtime(sdkAppId);
    for (const message of [
      { from: 'alice', to: 'bob', msgKey: `1_2_${sent.msgKey.split('_')[2]}` },
      { from: 'bob', to: 'alice', msgKey: sent.msgKey },
      { from: 'alice', to: 'bob', msgKey: 'nonsense' },
    ]) {
      await expect(admin.adminRecall(app, 'administrator', message)).rejects.toMatchObject({
        errorName: 'MESSAGE_NOT_FOUND',
      });
    }
    expect((await stored())[0]?.recalledAt).toBeUndefined();
  });
});

describe('AdminMessaging conversation list', () => {
  it('lists the user’s conversations with no read quota, and deletes one from the user’s list only', async () => {
    await f.configure(sdkAppId, { plan: { maxReadsPerUserPerSecond: 1 } });
    await messaging.send(
      await adminActor(),
      { to: 'bob', random: 1, body: text('x') },
      { admin: 'administrator' },
    );
    const app = await f.appConfig.runtime(sdkAppId);
    for (let i = 0; i < 3; i++) {
      expect((await admin.conversationList(app, 'bob')).map((c) => c.peer)).toEqual(['alice']);
    }
    expect(await admin.deleteConversation(app, 'bob', 'alice')).toBe(true);
    expect(await admin.conversationList(app, 'bob')).toEqual([]);
    expect((await admin.conversationList(app, 'alice')).map((c) => c.peer)).toEqual(['bob']);
    expect(await admin.deleteConversation(app, 'bob', 'alice')).toBe(false);
    expect(await stored()).toHaveLength(1);
  });
});
