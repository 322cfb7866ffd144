import type { EvictionDecision, SessionRecord, SessionRegistry } from '@parley/domain';
import { ParleyError } from '@parley/protocol';
import type { Redis } from 'ioredis';
import { parseSessionRecord } from './session-record-json.ts';
import {
  commitRegisterScript,
  countAppScript,
  readUserScript,
  unregisterScript,
} from './session-registry-scripts.ts';
import { redisCall } from './storage-errors.ts';

export interface RedisSessionRegistryOptions {
  redis: Redis;
  /** Namespaces every key, e.g. 'parley:'. */
  keyPrefix: string;
  /** A node whose last heartbeat is older than this is dead, and its sessions gone. */
  nodeTtlMs: number;
  /** How many optimistic attempts a contended register gets before failing. */
  maxAttempts?: number;
}

/**
 * SessionRegistry on one Redis. register is optimistic: read the user's live sessions, run `decide` here, then a
 * script applies the result only if those sessions are still exactly what `decide` saw (else: read again). The
 * quota check and every write happen inside that script, so concurrent registers from any number of nodes
 * cannot overshoot the decision or the app's connection quota.
 */
export function createRedisSessionRegistry(options: RedisSessionRegistryOptions): SessionRegistry {
  const { redis, keyPrefix, nodeTtlMs } = options;
  /** The Redis server's run_id at the last heartbeat: it changes when the server restarts. */
  let lastRunId: string | undefined;
  const maxAttempts = options.maxAttempts ?? 64;
  const userKey = (sdkAppId: number, userId: string) => `${keyPrefix}user:${sdkAppId}:${userId}`;

  async function readLive(session: Pick<SessionRecord, 'sdkAppId' | 'userId'>) {
    const reply = await readUserScript.run(redis, [userKey(session.sdkAppId, session.userId)], [keyPrefix]);
    const [digest, ...raws] = stringArray(reply);
    if (digest === undefined) throw new Error('Session registry read returned no digest');
    return { digest, sessions: raws.map(parseSessionRecord) };
  }

  return {
    async register(session, decide: EvictionDecision, maxAppConnections) {
      const raw = JSON.stringify(toRecord(session));
      for (let attempt = 1; attempt <= maxAttempts; attempt += 1) {
        const { digest, sessions } = await readLive(session);
        const evict = decide(sessions).map((s) => s.instanceId);
        const reply = stringArray(
          await commitRegisterScript.run(
            redis,
            [userKey(session.sdkAppId, session.userId)],
            [
              keyPrefix,
              session.sdkAppId,
              session.userId,
              digest,
              raw,
              session.instanceId,
              session.nodeId,
              maxAppConnections,
              nodeTtlMs,
              ...evict,
            ],
          ),
        );
        const [outcome, ...evicted] = reply;
        if (outcome === 'ok') return evicted.map(parseSessionRecord);
        if (outcome === 'quota') throw new ParleyError('CONNECTION_QUOTA_EXCEEDED');
        if (outcome !== 'conflict') throw new Error(`Unexpected register reply ${String(outcome)}`);
        // Another login of this user won the race; spread the retries so the losers do not collide again.
        await sleep(Math.random() * Math.min(attempt * 2, 20));
      }
      throw new ParleyError('STORAGE_UNAVAILABLE', {
        detail: `(redis: register of one user still contended after ${maxAttempts} attempts)`,
      });
    },

    async unregister(session) {
      await unregisterScript.run(
        redis,
        [userKey(session.sdkAppId, session.userId)],
        [
          keyPrefix,
          session.sdkAppId,
          session.userId,
          session.instanceId,
          session.nodeId,
          session.connectedAt,
        ],
      );
    },

    async list(sdkAppId, userId) {
      return (await readLive({ sdkAppId, userId })).sessions;
    },

    async countApp(sdkAppId) {
      const reply = await countAppScript.run(redis, [], [keyPrefix, sdkAppId]);
      if (typeof reply !== 'number') throw new Error('Session count reply is not a number');
      return reply;
    },

    async heartbeat(nodeId) {
      // SET … GET returns the previous value: null means the node was unknown. A Redis restart is seen by its run_id
      // too, because a heartbeat queued during the outage may run first after it and re-create the node key.
      const [previous, info] = await redisCall(async () => {
        const replies = await redis
          .multi()
          .set(`${keyPrefix}node:${nodeId}`, '1', 'PX', nodeTtlMs, 'GET')
          .info('server')
          .exec();
        return [replies?.[0]?.[1], String(replies?.[1]?.[1] ?? '')] as const;
      });
      const runId = /run_id:(\w+)/.exec(info)?.[1];
      const restarted = runId !== undefined && lastRunId !== undefined && runId !== lastRunId;
      if (runId !== undefined) lastRunId = runId;
      return previous !== null && previous !== undefined && !restarted;
    },

    async isNodeAlive(nodeId) {
      return (await redisCall(() => redis.exists(`${keyPrefix}node:${nodeId}`))) === 1;
    },

    // The client belongs to the caller.
    async close() {},
  };
}

/** Only the record's own fields are stored, whatever else the caller's object carries. */
function toRecord(session: SessionRecord): SessionRecord {
  const { sdkAppId, userId, instanceId, platform, nodeId, connectedAt } = session;
  return { sdkAppId, userId, instanceId, platform, nodeId, connectedAt };
}

function stringArray(reply: unknown): string[] {
  if (!Array.isArray(reply) || !reply.every((item) => typeof item === 'string')) {
    throw new Error('Session registry script returned an unexpected reply');
  }
  return reply;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
