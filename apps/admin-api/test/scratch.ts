import { startAdminApi } from './support/admin-api-fixture.ts';
const fx = await startAdminApi();
const app = await fx.createApp();
const show = async (o: Parameters<typeof fx.inject>[0]) => {
  const r = await fx.inject(o);
  console.log(o.method, o.url, r.status, r.text.slice(0, 300));
  return r;
};
await show({ method: 'POST', url: `/v1/apps/${app.sdkAppId}/users`, body: { accounts: [] } });
await show({ method: 'POST', url: `/v1/apps/${app.sdkAppId}/users`, body: { accounts: [{ userId: 'a' }] } });
await show({ method: 'GET', url: `/v1/apps/abc` });
await show({ method: 'PATCH', url: `/v1/apps/${app.sdkAppId}/config`, body: { admins: 'x' } });
await show({ method: 'PUT', url: `/v1/apps/${app.sdkAppId}/status`, body: { status: 'terminated' } });
await show({
  method: 'POST',
  url: `/v1/apps/${app.sdkAppId}/users`,
  auth: fx.operator,
  body: { accounts: [{ userId: 'a'.repeat(33) }] },
});
await show({
  method: 'POST',
  url: `/v1/apps/${app.sdkAppId}/users`,
  auth: fx.operator,
  body: { accounts: [{ userId: 'é'.repeat(17) }] },
});
await show({
  method: 'PATCH',
  url: `/v1/apps/${app.sdkAppId}/config`,
  auth: fx.operator,
  headers: { 'if-match': '*' },
  body: {},
});
await show({
  method: 'PATCH',
  url: `/v1/apps/${app.sdkAppId}/config`,
  auth: fx.operator,
  headers: { 'if-match': '"1"' },
  body: {},
});
await show({
  method: 'PATCH',
  url: `/v1/apps/${app.sdkAppId}/config`,
  auth: fx.operator,
  headers: { 'if-match': '"1"' },
  body: {},
});
await show({
  method: 'PATCH',
  url: `/v1/apps/${app.sdkAppId}/config`,
  auth: fx.operator,
  body: 'not json',
  headers: { 'content-type': 'application/json' },
});
await show({ method: 'GET', url: `/nope?token=abc` });
await show({ method: 'DELETE', url: `/v1/apps/${app.sdkAppId}`, auth: fx.operator });
await show({
  method: 'POST',
  url: `/v1/apps/${app.sdkAppId}/usersig`,
  auth: fx.operator,
  body: { userId: 'x' },
});
await show({
  method: 'POST',
  url: `/v1/apps/${app.sdkAppId}/users/check`,
  auth: fx.operator,
  body: { userIds: ['x'] },
});
await show({ method: 'GET', url: `/v1/apps/${app.sdkAppId}`, auth: fx.appAdmin(app) });
console.log(fx.logLines.join(''));
await fx.close();
