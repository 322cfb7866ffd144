import { readFileSync } from 'node:fs';
import { CALLBACK_EVENTS } from '@parley/app-config';
import { describe, expect, it } from 'vitest';
import { callbackSign } from '../src/index.ts';

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
});
