import { connect } from 'node:net';
import { startTestParley, type TestParley } from '@parley/testing';
import { genUserSig } from '@parley/usersig';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeSegment, nastyString, randomJson } from './support/fuzz/fuzz-values.ts';
import { errorProblems, leaks } from './support/fuzz/reply-checks.ts';
import { FUZZ_SEED, SeededRandom } from './support/fuzz/seeded-random.ts';

/** Bounded in count and in time: whichever comes first ends a phase. */
const REQUESTS = 1_000;
const RAW_REQUESTS = 60;
const PHASE_MS = 6_000;
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

let parley: TestParley;
const logLines: { level: number; msg: string }[] = [];
const apps: { sdkAppId: number; secretKey: string }[] = [];
let templates: { method: string; path: string }[] = [];

beforeAll(async () => {
  parley = await startTestParley(
    { PARLEY_LOG_LEVEL: 'info' },
    { logDestination: { write: (line: string) => void logLines.push(JSON.parse(line)) } },
  );
  for (let i = 0; i < 3; i += 1) {
    const app = await parley.createApp();
    await parley.admin('POST', `/v1/apps/${app.sdkAppId}/users`, { accounts: [{ userId: 'alice' }] });
    apps.push(app);
  }
  const doc = (await (await fetch(`${parley.adminUrl}/docs/json`)).json()) as {
    paths: Record<string, Record<string, unknown>>;
  };
  templates = Object.entries(doc.paths).flatMap(([path, operations]) =>
    Object.keys(operations).map((method) => ({ method: method.toUpperCase(), path })),
  );
});
afterAll(() => parley.close());

/** The server answers, is ready, and logged nothing at error level during the phase. */
async function expectHealthy(phase: string): Promise<void> {
  for (const path of ['/healthz', '/readyz']) {
    const response = await fetch(`${parley.adminUrl}${path}`);
    expect(response.status, `${phase}: ${path}`).toBe(200);
  }
  expect(
    logLines.filter((line) => line.level >= 50).map((line) => line.msg),
    `${phase}: error logs`,
  ).toEqual([]);
}

function pathSegment(random: SeededRandom, name: string): string {
  const app = random.pick(apps);
  const choices: (() => string)[] = [
    () => encodeSegment(nastyString(random)),
    () => random.pick(['%ED%A0%80', '%', '%zz', '..', '1'.repeat(120), '%00', '-1', '0', '1e3']),
  ];
  if (name === 'sdkAppId')
    choices.push(
      () => String(app.sdkAppId),
      () => String(app.sdkAppId),
      () => '1',
    );
  if (name === 'userId')
    choices.push(
      () => 'alice',
      () => 'administrator',
    );
  if (name === 'id')
    choices.push(
      () => '1',
      () => String(random.int(0, 99)),
    );
  return random.pick(choices)();
}

function authorization(random: SeededRandom, sdkAppId: number): string | undefined {
  const app = apps.find((candidate) => candidate.sdkAppId === sdkAppId) ?? random.pick(apps);
  const sig = (userId: string) =>
    genUserSig({ sdkAppId: app.sdkAppId, secretKey: app.secretKey, userId, expireSeconds: 3600 });
  return random.pick<() => string | undefined>([
    () => undefined,
    () => `Bearer ${parley.operatorToken}`,
    () => `Bearer ${parley.operatorToken}`,
    () => 'Bearer wrong',
    () => `UserSig administrator ${sig('administrator')}`,
    () => `UserSig alice ${sig('alice')}`,
    () => 'UserSig administrator',
    () => `UserSig ${'x'.repeat(40)} ${sig('administrator')}`,
    () => 'UserSig a b c',
    () => 'Basic YTpi',
  ])();
}

function requestOf(random: SeededRandom): {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
} {
  const template = random.chance(0.9)
    ? random.pick(templates)
    : { method: 'GET', path: `/v1/${nastyString(random)}` };
  const method = random.chance(0.75) ? template.method : random.pick(METHODS);
  let sdkAppId = 0;
  let url = template.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const segment = pathSegment(random, name);
    if (name === 'sdkAppId') sdkAppId = Number(segment);
    return segment;
  });
  if (random.chance(0.1))
    url += `?${encodeSegment(nastyString(random))}=${encodeSegment(nastyString(random))}`;
  const headers: Record<string, string> = {};
  const auth = authorization(random, sdkAppId);
  if (auth !== undefined) headers.authorization = auth;
  if (method === 'GET' || method === 'DELETE' || random.chance(0.1)) return { method, url, headers };
  headers['content-type'] = random.pick([
    'application/json',
    'application/json',
    'text/plain',
    'application/xml',
  ]);
  const body = random.chance(0.1)
    ? random.pick(['{"details":', '', 'null', '[]', '{"a":1}{', '\u0000'])
    : JSON.stringify(randomJson(random));
  return { method, url, headers, body };
}

describe(`admin API fuzz (seed ${FUZZ_SEED})`, () => {
  it(`${REQUESTS} random requests: no 5xx, no stack, every error a catalogue error`, async () => {
    const random = new SeededRandom(FUZZ_SEED);
    const problems: string[] = [];
    const deadline = Date.now() + PHASE_MS;
    let sent = 0;
    for (; sent < REQUESTS && Date.now() < deadline; sent += 1) {
      const request = requestOf(random);
      const response = await fetch(`${parley.adminUrl}${request.url}`, {
        method: request.method,
        headers: request.headers,
        ...(request.body === undefined ? {} : { body: request.body }),
      });
      const text = await response.text();
      const label = `#${sent} ${request.method} ${request.url} → ${response.status}`;
      const found = [...leaks(text)];
      if (response.status >= 500) found.push('a 5xx reply');
      if (response.status >= 400) {
        const body = safeJson(text) as { error?: unknown } | undefined;
        found.push(...errorProblems(body?.error, response.status));
      }
      for (const problem of found) problems.push(`${label}: ${problem}`);
    }
    expect(problems.slice(0, 20)).toEqual([]);
    expect(sent).toBeGreaterThan(100);
    await expectHealthy('random requests');
  });

  it(`${RAW_REQUESTS} malformed raw HTTP requests: a catalogue error or nothing, never a 5xx`, async () => {
    const random = new SeededRandom(FUZZ_SEED + 1);
    const problems: string[] = [];
    const deadline = Date.now() + PHASE_MS;
    for (let i = 0; i < RAW_REQUESTS && Date.now() < deadline; i += 1) {
      const request = rawRequest(random);
      const response = await rawExchange(parley.adminUrl, request);
      if (response === '') continue;
      const [head = '', body = ''] = response.split('\r\n\r\n');
      const status = Number(head.split(' ')[1]);
      const label = `#${i} ${JSON.stringify(request.slice(0, 60))} → ${status}`;
      const found = [...leaks(response)];
      if (!(status < 500)) found.push('a 5xx reply');
      if (status >= 400)
        found.push(...errorProblems((safeJson(body) as { error?: unknown } | undefined)?.error, status));
      for (const problem of found) problems.push(`${label}: ${problem}`);
    }
    expect(problems.slice(0, 20)).toEqual([]);
    await expectHealthy('raw HTTP');
  });
});

function rawRequest(random: SeededRandom): string {
  const target = random.pick([
    '/healthz',
    '/v1/apps',
    `/v1/apps/${random.pick(apps).sdkAppId}/config`,
    '/%ED%A0%80',
  ]);
  return random.pick<() => string>([
    () => 'GARBAGE\r\n\r\n',
    () => `GET ${target} HTTP/9.9\r\n\r\n`,
    () => `GET ${target} HTTP/1.1\r\nHost: x\r\nX-Pad: ${'a'.repeat(random.int(17_000, 40_000))}\r\n\r\n`,
    () => `GET ${target} HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n`,
    () => `POST ${target} HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n`,
    () => `POST ${target} HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello`,
    () => `POST ${target} HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n`,
    () =>
      `POST ${target} HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n0\r\n\r\n`,
    () => `GET ${target}\u0000 HTTP/1.1\r\nHost: x\r\n\r\n`,
    () => `${'A'.repeat(random.int(1, 20))} ${target} HTTP/1.1\r\nHost: x\r\n\r\n`,
    () => `GET ${target} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${nastyString(random)}\r\n\r\n`,
    () =>
      `PATCH ${target} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"`,
  ])();
}

/** Writes `request` on a fresh connection; resolves with what came back once the server closes or goes quiet. */
function rawExchange(baseUrl: string, request: string): Promise<string> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const socket = connect(Number(port), hostname, () => socket.write(request));
    const done = () => {
      socket.destroy();
      resolve(Buffer.concat(chunks).toString('utf8'));
    };
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', done);
    socket.on('close', done);
    // A request cut short (a body never sent) is answered by nothing: the client gives up, as an attacker would.
    setTimeout(done, 300).unref();
  });
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
