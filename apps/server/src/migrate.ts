import { migrate } from '@parley/storage-mysql';

/** `npm run migrate`: applies infra/mysql migrations to PARLEY_MYSQL_URL. */
const url = process.env.PARLEY_MYSQL_URL;
if (!url) {
  process.stderr.write(
    'PARLEY_MYSQL_URL is not set: nothing to migrate (the embedded default migrates itself).\n',
  );
  process.exit(2);
}
migrate(url).then(
  (applied) => {
    process.stdout.write(applied.length ? `Applied: ${applied.join(', ')}\n` : 'Up to date.\n');
  },
  (error: unknown) => {
    process.stderr.write(`Migration failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
