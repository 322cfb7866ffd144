/** What the watchdog needs of a MongoClient: its monitoring events, close and connect. */
export interface WatchedClient {
  on(
    event: 'serverHeartbeatStarted' | 'serverHeartbeatSucceeded' | 'serverHeartbeatFailed',
    listener: () => void,
  ): unknown;
  /** Closes the client without stopping the watchdog (the owner's close stops it: see connectMongo). */
  close(): Promise<void>;
  connect(): Promise<unknown>;
}

export interface MonitorStallWatchdogOptions {
  /** A heartbeat pending this long is stuck: the client is closed and connected again. */
  stallMs: number;
  /** How often to look. */
  checkEveryMs?: number;
  /** Told each time the client is reconnected (for a log line). */
  onReconnect?: (pendingMs: number) => void;
  now?: () => number;
}

/**
 * Reconnects a MongoDB client whose server monitor is stuck. Seen with the Node driver 7.9 against FerretDB
 * restarted under load (the cluster failover test): after the pool is cleared, a heartbeat starts and neither
 * succeeds nor fails, so the server stays Unknown and every operation fails server selection for good, while the
 * server itself is back. A heartbeat pending longer than any legitimate one (an awaited hello waits at most the
 * heartbeat interval plus the connect timeout) closes the client and connects it again; until that connect
 * succeeds it is tried again at each check. Returns the stop function, which the owner's close must call first.
 */
export function watchMonitorStalls(client: WatchedClient, options: MonitorStallWatchdogOptions): () => void {
  const now = options.now ?? Date.now;
  let pendingSince: number | undefined;
  let reconnecting = false;
  let closedByUs = false;
  let stopped = false;

  client.on('serverHeartbeatStarted', () => {
    pendingSince ??= now();
  });
  client.on('serverHeartbeatSucceeded', () => {
    pendingSince = undefined;
  });
  client.on('serverHeartbeatFailed', () => {
    pendingSince = undefined;
  });

  const check = async (): Promise<void> => {
    if (stopped || reconnecting) return;
    const stalled = pendingSince !== undefined && now() - pendingSince >= options.stallMs;
    if (!stalled && !closedByUs) return;
    reconnecting = true;
    try {
      if (stalled) {
        const pendingMs = now() - (pendingSince ?? now());
        pendingSince = undefined;
        closedByUs = true;
        await client.close();
        options.onReconnect?.(pendingMs);
      }
      await client.connect();
      closedByUs = false;
    } catch {
      // Still down: the next check connects again (operations meanwhile fail as STORAGE_UNAVAILABLE).
    } finally {
      reconnecting = false;
    }
  };
  const timer = setInterval(() => void check(), options.checkEveryMs ?? 1_000);
  timer.unref();
  return () => {
    stopped = true;
    clearInterval(timer);
  };
}
