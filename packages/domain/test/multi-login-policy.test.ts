import type { Platform } from '@parley/protocol';
import { describe, expect, it } from 'vitest';
import { decideEvictions, type SessionRecord } from '../src/index.ts';

type Policy = 'single-platform' | 'dual-platform' | 'triple-platform' | 'multi-platform';

function session(instanceId: string, platform: Platform, connectedAt = 1): SessionRecord {
  return { sdkAppId: 1, userId: 'u', instanceId, platform, nodeId: 'n', connectedAt };
}

function evicted(
  policy: Policy,
  incoming: Platform,
  existing: SessionRecord[],
  limits = { native: 1, web: 1 },
) {
  return decideEvictions(
    { policy, nativeInstancesPerPlatform: limits.native, webInstances: limits.web },
    { instanceId: 'new', platform: incoming },
    existing,
  ).map((s) => s.instanceId);
}

describe('decideEvictions (Tencent multi-platform login policies)', () => {
  const all: SessionRecord[] = (['ios', 'android', 'ipad', 'windows', 'mac', 'linux', 'web'] as const).map(
    (p) => session(p, p),
  );

  it('single-platform: any login kicks every other platform, web included', () => {
    expect(evicted('single-platform', 'ios', all).sort()).toEqual([
      'android',
      'ios',
      'ipad',
      'linux',
      'mac',
      'web',
      'windows',
    ]);
    expect(evicted('single-platform', 'web', [session('a', 'android')])).toEqual(['a']);
  });

  it('dual-platform: one native platform plus web', () => {
    expect(evicted('dual-platform', 'mac', all).sort()).toEqual([
      'android',
      'ios',
      'ipad',
      'linux',
      'mac',
      'windows',
    ]);
    expect(evicted('dual-platform', 'web', [session('a', 'android')])).toEqual([]);
  });

  it('triple-platform: one mobile, one desktop, plus web', () => {
    expect(evicted('triple-platform', 'ipad', all).sort()).toEqual(['android', 'ios', 'ipad']);
    expect(evicted('triple-platform', 'linux', all).sort()).toEqual(['linux', 'mac', 'windows']);
    expect(evicted('triple-platform', 'web', all)).toEqual(['web']);
  });

  it('multi-platform: every platform at once; only the same platform beyond its limit is kicked', () => {
    expect(evicted('multi-platform', 'ios', all)).toEqual(['ios']);
    const iosTwice = [session('old', 'ios', 1), session('older', 'ios', 0)];
    expect(evicted('multi-platform', 'ios', iosTwice, { native: 2, web: 1 })).toEqual(['older']);
    expect(evicted('multi-platform', 'ios', iosTwice, { native: 3, web: 1 })).toEqual([]);
  });

  it('web instances follow webInstances, oldest first', () => {
    const tabs = [session('t1', 'web', 1), session('t2', 'web', 2), session('t3', 'web', 3)];
    expect(evicted('multi-platform', 'web', tabs, { native: 1, web: 3 })).toEqual(['t1']);
    expect(evicted('dual-platform', 'web', tabs, { native: 1, web: 2 })).toEqual(['t1', 't2']);
    expect(evicted('dual-platform', 'web', tabs, { native: 1, web: 10 })).toEqual([]);
  });

  it('never evicts the incoming instance itself (a re-register)', () => {
    expect(evicted('single-platform', 'ios', [session('new', 'ios')])).toEqual([]);
  });
});
