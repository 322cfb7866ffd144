import { connectMongo } from '@parley/storage-mongo';
import { realServiceUrl } from '@parley/testing';
import { describe, expect, it } from 'vitest';

describe('connectMongo', () => {
  it('fails with STORAGE_UNAVAILABLE when no server answers', async () => {
    // Port 1 on loopback: nothing listens, so the connection is refused at once.
    const attempt = connectMongo('mongodb://127.0.0.1:1/parley', { serverSelectionTimeoutMs: 300 });
    await expect(attempt).rejects.toMatchObject({ name: 'ParleyError', errorName: 'STORAGE_UNAVAILABLE' });
  });

  const url = realServiceUrl('mongo');
  it.skipIf(!url)(
    'uses the database named in the URL, else `parley`, unless dbName says otherwise',
    async () => {
      const base = new URL(url ?? 'mongodb://127.0.0.1:27017');
      const named = await connectMongo(`mongodb://${base.host}/parley_named${base.search}`);
      const unnamed = await connectMongo(`mongodb://${base.host}${base.search}`);
      const explicit = await connectMongo(`mongodb://${base.host}/ignored`, { dbName: 'parley_explicit' });
      try {
        expect(named.db.databaseName).toBe('parley_named');
        expect(unnamed.db.databaseName).toBe('parley');
        expect(explicit.db.databaseName).toBe('parley_explicit');
        expect(await named.db.command({ ping: 1 })).toMatchObject({ ok: 1 });
      } finally {
        for (const { client } of [named, unnamed, explicit]) await client.close();
      }
    },
  );
});
