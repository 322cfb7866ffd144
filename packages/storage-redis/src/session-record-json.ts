import type { SessionRecord } from '@parley/domain';
import { platformSchema } from '@parley/protocol';

/** Reads back a session this adapter stored; anything else in the hash is a bug, not user input. */
export function parseSessionRecord(raw: string): SessionRecord {
  const value: unknown = JSON.parse(raw);
  if (typeof value === 'object' && value !== null) {
    const { sdkAppId, userId, instanceId, platform, nodeId, connectedAt } = value as Record<string, unknown>;
    const parsedPlatform = platformSchema.safeParse(platform);
    if (
      typeof sdkAppId === 'number' &&
      typeof userId === 'string' &&
      typeof instanceId === 'string' &&
      parsedPlatform.success &&
      typeof nodeId === 'string' &&
      typeof connectedAt === 'number'
    ) {
      return { sdkAppId, userId, instanceId, platform: parsedPlatform.data, nodeId, connectedAt };
    }
  }
  throw new Error(`Malformed session record in Redis: ${raw.slice(0, 200)}`);
}
