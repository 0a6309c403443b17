// A throwaway PostgreSQL for scripts that need one (migration diffs): `start` prints its URL, `stop` ends it.
import { join } from 'node:path';
import { rmSync } from 'node:fs';
import { killStale } from '../devstack/process.js';
import { startPostgres } from '../devstack/postgres.js';

const dir = join(process.cwd(), '.arflow', 'scratch-postgres');
if (process.argv[2] === 'stop') {
  await killStale(join(dir, 'server.pid'));
  rmSync(dir, { recursive: true, force: true });
} else {
  const pg = await startPostgres(dir, 25499);
  console.log(pg.url);
}
