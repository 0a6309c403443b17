import { migrate } from '../db/migrate.js';
import { openDb } from '../db/client.js';
const url = 'postgresql://arflow@127.0.0.1:15432/postgres';
console.log(await migrate(url));
console.log(await migrate(url));
const db = openDb(url);
console.log(await db.customer.count());
await db.$disconnect();
