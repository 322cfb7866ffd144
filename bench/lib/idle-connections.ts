import { AdminClient, loadTestAppConfig } from '../../load-tests/lib/admin-client.ts';
import type { ParleyProcess } from '../../load-tests/lib/parley-process.ts';
import { importMoreUsers } from '../../load-tests/ws/c2c-setup.ts';
import type { ConnectResult } from '../../load-tests/ws/login-ramp.ts';
import { WsLoadGenerator } from '../../load-tests/ws/ws-load-generator.ts';

export interface IdleConnectionResult {
  connections: number;
  connect: ConnectResult;
  rss_before_bytes: number;
  rss_after_bytes: number;
  idle_bytes_per_conn: number;
}

/**
 * RSS of the Parley process per authenticated idle connection: a full GC and an RSS reading, `count` logins
 * (ramped), a pause for the connections to settle, another GC and reading; the delta over the connections that
 * logged in.
 */
export async function measureIdleConnections(
  parley: ParleyProcess,
  options: { count: number; loginsPerSecond: number; settleMs: number; progress: boolean },
): Promise<IdleConnectionResult> {
  const admin = new AdminClient(parley.adminUrl, parley.operatorToken);
  const app = await admin.createApp(loadTestAppConfig);
  const userIds = await importMoreUsers(admin, app.sdkAppId, options.count, 'idle');
  const generator = new WsLoadGenerator({
    wsUrl: parley.wsUrl,
    mode: 'parley',
    app,
    sourceAddresses: 8,
    messageBytes: 100,
    progress: options.progress,
    label: 'idle',
  });
  await parley.collectGarbage();
  const before = parley.rssBytes();
  try {
    const connect = await generator.connect(
      userIds,
      (i) => userIds[i ^ 1] ?? '',
      options.loginsPerSecond,
      300_000,
    );
    await new Promise((resolve) => setTimeout(resolve, options.settleMs));
    await parley.collectGarbage();
    const after = parley.rssBytes();
    return {
      connections: connect.logged_in,
      connect,
      rss_before_bytes: before,
      rss_after_bytes: after,
      idle_bytes_per_conn:
        connect.logged_in > 0 ? Math.round((after - before) / connect.logged_in) : Number.NaN,
    };
  } finally {
    await generator.close();
  }
}
