// Applies prisma/migrations/*/migration.sql in order. Prisma 7's `migrate deploy` needs a native engine
// it downloads at run time, which fails offline; this applier keeps Prisma's own bookkeeping table
// (_prisma_migrations, same columns and checksums) so `prisma migrate status` still reads it.
import { createHash, randomUUID } from 'node:crypto';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

export const MIGRATIONS_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'prisma', 'migrations');

export interface MigrationResult { applied: string[]; alreadyApplied: string[] }

export async function migrate(connectionString: string, migrationsDir = MIGRATIONS_DIR): Promise<MigrationResult> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    await client.query(`CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
      "id" VARCHAR(36) PRIMARY KEY, "checksum" VARCHAR(64) NOT NULL, "finished_at" TIMESTAMPTZ,
      "migration_name" VARCHAR(255) NOT NULL, "logs" TEXT, "rolled_back_at" TIMESTAMPTZ,
      "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(), "applied_steps_count" INTEGER NOT NULL DEFAULT 0)`);
    // Two processes starting at once must not both apply the same migration.
    await client.query('SELECT pg_advisory_lock(72707301)');
    const done = await client.query<{ migration_name: string; checksum: string }>(
      'SELECT migration_name, checksum FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL');
    const appliedChecksums = new Map(done.rows.map((r) => [r.migration_name, r.checksum]));
    const result: MigrationResult = { applied: [], alreadyApplied: [] };
    const names = readdirSync(migrationsDir, { withFileTypes: true })
      .filter((e) => e.isDirectory() && existsSync(join(migrationsDir, e.name, 'migration.sql')))
      .map((e) => e.name).sort();
    for (const name of names) {
      const sql = readFileSync(join(migrationsDir, name, 'migration.sql'), 'utf8');
      const checksum = createHash('sha256').update(sql).digest('hex');
      const known = appliedChecksums.get(name);
      if (known !== undefined) {
        if (known !== checksum) throw new Error(`migration ${name} was changed after it was applied (checksum ${known} in the database, ${checksum} on disk): add a new migration instead`);
        result.alreadyApplied.push(name);
        continue;
      }
      await client.query('BEGIN');
      try {
        await client.query(sql);
        await client.query(
          `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, finished_at, applied_steps_count) VALUES ($1, $2, $3, now(), 1)`,
          [randomUUID(), checksum, name]);
        await client.query('COMMIT');
      } catch (err) {
        await client.query('ROLLBACK');
        throw new Error(`migration ${name} failed and was rolled back: ${(err as Error).message}`);
      }
      result.applied.push(name);
    }
    await client.query('SELECT pg_advisory_unlock(72707301)');
    return result;
  } finally {
    await client.end();
  }
}
