import type { SeededRandom } from './seeded-random.ts';

/** Strings that broke or could break something: encodings, lengths, injections, separators. */
const NASTY_STRINGS: readonly string[] = [
  '',
  ' ',
  'a',
  'alice',
  'administrator',
  '\ud800',
  'a\udfffb',
  '\u0000',
  'a\u0007b',
  '\u0085',
  '\u202e',
  '😀',
  'é'.repeat(17),
  'x'.repeat(33),
  'x'.repeat(5000),
  'c2c:alice:bob',
  'c2c:a',
  'c2c:alice:\ud800',
  'a:b',
  '../../etc/passwd',
  '%00',
  '%ED%A0%80',
  '<script>alert(1)</script>',
  "'; DROP TABLE accounts; --",
  '{"$gt":""}',
  'javascript:alert(1)',
  'data:text/html,x',
  'file:///etc/passwd',
  'https://cdn.example.com/a.jpg',
  'http://127.0.0.1:9/',
  'http://[64:ff9b::7f00:1]/',
  '__proto__',
  'constructor',
  'NaN',
  '1e309',
  '-1',
  '1400000000',
  'null',
  'true',
  '********',
];

const KEYS: readonly string[] = [
  'details',
  'name',
  'admins',
  'messaging',
  'recallLimitSeconds',
  'historyRetentionDays',
  'callbacks',
  'enabled',
  'url',
  'token',
  'plan',
  'status',
  'accounts',
  'userId',
  'userIds',
  'nick',
  'faceUrl',
  'mutedForSeconds',
  'addVerification',
  'expireSeconds',
  'to',
  'random',
  'body',
  'MsgType',
  'MsgContent',
  'Text',
  'URL',
  'conversationId',
  'afterSeq',
  'beforeSeq',
  'limit',
  'seq',
  'sdkAppId',
  'userSig',
  'platform',
  '__proto__',
  'constructor',
];

const NUMBERS: readonly number[] = [
  0,
  -1,
  1,
  2,
  100,
  101,
  500,
  501,
  1.5,
  2 ** 31,
  2 ** 32,
  2 ** 53,
  -(2 ** 53),
  1e308,
  Number.MIN_VALUE,
];

export function nastyString(random: SeededRandom): string {
  if (random.chance(0.2)) {
    const length = random.int(0, 40);
    let text = '';
    for (let i = 0; i < length; i += 1) text += String.fromCharCode(random.int(0, 0xffff));
    return text;
  }
  return random.pick(NASTY_STRINGS);
}

export function nastyNumber(random: SeededRandom): number {
  return random.chance(0.7) ? random.pick(NUMBERS) : random.int(-1000, 1_000_000);
}

/** A random JSON value, nested at most `depth` levels, keys mostly from the API's own field names. */
export function randomJson(random: SeededRandom, depth = 3): unknown {
  const kind = random.int(0, depth > 0 ? 7 : 4);
  switch (kind) {
    case 0:
      return null;
    case 1:
      return random.chance(0.5);
    case 2:
      return nastyNumber(random);
    case 3:
    case 4:
      return nastyString(random);
    case 5:
      return Array.from({ length: random.int(0, 4) }, () => randomJson(random, depth - 1));
    default: {
      const object: Record<string, unknown> = {};
      for (let i = random.int(0, 5); i > 0; i -= 1) {
        const key = random.chance(0.8) ? random.pick(KEYS) : nastyString(random);
        object[key] = randomJson(random, depth - 1);
      }
      return object;
    }
  }
}

/** encodeURIComponent, with an unpaired surrogate (which it cannot encode) sent as its invalid UTF-8 bytes. */
export function encodeSegment(text: string): string {
  try {
    return encodeURIComponent(text);
  } catch {
    return '%ED%A0%80';
  }
}
