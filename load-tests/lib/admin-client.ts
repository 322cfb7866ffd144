/** The few admin API calls the load tools make to set up their app and accounts (operator token auth). */
export class AdminClient {
  readonly baseUrl: string;
  readonly #token: string;

  constructor(baseUrl: string, token: string) {
    this.baseUrl = baseUrl;
    this.#token = token;
  }

  get authorization(): string {
    return `Bearer ${this.#token}`;
  }

  async request(method: string, path: string, body?: unknown): Promise<{ status: number; text: string }> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        authorization: this.authorization,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, text: await response.text() };
  }

  async createApp(config: unknown): Promise<{ sdkAppId: number; secretKey: string }> {
    const { status, text } = await this.request('POST', '/v1/apps', config);
    if (status !== 201) throw new Error(`creating the load-test app failed: ${status} ${text}`);
    const created = JSON.parse(text) as { sdkAppId: number; secretKey: string };
    return { sdkAppId: created.sdkAppId, secretKey: created.secretKey };
  }

  /** Imports accounts 100 per request (the route's limit), a few requests at a time. */
  async importUsers(sdkAppId: number, userIds: readonly string[], parallel = 4): Promise<void> {
    const chunks: string[][] = [];
    for (let i = 0; i < userIds.length; i += 100) chunks.push(userIds.slice(i, i + 100));
    let next = 0;
    const worker = async () => {
      while (next < chunks.length) {
        const chunk = chunks[next++] ?? [];
        const { status, text } = await this.request('POST', `/v1/apps/${sdkAppId}/users`, {
          accounts: chunk.map((userId) => ({ userId })),
        });
        if (status !== 200) throw new Error(`importing accounts failed: ${status} ${text}`);
      }
    };
    await Promise.all(Array.from({ length: parallel }, worker));
  }
}

/**
 * The app every load run uses: Parley's defaults except the plan's quotas, raised so that the quotas are not
 * what is measured (10 000 connections, 1000 msgs/s, 200 REST calls per command per second by default).
 */
export const loadTestAppConfig = {
  details: { name: 'load test' },
  plan: {
    name: 'enterprise',
    maxConcurrentConnections: 1_000_000,
    maxMessagesPerSecond: 1_000_000,
    maxRestCallsPerCommandPerSecond: 100_000,
  },
};
