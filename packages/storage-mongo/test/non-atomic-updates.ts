import { isCi } from '@parley/testing';
import type { Db } from 'mongodb';

const PROBE_UPDATES = 200;

/**
 * Why the server cannot be trusted with concurrent updates to one document, or undefined where it can. MongoDB
 * applies a single-document update atomically. FerretDB 1.x on its own, on PostgreSQL as on SQLite, reads the
 * matching documents, applies the filter and update in Go and writes each whole document back outside one
 * transaction, so two concurrent updates of one document can lose one; the local FerretDB lets one write per
 * database in at a time (infra/ferretdb/write_serializer.go), which makes it atomic. So this asks the server
 * itself: 200 concurrent `$inc` of one document (the driver spreads them over its pooled connections), then the
 * count. A non-atomic server loses most of them; one that lost none by chance is improbable at this volume.
 * CI must hold Parley to MongoDB's guarantee, so there a non-atomic server fails the suite instead.
 */
export async function nonAtomicUpdatesReason(db: Db): Promise<string | undefined> {
  const probe = db.collection<{ _id: string; n: number }>('non_atomic_updates_probe');
  await probe.insertOne({ _id: 'probe', n: 0 });
  await Promise.all(
    Array.from({ length: PROBE_UPDATES }, () => probe.updateOne({ _id: 'probe' }, { $inc: { n: 1 } })),
  );
  const counted = (await probe.findOne({ _id: 'probe' }))?.n ?? 0;
  await probe.drop();
  if (counted === PROBE_UPDATES) return undefined;
  const reason = `the Mongo server lost ${PROBE_UPDATES - counted} of ${PROBE_UPDATES} concurrent $inc of one document (a FerretDB 1.x without infra/ferretdb's write serializer)`;
  if (isCi()) throw new Error(`${reason}: CI needs atomic single-document updates (infra/local/ferretdb.sh)`);
  return reason;
}
