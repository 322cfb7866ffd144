import { hostname } from 'node:os';
import { resolve } from 'node:path';
import { z } from 'zod';

const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');
const port = z.coerce.number().int().min(0).max(65_535);
const url = (protocols: string[]) =>
  z
    .string()
    .url()
    .refine(
      (value) => protocols.some((p) => value.startsWith(`${p}://`)),
      `must start with ${protocols.join(':// or ')}://`,
    );

/** Every environment variable Parley reads (README "Configuration" lists the same). */
export const serverEnvSchema = z.object({
  PARLEY_ROLE: z.enum(['all', 'gateway', 'admin']).default('all'),
  PARLEY_NODE_ID: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,64}$/)
    .optional(),
  PARLEY_DATA_DIR: z.string().min(1).default('./data'),
  PARLEY_MASTER_KEY: z.string().min(1).optional(),
  PARLEY_OPERATOR_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  PARLEY_ADMIN_HOST: z.string().min(1).default('127.0.0.1'),
  PARLEY_ADMIN_PORT: port.default(8080),
  PARLEY_GATEWAY_HOST: z.string().min(1).default('127.0.0.1'),
  PARLEY_GATEWAY_PORT: port.default(8090),
  PARLEY_REGIONS: z
    .string()
    .default('local')
    .transform((v) => v.split(',').map((r) => r.trim()))
    .pipe(z.tuple([z.string().min(1)], z.string().min(1))),
  PARLEY_MYSQL_URL: url(['mysql']).optional(),
  PARLEY_MONGO_URL: url(['mongodb', 'mongodb+srv']).optional(),
  PARLEY_REDIS_URL: url(['redis', 'rediss']).optional(),
  PARLEY_KAFKA_BROKERS: z
    .string()
    .regex(/^[^,\s]+:\d+(,[^,\s]+:\d+)*$/, 'must be host:port[,host:port…]')
    .optional(),
  PARLEY_MIGRATE_ON_START: bool.default(true),
  PARLEY_TRUST_PROXY: bool.default(false),
  PARLEY_TELEMETRY: bool.default(true),
  PARLEY_TELEMETRY_BUFFER_LIMIT: z.coerce.number().int().min(10).max(10_000_000).default(10_000),
  PARLEY_CALLBACKS_ALLOW_PRIVATE: bool.default(false),
  PARLEY_RETENTION_INTERVAL_MS: z.coerce.number().int().min(1000).default(3_600_000),
  PARLEY_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type StorageSelection = { kind: 'embedded'; dataDir: string } | { kind: 'mysql'; url: string };
export type MessageSelection = { kind: 'embedded' } | { kind: 'mongo'; url: string };
export type ClusterSelection = { kind: 'memory' } | { kind: 'redis'; url: string };
export type TelemetrySelection =
  | { kind: 'off' }
  | { kind: 'local'; bufferLimit: number }
  | { kind: 'kafka'; brokers: string[]; bufferLimit: number };

export interface ServerConfig {
  role: 'all' | 'gateway' | 'admin';
  nodeId: string;
  dataDir: string;
  masterKey: string | undefined;
  operatorToken: string | undefined;
  admin: { host: string; port: number };
  gateway: { host: string; port: number; trustProxy: boolean };
  regions: readonly [string, ...string[]];
  config: StorageSelection;
  messages: MessageSelection;
  cluster: ClusterSelection;
  telemetry: TelemetrySelection;
  migrateOnStart: boolean;
  callbacksAllowPrivate: boolean;
  retentionIntervalMs: number;
  logLevel: z.infer<typeof serverEnvSchema>['PARLEY_LOG_LEVEL'];
}

export class ServerConfigError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.problems = problems;
    this.name = 'ServerConfigError';
  }
}

/** Parses the environment once at start-up, listing every bad variable; the result is frozen. */
export function loadServerConfig(env: NodeJS.ProcessEnv): Readonly<ServerConfig> {
  const parsed = serverEnvSchema.safeParse(env);
  if (!parsed.success) {
    throw new ServerConfigError(
      parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`),
    );
  }
  const e = parsed.data;
  const dataDir = resolve(e.PARLEY_DATA_DIR);
  const problems: string[] = [];
  if (e.PARLEY_ROLE !== 'all' && !(e.PARLEY_MYSQL_URL && e.PARLEY_MONGO_URL && e.PARLEY_REDIS_URL)) {
    problems.push(
      `PARLEY_ROLE=${e.PARLEY_ROLE} runs one part of a cluster: PARLEY_MYSQL_URL, PARLEY_MONGO_URL and PARLEY_REDIS_URL are required`,
    );
  }
  if (e.PARLEY_MYSQL_URL && !e.PARLEY_MASTER_KEY) {
    problems.push('PARLEY_MASTER_KEY is required with PARLEY_MYSQL_URL (secrets are encrypted with it)');
  }
  if (e.PARLEY_MYSQL_URL && !e.PARLEY_OPERATOR_TOKEN && e.PARLEY_ROLE !== 'gateway') {
    problems.push('PARLEY_OPERATOR_TOKEN is required with PARLEY_MYSQL_URL');
  }
  if (problems.length > 0) throw new ServerConfigError(problems);

  return Object.freeze({
    role: e.PARLEY_ROLE,
    nodeId:
      e.PARLEY_NODE_ID ??
      `${hostname()
        .replace(/[^A-Za-z0-9._-]/g, '-')
        .slice(0, 40)}-${process.pid}`,
    dataDir,
    masterKey: e.PARLEY_MASTER_KEY,
    operatorToken: e.PARLEY_OPERATOR_TOKEN,
    admin: { host: e.PARLEY_ADMIN_HOST, port: e.PARLEY_ADMIN_PORT },
    gateway: { host: e.PARLEY_GATEWAY_HOST, port: e.PARLEY_GATEWAY_PORT, trustProxy: e.PARLEY_TRUST_PROXY },
    regions: e.PARLEY_REGIONS as [string, ...string[]],
    config: e.PARLEY_MYSQL_URL ? { kind: 'mysql', url: e.PARLEY_MYSQL_URL } : { kind: 'embedded', dataDir },
    messages: e.PARLEY_MONGO_URL ? { kind: 'mongo', url: e.PARLEY_MONGO_URL } : { kind: 'embedded' },
    cluster: e.PARLEY_REDIS_URL ? { kind: 'redis', url: e.PARLEY_REDIS_URL } : { kind: 'memory' },
    telemetry: !e.PARLEY_TELEMETRY
      ? { kind: 'off' }
      : e.PARLEY_KAFKA_BROKERS
        ? {
            kind: 'kafka',
            brokers: e.PARLEY_KAFKA_BROKERS.split(','),
            bufferLimit: e.PARLEY_TELEMETRY_BUFFER_LIMIT,
          }
        : { kind: 'local', bufferLimit: e.PARLEY_TELEMETRY_BUFFER_LIMIT },
    migrateOnStart: e.PARLEY_MIGRATE_ON_START,
    callbacksAllowPrivate: e.PARLEY_CALLBACKS_ALLOW_PRIVATE,
    retentionIntervalMs: e.PARLEY_RETENTION_INTERVAL_MS,
    logLevel: e.PARLEY_LOG_LEVEL,
  } satisfies ServerConfig);
}
