import { closeCodes, opNames } from '@parley/protocol';
import { startTestParley, type TestParley } from '@parley/testing';
import { genUserSig } from '@parley/usersig';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FuzzOutcome, FuzzSocket } from './support/fuzz/fuzz-socket.ts';
import { nastyNumber, nastyString, randomJson } from './support/fuzz/fuzz-values.ts';
import { errorProblems, leaks } from './support/fuzz/reply-checks.ts';
import { FUZZ_SEED, SeededRandom } from './support/fuzz/seeded-random.ts';

/** Bounded in count and in time: whichever comes first ends a phase. */
const FRAMES_BEFORE_LOGIN = 400;
const FRAMES_LOGGED_IN = 1_500;
const PHASE_MS = 7_000;
const KNOWN_CLOSE_CODES = new Set<number>(Object.values(closeCodes).map((entry) => entry.code));

let parley: TestParley;
let app: { sdkAppId: number; secretKey: string };
const logLines: { level: number; msg: string }[] = [];
const sockets: FuzzSocket[] = [];

beforeAll(async () => {
  parley = await startTestParley(
    { PARLEY_LOG_LEVEL: 'info' },
    { logDestination: { write: (line: string) => void logLines.push(JSON.parse(line)) } },
  );
  app = await parley.createApp();
  await parley.admin('POST', `/v1/apps/${app.sdkAppId}/users`, {
    accounts: ['alice', 'bob', 'carol'].map((userId) => ({ userId })),
  });
});
afterAll(async () => {
  for (const socket of sockets) socket.close();
  await parley.close();
});

const sig = (userId: string) =>
  genUserSig({ sdkAppId: app.sdkAppId, secretKey: app.secretKey, userId, expireSeconds: 3600 });

async function open(): Promise<FuzzSocket> {
  const socket = await FuzzSocket.open(parley.wsUrl);
  sockets.push(socket);
  return socket;
}

async function loggedIn(userId: string): Promise<FuzzSocket> {
  const socket = await open();
  const login = JSON.stringify({
    id: 'login',
    op: 'login',
    data: { sdkAppId: app.sdkAppId, userId, userSig: sig(userId), platform: 'web' },
  });
  const outcome = await socket.exchange(login);
  if (outcome.kind !== 'reply' || outcome.frame.ok !== true)
    throw new Error(`login: ${JSON.stringify(outcome)}`);
  return socket;
}

/** Problems with one outcome: a reply must be JSON with a catalogue error when not ok; a close a known code. */
function outcomeProblems(outcome: FuzzOutcome): string[] {
  if (outcome.kind === 'silent') return ['no reply and no close'];
  if (outcome.kind === 'closed') {
    return KNOWN_CLOSE_CODES.has(outcome.code) || outcome.code === 1006 ? [] : [`close code ${outcome.code}`];
  }
  const problems = leaks(outcome.text);
  if (outcome.frame.ok === false) problems.push(...errorProblems(outcome.frame.error));
  else if (outcome.frame.ok !== true) problems.push(`not a reply: ${outcome.text.slice(0, 80)}`);
  return problems;
}

/** Valid-looking data for an op, with fields and values the fuzz then breaks. */
function dataFor(random: SeededRandom, op: string): Record<string, unknown> {
  const peer = random.pick(['bob', 'carol', 'alice', 'nobody']);
  const conversationId = random.pick([
    'c2c:alice:bob',
    'c2c:alice:carol',
    'c2c:bob:carol',
    'c2c:alice:nobody',
  ]);
  const text = [{ MsgType: 'TIMTextElem', MsgContent: { Text: nastyString(random) } }];
  const image = [
    {
      MsgType: 'TIMImageElem',
      MsgContent: {
        UUID: 'u',
        ImageFormat: 1,
        ImageInfoArray: [{ Type: 1, Size: 1, Width: 1, Height: 1, URL: nastyString(random) }],
      },
    },
  ];
  const byOp: Record<string, () => Record<string, unknown>> = {
    login: () => ({ sdkAppId: app.sdkAppId, userId: 'alice', userSig: sig('alice'), platform: 'web' }),
    send: () => ({ to: peer, random: random.int(0, 2 ** 32 - 1), body: random.chance(0.5) ? text : image }),
    sync: () => ({ conversationId, afterSeq: random.int(0, 5), limit: random.int(1, 500) }),
    history: () => ({ conversationId, limit: random.int(1, 100) }),
    recall: () => ({ conversationId, seq: random.int(1, 5) }),
    read: () => ({ conversationId, seq: random.int(0, 5) }),
    conversations: () => ({ limit: random.int(1, 500) }),
    'friend.add': () => ({ to: peer, wording: nastyString(random) }),
    'friend.respond': () => ({ from: peer, accept: random.chance(0.5) }),
    'friend.delete': () => ({ userId: peer }),
    'friend.check': () => ({ userIds: [peer] }),
    'blacklist.add': () => ({ userIds: [peer] }),
    'blacklist.remove': () => ({ userIds: [peer] }),
  };
  const data = Object.hasOwn(byOp, op) ? (byOp[op]?.() ?? {}) : {};
  // Break one field in three: a nasty value, a random JSON value, or a key that does not belong.
  for (const key of Object.keys(data)) {
    if (!random.chance(0.33)) continue;
    data[key] = random.pick<() => unknown>([
      () => nastyString(random),
      () => nastyNumber(random),
      () => randomJson(random, 2),
      () => undefined,
    ])();
  }
  if (random.chance(0.1)) data[nastyString(random)] = randomJson(random, 1);
  return data;
}

/** One frame: mostly `{ id, op, data }` with a real op, sometimes anything at all. */
function frameOf(random: SeededRandom, index: number, ops: readonly string[]): string | Buffer {
  const shape = random.int(0, 19);
  if (shape === 0) return nastyString(random);
  if (shape === 1) return JSON.stringify(randomJson(random));
  if (shape === 2) return Buffer.from(JSON.stringify({ id: `b${index}`, op: 'ping', data: {} }));
  if (shape === 3) return `{"id":"${index}","op":`;
  const op = random.chance(0.9) ? random.pick(ops) : nastyString(random);
  const id = random.chance(0.9) ? `f${index}` : randomJson(random, 1);
  const data = random.chance(0.85) ? dataFor(random, op) : randomJson(random, 2);
  return JSON.stringify({ id, op, data });
}

/** The server answers: health, and a fresh user can log in, send and be delivered to, and nothing was logged at error level. */
async function expectHealthy(phase: string): Promise<void> {
  expect((await fetch(`${parley.adminUrl}/healthz`)).status, `${phase}: /healthz`).toBe(200);
  const carol = await loggedIn('carol');
  const bob = await loggedIn('bob');
  const send = JSON.stringify({
    id: 'health',
    op: 'send',
    data: { to: 'bob', random: 1, body: [{ MsgType: 'TIMTextElem', MsgContent: { Text: 'ok?' } }] },
  });
  const sent = await carol.exchange(send);
  expect(sent.kind === 'reply' && sent.frame.ok, `${phase}: send after the fuzz`).toBe(true);
  carol.close();
  bob.close();
  expect(
    logLines.filter((line) => line.level >= 50).map((line) => line.msg),
    `${phase}: error logs`,
  ).toEqual([]);
}

async function fuzz(
  random: SeededRandom,
  count: number,
  connect: () => Promise<FuzzSocket>,
  ops: readonly string[],
): Promise<{ problems: string[]; sent: number }> {
  const problems: string[] = [];
  const deadline = Date.now() + PHASE_MS;
  let socket = await connect();
  let sent = 0;
  for (; sent < count && Date.now() < deadline; sent += 1) {
    if (!socket.isOpen) socket = await connect();
    const frame = frameOf(random, sent, ops);
    const outcome = await socket.exchange(frame);
    for (const problem of outcomeProblems(outcome)) {
      problems.push(`#${sent} ${String(frame).slice(0, 100)} → ${outcome.kind}: ${problem}`);
    }
  }
  socket.close();
  return { problems, sent };
}

describe(`WebSocket protocol fuzz (seed ${FUZZ_SEED})`, () => {
  it(`${FRAMES_BEFORE_LOGIN} random frames before login: a catalogue error or a documented close, never a stack`, async () => {
    const random = new SeededRandom(FUZZ_SEED + 10);
    const { problems, sent } = await fuzz(random, FRAMES_BEFORE_LOGIN, open, ['login', 'login', ...opNames]);
    expect(problems.slice(0, 20)).toEqual([]);
    expect(sent).toBeGreaterThan(50);
    await expectHealthy('before login');
  });

  it(`${FRAMES_LOGGED_IN} random frames of a logged-in user: no INTERNAL, no stack, every error in the catalogue`, async () => {
    const random = new SeededRandom(FUZZ_SEED + 11);
    const ops = opNames.filter((op) => op !== 'logout');
    const { problems, sent } = await fuzz(random, FRAMES_LOGGED_IN, () => loggedIn('alice'), ops);
    expect(problems.slice(0, 20)).toEqual([]);
    expect(sent).toBeGreaterThan(200);
    await expectHealthy('logged in');
  });
});
