// Over 300 lines: the OpenAPI document checked against every route in one reading order.
import { errorCatalogue } from '@parley/protocol';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type AdminApiFixture, type CreatedApp, startAdminApi } from './support/admin-api-fixture.ts';
import { GroupApi, text } from './support/group-api.ts';
import { checkOpenApi3, isObject } from './support/openapi-check.ts';
import {
  APP_SCOPED_ROUTES,
  labelOf,
  OPERATOR_ROUTES,
  PUBLIC_ROUTES,
  type RouteCase,
  urlOf,
} from './support/routes.ts';

// ajv-formats is CommonJS: its default export arrives wrapped under ESM.
const addFormats =
  (addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule;

const ALL_ROUTES = [...PUBLIC_ROUTES, ...OPERATOR_ROUTES, ...APP_SCOPED_ROUTES];

interface Operation {
  parameters?: { in: string; name: string; required?: boolean }[];
  requestBody?: { content: Record<string, { schema: unknown }> };
  responses: Record<string, { content?: Record<string, { schema: unknown }> }>;
  security?: Record<string, string[]>[];
}
interface Document {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
}

let fx: AdminApiFixture;
let doc: Document;
beforeEach(async () => {
  fx = await startAdminApi();
  const reply = await fx.inject<Document>({ method: 'GET', url: '/docs/json' });
  expect(reply.status).toBe(200);
  doc = reply.json;
});
afterEach(async () => {
  fx.assertLogsClean();
  await fx.close();
});

function operationOf(route: Pick<RouteCase, 'method' | 'template'>): Operation | undefined {
  return doc.paths[route.template]?.[route.method.toLowerCase()];
}

function jsonSchemaOf(operation: Operation, status: string): unknown {
  return operation.responses[status]?.content?.['application/json']?.schema;
}

describe('/docs/json', () => {
  it('is a valid OpenAPI 3.0 document', () => {
    expect(doc.openapi).toMatch(/^3\.0\.\d+$/);
    expect(checkOpenApi3(doc)).toEqual([]);
  });

  it('lists exactly the routes the API serves', () => {
    const documented = Object.entries(doc.paths).flatMap(([path, item]) =>
      Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(documented.sort()).toEqual(ALL_ROUTES.map(labelOf).sort());
    for (const route of ALL_ROUTES) {
      const url = route.template.replace(/\{(\w+)\}/g, ':$1');
      expect(fx.api.hasRoute({ method: route.method, url }), labelOf(route)).toBe(true);
    }
  });

  it('gives every route a JSON response schema for its success', () => {
    for (const route of ALL_ROUTES) {
      const operation = operationOf(route);
      const success = Object.keys(operation?.responses ?? {}).filter((status) => /^2\d\d$/.test(status));
      expect(success, labelOf(route)).toHaveLength(1);
      const schema = operation && jsonSchemaOf(operation, success[0] ?? '');
      expect(isObject(schema) && schema.type === 'object', labelOf(route)).toBe(true);
    }
  });

  it('documents request bodies, path parameters and who may call each route', () => {
    for (const route of ALL_ROUTES) {
      const operation = operationOf(route);
      const label = labelOf(route);
      if (route.body !== undefined) {
        expect(operation?.requestBody?.content['application/json']?.schema, label).toBeDefined();
      }
      const pathParameters = (operation?.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name);
      expect(pathParameters.sort(), label).toEqual(
        [...route.template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort(),
      );
    }
    for (const route of OPERATOR_ROUTES)
      expect(operationOf(route)?.security).toEqual([{ operatorToken: [] }]);
    for (const route of APP_SCOPED_ROUTES) {
      expect(operationOf(route)?.security).toEqual([{ operatorToken: [] }, { appAdminUserSig: [] }]);
    }
    for (const route of PUBLIC_ROUTES) expect(operationOf(route)?.security).toBeUndefined();
  });

  it('documents the If-Match header of the configuration PATCH', () => {
    const operation = operationOf({ method: 'PATCH', template: '/v1/apps/{sdkAppId}/config' });
    expect(operation?.parameters).toContainEqual(expect.objectContaining({ in: 'header', name: 'if-match' }));
    expect(Object.keys(operation?.responses ?? {})).toEqual(expect.arrayContaining(['409', '410']));
  });

  it('documents the errors of every protected route as the catalogue’s error body', () => {
    for (const route of [...OPERATOR_ROUTES, ...APP_SCOPED_ROUTES]) {
      const operation = operationOf(route);
      for (const status of ['400', '401', '403', '404']) {
        const schema = operation && jsonSchemaOf(operation, status);
        const names = (schema as { properties?: { error?: { properties?: { name?: { enum?: string[] } } } } })
          ?.properties?.error?.properties?.name?.enum;
        expect(names, `${labelOf(route)} ${status}`).toEqual(Object.keys(errorCatalogue));
      }
    }
  });

  it('the structural check itself notices a broken document', () => {
    const broken = structuredClone(doc) as unknown as {
      paths: Record<string, Record<string, { parameters: unknown[]; responses: unknown }>>;
    };
    const read = broken.paths['/v1/apps/{sdkAppId}']?.get;
    if (!read) throw new Error('GET /v1/apps/{sdkAppId} is missing');
    read.parameters = [];
    read.responses = {
      200: { description: 'ok', content: { 'application/json': { schema: { type: ['string', 'null'] } } } },
    };
    expect(checkOpenApi3(broken)).toEqual([
      'GET /v1/apps/{sdkAppId}: {sdkAppId} has no path parameter',
      'GET /v1/apps/{sdkAppId} 200 application/json: type ["string","null"] is not an OpenAPI 3.0 type',
    ]);
  });
});

describe('replies match the document', () => {
  interface Call {
    method: RouteCase['method'];
    template: string;
    /** `{id}` stands for the fresh app's SDKAppID. */
    url: string;
    auth?: string | ((app: CreatedApp) => string);
    body?: unknown;
    headers?: Record<string, string>;
    /** Brings the fresh app into the state the call needs. */
    prepare?: (app: CreatedApp) => Promise<unknown>;
    /** The status the call must answer, when the test depends on it (e.g. a success). */
    status?: number;
  }

  /** Runs each call on a fresh app holding the account "alice"; returns every mismatch with the document. */
  async function replyProblems(calls: Call[]): Promise<string[]> {
    const ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(ajv);
    const problems: string[] = [];
    for (const { template, url, auth, prepare, status, ...call } of calls) {
      const app = await fx.createApp();
      await fx.stores.accounts.importAccounts(app.sdkAppId, [{ userId: 'alice' }], fx.now());
      await prepare?.(app);
      const reply = await fx.inject<unknown>({
        ...call,
        url: url.replace('{id}', String(app.sdkAppId)),
        ...(auth === undefined ? {} : { auth: typeof auth === 'string' ? auth : auth(app) }),
      });
      const label = `${call.method} ${template} → ${reply.status}`;
      if (status !== undefined && reply.status !== status) problems.push(`${label}: expected ${status}`);
      const operation = operationOf({ method: call.method, template });
      const schema = operation && jsonSchemaOf(operation, String(reply.status));
      if (schema === undefined) {
        problems.push(`${label}: this status is not documented`);
        continue;
      }
      const validate = ajv.compile(schema as object);
      if (!validate(reply.json)) problems.push(`${label}: ${ajv.errorsText(validate.errors)}`);
    }
    return problems;
  }

  function callOf(route: RouteCase, auth: Call['auth']): Call {
    return {
      method: route.method,
      template: route.template,
      url: urlOf(route).replace('/v1/apps/0', '/v1/apps/{id}'),
      ...(auth === undefined ? {} : { auth }),
      ...(route.body === undefined ? {} : { body: route.body }),
    };
  }

  it('every success reply matches its documented schema', async () => {
    const problems = await replyProblems(ALL_ROUTES.map((route) => callOf(route, fx.operator)));
    expect(problems).toEqual([]);
  });

  it('a configuration with every list filled, secrets redacted, matches the documented schema', async () => {
    fx.rememberConfigSecret('doc-token-1');
    const app = await fx.createApp({
      callbacks: { enabled: true, url: 'https://hooks.example.com/p', token: 'doc-token-1' },
      offlinePush: {
        apns: [
          {
            bundleId: 'com.example.a',
            environment: 'production',
            certificate: 'QUJD',
            expiresAt: '2026-01-01T00:00:00Z',
          },
        ],
        android: [{ vendor: 'fcm', packageName: 'com.example.a', appId: 'x', appSecret: '{}' }],
      },
      tags: [{ key: 'team', value: 'a' }],
      customFields: { user: [{ name: 'Tag_Profile_Custom_Hobby', read: 'friends', write: 'admin' }] },
    });
    const problems = await replyProblems([
      {
        method: 'GET',
        template: '/v1/apps/{sdkAppId}/config',
        url: `/v1/apps/${app.sdkAppId}/config`,
        auth: fx.operator,
      },
    ]);
    expect(problems).toEqual([]);
  });

  it('the success replies of one group’s routes match their documented schemas', async () => {
    // Group "team": owner alice, member bob, one message (seq 1); carol is an account outside it.
    const prepare = async (app: CreatedApp) => {
      await fx.stores.accounts.importAccounts(
        app.sdkAppId,
        [{ userId: 'bob' }, { userId: 'carol' }],
        fx.now(),
      );
      const groups = new GroupApi(fx, app);
      await groups.created({
        type: 'Public',
        groupId: 'team',
        name: 'Team',
        ownerId: 'alice',
        members: ['bob'],
      });
      await groups.send('team', { from: 'alice', body: text('hello'), mentions: ['bob'] });
    };
    const group = '/v1/apps/{sdkAppId}/groups/{groupId}';
    const calls: [RouteCase['method'], string, unknown?][] = [
      ['GET', group],
      ['PATCH', group, { name: 'Renamed', customFields: {} }],
      ['DELETE', group],
      ['PUT', `${group}/owner`, { ownerId: 'bob' }],
      ['PUT', `${group}/mute-all`, { muted: true }],
      ['GET', `${group}/members`],
      ['POST', `${group}/members`, { userIds: ['carol'] }],
      ['POST', `${group}/members/delete`, { userIds: ['bob'] }],
      ['PATCH', `${group}/members/{userId}`, { mutedForSeconds: 60, nameCard: 'Al' }],
      ['POST', `${group}/messages`, { body: text('hi') }],
      ['GET', `${group}/messages`],
      ['POST', `${group}/messages/{seq}/recall`],
    ];
    const problems = await replyProblems(
      calls.map(([method, template, body]) => ({
        method,
        template,
        url: urlOf({ method, template }).replace('/v1/apps/0', '/v1/apps/{id}'),
        auth: fx.operator,
        prepare,
        status: 200,
        ...(body === undefined ? {} : { body }),
      })),
    );
    expect(problems).toEqual([]);
  });

  it('every error status a route answers is documented for it, with the error body', async () => {
    const terminate = (app: CreatedApp) => fx.appConfig.terminate(app.sdkAppId);
    const problems = await replyProblems([
      // 401: no credentials.
      ...[...OPERATOR_ROUTES, ...APP_SCOPED_ROUTES].map((route) => callOf(route, undefined)),
      // 403: alice is a user of the app, not an administrator.
      ...APP_SCOPED_ROUTES.map((route) => callOf(route, (app) => fx.appAdmin(app, 'alice'))),
      // 404 and 400 on the path.
      { method: 'GET', template: '/v1/apps/{sdkAppId}', url: '/v1/apps/1400009999', auth: fx.operator },
      { method: 'GET', template: '/v1/apps/{sdkAppId}', url: '/v1/apps/x', auth: fx.operator },
      // 409: a stale If-Match.
      {
        method: 'PATCH',
        template: '/v1/apps/{sdkAppId}/config',
        url: '/v1/apps/{id}/config',
        auth: fx.operator,
        headers: { 'if-match': '"7"' },
        body: {},
      },
      // 410: a terminated app, for its admins on every route; 404: an app that does not exist, for the operator.
      ...APP_SCOPED_ROUTES.map((route) => ({
        ...callOf(route, (app) => fx.appAdmin(app)),
        prepare: terminate,
      })),
      ...APP_SCOPED_ROUTES.map((route) => ({ ...callOf(route, fx.operator), url: urlOf(route, 1) })),
      // 410: changes to a terminated app.
      ...APP_SCOPED_ROUTES.filter((route) => route.method !== 'GET' && route.method !== 'DELETE')
        .filter((route) => !route.template.includes('/users/') && !route.template.endsWith('/usersig'))
        .map((route) => ({ ...callOf(route, fx.operator), prepare: terminate })),
    ]);
    expect(problems).toEqual([]);
  });
});

describe('/docs', () => {
  it('serves the Swagger UI page', async () => {
    const page = await fx.api.inject({ method: 'GET', url: '/docs' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.body).toContain('<html');
    expect(page.body).toContain('swagger-ui');
  });
});
