import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type AdminApiFixture, type CreatedApp, startAdminApi } from './support/admin-api-fixture.ts';
import { GroupApi, importUsers, text } from './support/group-api.ts';
import { APP_SCOPED_ROUTES, labelOf, urlOf } from './support/routes.ts';

/** The routes of one group ("team" in `urlOf`). */
const GROUP_ROUTES = APP_SCOPED_ROUTES.filter((route) => route.template.includes('{groupId}'));

let fx: AdminApiFixture;
let appA: CreatedApp;
let appB: CreatedApp;
let inA: GroupApi;
beforeEach(async () => {
  fx = await startAdminApi();
  appA = await fx.createApp({ details: { name: 'A' } });
  appB = await fx.createApp({ details: { name: 'B' } });
  for (const app of [appA, appB]) await importUsers(fx, app);
  inA = new GroupApi(fx, appA);
  await inA.created({ type: 'Public', groupId: 'team', name: 'Team A', ownerId: 'alice', members: ['bob'] });
  await inA.send('team', { from: 'alice', body: text('Only in A') });
});
afterEach(async () => {
  fx.assertLogsClean();
  await fx.close();
});

/** Everything a call through app B could have changed in A's group. */
async function stateOfTeamInA() {
  return {
    info: (await inA.info('team')).json,
    members: (await inA.members('team')).json,
    history: (await inA.history('team')).json,
  };
}

describe('a group of app A, through app B', () => {
  it.each(GROUP_ROUTES.map((route) => [labelOf(route), route] as const))(
    '%s answers 404 GROUP_NOT_FOUND to B’s operator and B’s admin, and A’s group is unchanged',
    async (_label, route) => {
      const before = await stateOfTeamInA();
      const bob = await fx.online(appA.sdkAppId, 'bob');
      for (const auth of [fx.operator, fx.appAdmin(appB)]) {
        const reply = await fx.inject({
          method: route.method,
          url: urlOf(route, appB.sdkAppId),
          auth,
          ...(route.body === undefined ? {} : { body: route.body }),
        });
        expect(reply.status, reply.text).toBe(404);
        expect(reply.json.error).toMatchObject({ code: 10010, name: 'GROUP_NOT_FOUND' });
        expect(reply.text).not.toContain('Team A');
      }
      expect(await stateOfTeamInA()).toEqual(before);
      expect(bob.pushes).toEqual([]);
    },
  );

  it('is not listed in B, and B may have a group of the same ID, apart from A’s', async () => {
    const inB = new GroupApi(fx, appB);
    const listed = await inB.call<{ groups: unknown[] }>('GET', inB.url());
    expect(listed.json.groups).toEqual([]);

    const bobInA = await fx.online(appA.sdkAppId, 'bob');
    const created = await inB.created({ type: 'Work', groupId: 'team', name: 'Team B', members: ['bob'] });
    expect(created).toMatchObject({ groupId: 'team', name: 'Team B', memberCount: 1 });
    await inB.send('team', { body: text('Only in B') });
    expect((await inB.history('team')).json.messages.map((m) => m.body[0]?.MsgContent.Text)).toEqual([
      'Only in B',
    ]);
    expect((await inA.history('team')).json.messages.map((m) => m.body[0]?.MsgContent.Text)).toEqual([
      'Only in A',
    ]);
    expect((await inA.info('team')).json.group).toMatchObject({ name: 'Team A', memberCount: 2 });
    // Bob of A is another user than bob of B: he hears nothing of B's group.
    expect(bobInA.pushes).toEqual([]);
  });
});
