import { readFileSync } from 'node:fs';
import { CALLBACK_EVENTS } from '@parley/app-config';
import { platformSchema } from '@parley/protocol';
import { describe, expect, it } from 'vitest';
import { callbackSign, optPlatformOf } from '../src/index.ts';

const doc = readFileSync(new URL('../../../docs/callbacks.md', import.meta.url), 'utf8');

describe('docs/callbacks.md', () => {
  it('shows a sample body for every event', () => {
    const missing = CALLBACK_EVENTS.filter((event) => !doc.includes(`"CallbackCommand": "${event}"`));

    expect(missing).toEqual([]);
  });

  it('gives a signature example the code agrees with', () => {
    const example = /sha256\("([^"]+)" \+ "(\d+)"\) = ([0-9a-f]{64})/.exec(doc);

    expect(example).not.toBeNull();
    const [, token = '', requestTime = '', sign = ''] = example ?? [];
    expect(callbackSign(token, Number(requestTime))).toBe(sign);
    expect(doc).toContain(`Sign=${sign}&RequestTime=${requestTime}`);
  });

  it('lists exactly the OptPlatform values the code sends', () => {
    const row = doc.split('\n').find((line) => line.startsWith('| `OptPlatform`'));
    const documented = [...(row ?? '').matchAll(/`([A-Za-z]+)`/g)].map((match) => match[1]).slice(1);
    const sent = new Set(platformSchema.options.map((platform) => optPlatformOf(platform)));

    expect(new Set(documented)).toEqual(sent);
  });
});
