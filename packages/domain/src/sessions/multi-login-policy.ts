import type { AppConfig } from '@parley/app-config';
import type { Platform } from '@parley/protocol';
import type { SessionRecord } from '../ports/session-registry.ts';

type MultiLogin = AppConfig['multiLogin'];

/**
 * Which platform "slots" may be online together under each of Tencent's policies (docs/configuration.md).
 * Sessions in the same slot on another platform exclude each other: a login there kicks them.
 * - single-platform: one platform at a time, web included;
 * - dual-platform: one native platform (Android, iPhone, iPad, Windows, Mac, Linux) plus web;
 * - triple-platform: one mobile (Android, iPhone, iPad), one desktop (Windows, Mac, Linux), plus web;
 * - multi-platform: every platform at once.
 */
export function platformSlot(policy: MultiLogin['policy'], platform: Platform): string {
  switch (policy) {
    case 'single-platform':
      return 'any';
    case 'dual-platform':
      return platform === 'web' ? 'web' : 'native';
    case 'triple-platform':
      if (platform === 'web') return 'web';
      return platform === 'ios' || platform === 'android' || platform === 'ipad' ? 'mobile' : 'desktop';
    case 'multi-platform':
      return platform;
    default: {
      const unknownPolicy: never = policy;
      throw new Error(`Unknown multi-login policy ${String(unknownPolicy)}`);
    }
  }
}

/**
 * The sessions a new login evicts: every session in the same slot on another platform, then the oldest on the
 * same platform beyond the per-platform instance limit (web: webInstances; native: nativeInstancesPerPlatform).
 */
export function decideEvictions(
  config: MultiLogin,
  incoming: Pick<SessionRecord, 'platform' | 'instanceId'>,
  existing: readonly SessionRecord[],
): SessionRecord[] {
  const slot = platformSlot(config.policy, incoming.platform);
  const evicted: SessionRecord[] = [];
  const samePlatform: SessionRecord[] = [];
  for (const session of existing) {
    if (session.instanceId === incoming.instanceId) continue;
    if (platformSlot(config.policy, session.platform) !== slot) continue;
    if (session.platform === incoming.platform) samePlatform.push(session);
    else evicted.push(session);
  }
  const limit = incoming.platform === 'web' ? config.webInstances : config.nativeInstancesPerPlatform;
  const excess = samePlatform.length + 1 - limit;
  if (excess > 0) {
    samePlatform.sort((a, b) => a.connectedAt - b.connectedAt);
    evicted.push(...samePlatform.slice(0, excess));
  }
  return evicted;
}
