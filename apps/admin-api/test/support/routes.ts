import type { InjectOptions } from './admin-api-fixture.ts';

/** One route of the API, with a request that succeeds on a fresh app holding the account "alice". */
export interface RouteCase {
  method: InjectOptions['method'];
  /** The path as the OpenAPI document writes it. */
  template: string;
  body?: unknown;
  /** What an authorised caller gets when not a 2xx (the request names something a fresh app lacks). */
  authorisedStatus?: number;
}

/**
 * Every route the API serves, grouped by who may call it. The OpenAPI test fails when the document lists a
 * route missing here, so each new route gets the auth and cross-app tests below for free.
 */
export const OPERATOR_ROUTES: readonly RouteCase[] = [
  { method: 'POST', template: '/v1/apps', body: { details: { name: 'Created' } } },
  { method: 'GET', template: '/v1/apps' },
];

/** Routes of one group: on a fresh app, which has no groups, an authorised caller gets 404 GROUP_NOT_FOUND. */
function ofAGroupNamedTeam(routes: RouteCase[]): RouteCase[] {
  return routes.map((route) => ({ ...route, authorisedStatus: 404 }));
}

export const APP_SCOPED_ROUTES: readonly RouteCase[] = [
  { method: 'GET', template: '/v1/apps/{sdkAppId}' },
  { method: 'DELETE', template: '/v1/apps/{sdkAppId}' },
  { method: 'PUT', template: '/v1/apps/{sdkAppId}/status', body: { status: 'disabled' } },
  { method: 'GET', template: '/v1/apps/{sdkAppId}/config' },
  { method: 'PATCH', template: '/v1/apps/{sdkAppId}/config', body: { details: { name: 'Changed' } } },
  { method: 'POST', template: '/v1/apps/{sdkAppId}/secret/rotate' },
  { method: 'POST', template: '/v1/apps/{sdkAppId}/users', body: { accounts: [{ userId: 'intruder' }] } },
  { method: 'POST', template: '/v1/apps/{sdkAppId}/users/check', body: { userIds: ['alice'] } },
  { method: 'POST', template: '/v1/apps/{sdkAppId}/users/delete', body: { userIds: ['alice'] } },
  { method: 'GET', template: '/v1/apps/{sdkAppId}/users/{userId}' },
  { method: 'PATCH', template: '/v1/apps/{sdkAppId}/users/{userId}', body: { mutedForSeconds: 3600 } },
  { method: 'POST', template: '/v1/apps/{sdkAppId}/usersig', body: { userId: 'administrator' } },
  { method: 'GET', template: '/v1/apps/{sdkAppId}/monitoring' },
  { method: 'GET', template: '/v1/apps/{sdkAppId}/callbacks/dead-letters' },
  // A fresh app has no dead letter 1: an authorised caller gets past the auth check to NOT_FOUND.
  {
    method: 'POST',
    template: '/v1/apps/{sdkAppId}/callbacks/dead-letters/{id}/replay',
    authorisedStatus: 404,
  },
  {
    method: 'POST',
    template: '/v1/apps/{sdkAppId}/groups',
    body: { type: 'Work', name: 'Team', members: ['alice'] },
  },
  { method: 'GET', template: '/v1/apps/{sdkAppId}/groups' },
  // A fresh app has no group "team": an authorised caller gets past the auth check to GROUP_NOT_FOUND.
  ...ofAGroupNamedTeam([
    { method: 'GET', template: '/v1/apps/{sdkAppId}/groups/{groupId}' },
    { method: 'PATCH', template: '/v1/apps/{sdkAppId}/groups/{groupId}', body: { name: 'Renamed' } },
    { method: 'DELETE', template: '/v1/apps/{sdkAppId}/groups/{groupId}' },
    { method: 'PUT', template: '/v1/apps/{sdkAppId}/groups/{groupId}/owner', body: { ownerId: 'alice' } },
    { method: 'PUT', template: '/v1/apps/{sdkAppId}/groups/{groupId}/mute-all', body: { muted: true } },
    { method: 'GET', template: '/v1/apps/{sdkAppId}/groups/{groupId}/members' },
    {
      method: 'POST',
      template: '/v1/apps/{sdkAppId}/groups/{groupId}/members',
      body: { userIds: ['alice'] },
    },
    {
      method: 'POST',
      template: '/v1/apps/{sdkAppId}/groups/{groupId}/members/delete',
      body: { userIds: ['alice'] },
    },
    {
      method: 'PATCH',
      template: '/v1/apps/{sdkAppId}/groups/{groupId}/members/{userId}',
      body: { mutedForSeconds: 60 },
    },
    {
      method: 'POST',
      template: '/v1/apps/{sdkAppId}/groups/{groupId}/messages',
      body: { body: [{ MsgType: 'TIMTextElem', MsgContent: { Text: 'hello' } }] },
    },
    { method: 'GET', template: '/v1/apps/{sdkAppId}/groups/{groupId}/messages' },
    { method: 'POST', template: '/v1/apps/{sdkAppId}/groups/{groupId}/messages/{seq}/recall' },
  ]),
];

export const PUBLIC_ROUTES: readonly RouteCase[] = [
  { method: 'GET', template: '/healthz' },
  { method: 'GET', template: '/readyz' },
];

/** The URL of a route for one app; `{userId}` is always "alice", `{groupId}` "team", `{id}` and `{seq}` 1. */
export function urlOf(route: RouteCase, sdkAppId = 0): string {
  return route.template
    .replace('{sdkAppId}', String(sdkAppId))
    .replace('{userId}', 'alice')
    .replace('{groupId}', 'team')
    .replace('{id}', '1')
    .replace('{seq}', '1');
}

export function labelOf(route: RouteCase): string {
  return `${route.method} ${route.template}`;
}
