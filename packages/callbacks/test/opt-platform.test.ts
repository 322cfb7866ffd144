import { platformSchema } from '@parley/protocol';
import { describe, expect, it } from 'vitest';
import { optPlatformOf } from '../src/index.ts';

describe('optPlatformOf', () => {
  it('names every client platform as Tencent’s callback protocol does (iPad, not IPad)', () => {
    const named = Object.fromEntries(
      platformSchema.options.map((platform) => [platform, optPlatformOf(platform)]),
    );

    expect(named).toEqual({
      ios: 'iOS',
      android: 'Android',
      ipad: 'iPad',
      windows: 'Windows',
      mac: 'Mac',
      web: 'Web',
      linux: 'Unknown',
    });
  });

  it('names the admin API RESTAPI', () => {
    expect(optPlatformOf('restapi')).toBe('RESTAPI');
  });

  it('calls a platform it does not know Unknown', () => {
    expect(optPlatformOf('tizen')).toBe('Unknown');
  });
});
