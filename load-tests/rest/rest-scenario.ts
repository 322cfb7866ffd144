import autocannon from 'autocannon';
import { assertLoopback } from '../lib/target.ts';

/** One REST request shape to fire repeatedly; `nextBody` gives each request its own body (unique ids). */
export interface RestScenario {
  name: string;
  method: 'GET' | 'POST' | 'PATCH';
  path: string;
  headers: Record<string, string>;
  body?: string;
  nextBody?: () => string;
  /** A 2xx reply whose body says it failed (Tencent's REST envelope: HTTP 200 with `ActionStatus` FAIL). */
  failed?: (body: string) => boolean;
}

export interface RestRunOptions {
  durationS: number;
  connections: number;
}

export interface RestResult {
  scenario: string;
  duration_s: number;
  connections: number;
  requests: number;
  ok: number;
  /** Successful replies per second: 2xx, and not failed by the body when the scenario checks it. */
  rps: number;
  latency_ms: { p50: number; p90: number; p99: number; max: number; mean: number };
  /** Non-2xx replies, 2xx replies failed by their body, and socket errors/timeouts over everything attempted. */
  error_rate: number;
  status_codes: Record<string, number>;
}

/** Runs autocannon against `baseUrl` (loopback only) for a bounded time and condenses its result. */
export async function runRestScenario(
  baseUrl: string,
  scenario: RestScenario,
  options: RestRunOptions,
): Promise<RestResult> {
  assertLoopback(baseUrl);
  const { nextBody, failed } = scenario;
  let failedReplies = 0;
  const result = await autocannon({
    url: baseUrl,
    connections: options.connections,
    duration: options.durationS,
    timeout: 10,
    requests: [
      {
        method: scenario.method,
        path: scenario.path,
        headers: scenario.headers,
        ...(scenario.body === undefined ? {} : { body: scenario.body }),
        ...(nextBody
          ? { setupRequest: (request: autocannon.Request) => ({ ...request, body: nextBody() }) }
          : {}),
        ...(failed
          ? {
              onResponse: (status: number, body: string) => {
                if (status >= 200 && status < 300 && failed(body)) failedReplies += 1;
              },
            }
          : {}),
      },
    ],
  });
  const ok = result['2xx'] - failedReplies;
  const attempted = result['2xx'] + result.non2xx + result.errors;
  const statusCodes: Record<string, number> = {};
  for (const [code, stats] of Object.entries(result.statusCodeStats ?? {}))
    statusCodes[code] = stats.count ?? 0;
  if (result.errors > 0) statusCodes.socket_errors = result.errors;
  if (failedReplies > 0) statusCodes.failed_in_body = failedReplies;
  return {
    scenario: scenario.name,
    duration_s: result.duration,
    connections: options.connections,
    requests: attempted,
    ok,
    rps: Math.round(ok / result.duration),
    latency_ms: {
      p50: result.latency.p50,
      p90: result.latency.p90,
      p99: result.latency.p99,
      max: result.latency.max,
      mean: Math.round(result.latency.mean * 100) / 100,
    },
    error_rate: attempted === 0 ? 1 : (result.non2xx + failedReplies + result.errors) / attempted,
    status_codes: statusCodes,
  };
}
