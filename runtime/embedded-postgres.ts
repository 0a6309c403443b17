// The embedded default database: PGlite (PostgreSQL compiled to WebAssembly) in this process, served
// on a loopback port so Prisma and the migrator talk to it as to any PostgreSQL.
// PGlite's socket server multiplexes all connections onto one session and its data directory has no
// lock of its own, so arflow takes a lock file and runs the embedded mode as exactly one process.
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { isAlive } from '../devstack/process.js';

export interface EmbeddedPostgres { url: string; stop(): Promise<void> }

function takeLock(lockFile: string): void {
  mkdirSync(dirname(lockFile), { recursive: true });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockFile, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = Number(readFileSync(lockFile, 'utf8').trim());
      if (Number.isInteger(holder) && holder > 0 && holder !== process.pid && isAlive(holder)) {
        throw new Error(`the embedded database in ${dirname(lockFile)} is in use by another arflow (pid ${holder}); stop it first, or set DATABASE_URL to a PostgreSQL server to run several processes`);
      }
      rmSync(lockFile, { force: true }); // left by a process that is gone
    }
  }
  throw new Error(`could not lock ${lockFile}`);
}

export async function startEmbeddedPostgres(dataDir: string, port: number): Promise<EmbeddedPostgres> {
  const lockFile = `${dataDir}.lock`;
  takeLock(lockFile);
  try {
    mkdirSync(dataDir, { recursive: true });
    const db = await PGlite.create(dataDir);
    const server = new PGLiteSocketServer({ db, port, host: '127.0.0.1', maxConnections: 2 });
    await server.start();
    return {
      url: `postgresql://postgres@127.0.0.1:${port}/postgres`,
      async stop() {
        await server.stop();
        await db.close();
        rmSync(lockFile, { force: true });
      },
    };
  } catch (err) {
    rmSync(lockFile, { force: true });
    throw err;
  }
}
