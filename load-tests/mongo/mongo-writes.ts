import { randomBytes } from 'node:crypto';
import { connectMongo, type MongoConnection } from '@parley/storage-mongo';
import { dropMongoDatabase } from '@parley/testing';
import { numberFlag, parseFlags } from '../lib/cli-flags.ts';
import { formatNumber, renderTable } from '../lib/table.ts';

/**
 * Single-document writes per second against a MongoDB-wire server (MongoDB, FerretDB on PostgreSQL or SQLite),
 * through the Node driver with Parley's connection options, in a throwaway `parley_bench_*` database:
 *   - insert: N `insertOne`, one at a time;
 *   - conditional update: N `updateOne({_id, seq: {$lt: i}}, {$inc, $set: {seq: i}})`, one at a time;
 *   - concurrent $inc: C clients each send N/C unconditional `$inc` on one document at once; the final count
 *     says how many increments were lost (0 on a server with atomic single-document updates).
 * Each phase stops at N writes or after --seconds, whichever comes first.
 *
 *   node load-tests/mongo/mongo-writes.ts --url mongodb://127.0.0.1:27017 --writes 500
 */
const flags = parseFlags('load-tests/mongo/mongo-writes.ts', {
  url: { default: process.env.PARLEY_MONGO_URL ?? 'mongodb://127.0.0.1:27017', help: 'server URL' },
  writes: { default: '500', help: 'writes per phase' },
  seconds: { default: '20', help: 'time limit per phase' },
  clients: { default: '4', help: 'connections in the concurrent $inc phase' },
});
const writes = numberFlag('writes', flags.writes, 1, 100_000);
const limitMs = numberFlag('seconds', flags.seconds, 1, 600) * 1000;
const clientCount = numberFlag('clients', flags.clients, 2, 64);

interface PhaseResult {
  name: string;
  done: number;
  ms: number;
  note: string;
}

async function sequential(name: string, write: (i: number) => Promise<void>): Promise<PhaseResult> {
  const start = performance.now();
  let done = 0;
  while (done < writes && performance.now() - start < limitMs) {
    await write(done + 1);
    done++;
  }
  return { name, done, ms: performance.now() - start, note: '' };
}

const dbName = `parley_bench_${randomBytes(6).toString('hex')}`;
const connections: MongoConnection[] = [];
for (let i = 0; i < clientCount; i++) connections.push(await connectMongo(flags.url, { dbName }));
const [main] = connections;
if (!main) throw new Error('no connection');
const results: PhaseResult[] = [];
try {
  const inserts = main.db.collection<{ _id: number; body: string }>('inserts');
  results.push(
    await sequential('insert', async (i) => {
      await inserts.insertOne({ _id: i, body: 'x'.repeat(200) });
    }),
  );

  const counters = main.db.collection<{ _id: string; n: number; seq: number }>('counters');
  await counters.insertOne({ _id: 'conditional', n: 0, seq: 0 });
  const conditional = await sequential('conditional update', async (i) => {
    const result = await counters.updateOne(
      { _id: 'conditional', seq: { $lt: i } },
      { $inc: { n: 1 }, $set: { seq: i } },
    );
    if (result.modifiedCount !== 1) throw new Error(`conditional update ${i} matched nothing`);
  });
  results.push(conditional);

  await counters.insertOne({ _id: 'shared', n: 0, seq: 0 });
  const perClient = Math.ceil(writes / clientCount);
  const start = performance.now();
  let sent = 0;
  await Promise.all(
    connections.map(async (connection) => {
      const shared = connection.db.collection<{ _id: string; n: number }>('counters');
      for (let i = 0; i < perClient && performance.now() - start < limitMs; i++) {
        await shared.updateOne({ _id: 'shared' }, { $inc: { n: 1 } });
        sent++;
      }
    }),
  );
  const ms = performance.now() - start;
  const final = await counters.findOne({ _id: 'shared' });
  const lost = sent - (final?.n ?? 0);
  results.push({
    name: `concurrent $inc (${clientCount} clients)`,
    done: sent,
    ms,
    note: `${lost} of ${sent} lost`,
  });
} finally {
  for (const connection of connections) if (connection !== main) await connection.client.close();
  await dropMongoDatabase(main.db);
  await main.client.close();
}

const server = flags.url.replace(/\/\/[^@/]*@/, '//');
process.stdout.write(`${server}\n`);
process.stdout.write(
  `${renderTable([
    ['phase', 'writes', 'seconds', 'writes/s', 'note'],
    ...results.map((r) => [
      r.name,
      String(r.done),
      formatNumber(r.ms / 1000),
      formatNumber((r.done * 1000) / r.ms, 0),
      r.note,
    ]),
  ])}\n`,
);
