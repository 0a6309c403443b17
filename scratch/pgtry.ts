import { startPostgres } from '../devstack/postgres.js';
const pg = await startPostgres('/work/main/.arflow/pgtest', 15432);
console.log(pg.url, pg.pid);
