import type { AppConfig } from '@parley/app-config';
import type { Platform } from '@parley/protocol';
import type { SessionRecord } from '../ports/session-registry.ts';

type MultiLogin = AppConfig['multiLogin'];

/**
 * Which platform "slots" may be online together under each of Tencent's policies. Platforms in the same slot
 * exclude each other (a login on one kicks the others); web is always its own slot, limited by webInstances.
 * - single-platform: one native platform at a time (+ web);
 * - dual-platform: one mobile (Android/iPhone/iPad) and one desktop (Windows/Mac/Linux) (+ web);
 * - triple-platform: one phone (Android/iPhone), one iPad and one desktop (+ web);
 * - multi-platform: every platform at once.
 */
export function platformSlot(policy: MultiLogin['policy'], platform: Platform): string {
  if (platform === 'web') return 'web';
  switch (policy) {
    case 'single-platform':
      return 'native';
    case 'dual-platform':
      return platform === 'ios' || platform === 'android' || platform === 'ipad' ? 'mobile' : 'desktop';
    case 'triple-platform':
      if (platform === 'ipad') return 'pad';
      return platform === 'ios' || platform === 'android' ? 'phone' : 'desktop';
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
