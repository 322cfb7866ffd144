import { readFileSync } from 'node:fs';
import Fastify from 'fastify';

/**
 * The bare REST baseline: fastify with one JSON route on the same path as Parley's config read, replying with the
 * very object Parley replied (read from $BODY_FILE, so the size is the same) — no auth, no storage, no logging,
 * no schema. Listens on 127.0.0.1:$PORT.
 */
const port = Number(process.env.PORT ?? '0');
const bodyFile = process.env.BODY_FILE;
if (!bodyFile) throw new Error('BODY_FILE is required');
const body = JSON.parse(readFileSync(bodyFile, 'utf8')) as Record<string, unknown>;

const app = Fastify({ logger: false });
app.get('/v1/apps/:sdkAppId/config', async () => body);
await app.listen({ host: '127.0.0.1', port });
process.stdout.write(`fastify baseline listening on ${port}\n`);
process.on('SIGTERM', () => {
  app.close().then(() => process.exit(0));
});
