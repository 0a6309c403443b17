// A private PostgreSQL for tests and for production-like local runs: its own data directory and port,
// run as the `postgres` system user when we are root (PostgreSQL refuses to run as root).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, chownSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { dirReachableBy, killStale, spawnServer, waitForPort, tailOf, type RunningServer } from './process.js';

const PG_BIN_DIRS = ['/usr/lib/postgresql/15/bin', '/usr/lib/postgresql/16/bin', '/usr/lib/postgresql/17/bin'];

function pgBinary(name: string): string {
  for (const dir of PG_BIN_DIRS) if (existsSync(join(dir, name))) return join(dir, name);
  throw new Error(`PostgreSQL's ${name} was not found in ${PG_BIN_DIRS.join(', ')}: run scripts/setup.sh (it installs the postgresql package)`);
}

function systemUser(name: string): { uid: number; gid: number } {
  const line = execFileSync('getent', ['passwd', name], { encoding: 'utf8' }).trim();
  const [, , uid, gid] = line.split(':');
  return { uid: Number(uid), gid: Number(gid) };
}

export interface PostgresServer extends RunningServer { url: string; port: number }

export async function startPostgres(stateDir: string, port: number): Promise<PostgresServer> {
  const pidFile = join(stateDir, 'server.pid');
  const logFile = join(stateDir, 'server.log');
  mkdirSync(stateDir, { recursive: true });
  await killStale(pidFile);
  const asRoot = process.getuid?.() === 0;
  const pgUser = asRoot ? systemUser('postgres') : undefined;
  const run = (bin: string, args: string[]) => (asRoot ? ['runuser', ['-u', 'postgres', '--', bin, ...args]] as const : [bin, args] as const);
  const pgDir = dirReachableBy(['postgres'], stateDir, 'postgres');
  if (pgUser) {
    chownSync(stateDir, pgUser.uid, pgUser.gid);
    chownSync(pgDir, pgUser.uid, pgUser.gid);
  }
  const dataDir = join(pgDir, 'data');
  const socketDir = join(pgDir, 'socket');
  mkdirSync(socketDir, { recursive: true });
  if (pgUser) {
    chownSync(socketDir, pgUser.uid, pgUser.gid);
    writeFileSync(logFile, '');
    chownSync(logFile, pgUser.uid, pgUser.gid);
  }
  if (!existsSync(join(dataDir, 'PG_VERSION'))) {
    const [cmd, args] = run(pgBinary('initdb'), ['-D', dataDir, '-U', 'arflow', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8']);
    execFileSync(cmd, [...args], { stdio: 'pipe' });
  }
  const [cmd, args] = run(pgBinary('postgres'), [
    '-D', dataDir, '-p', String(port), '-k', socketDir, '-c', 'listen_addresses=127.0.0.1',
    '-c', 'fsync=off', '-c', 'max_connections=100',
  ]);
  const { server } = spawnServer({ name: 'postgres', command: cmd, args: [...args], pidFile, logFile });
  try {
    await waitForPort('127.0.0.1', port, 30_000, 'PostgreSQL');
    // The port opens before the server accepts sessions; pg_isready tells when it does.
    const deadline = Date.now() + 30_000;
    for (;;) {
      try { execFileSync(pgBinary('pg_isready'), ['-h', '127.0.0.1', '-p', String(port), '-U', 'arflow'], { stdio: 'pipe' }); break; }
      catch { if (Date.now() > deadline) throw new Error('PostgreSQL never became ready'); await new Promise((r) => setTimeout(r, 100)); }
    }
  } catch (err) {
    await server.stop();
    throw new Error(`${(err as Error).message}\n--- postgres log ---\n${tailOf(logFile)}`);
  }
  return { ...server, port, url: `postgresql://arflow@127.0.0.1:${port}/postgres` };
}

/** Creates a database if it does not exist yet (tests give each suite its own). */
export function createDatabase(port: number, name: string): string {
  const psql = existsSync('/usr/bin/psql') ? '/usr/bin/psql' : pgBinary('psql');
  const exists = execFileSync(psql, ['-h', '127.0.0.1', '-p', String(port), '-U', 'arflow', '-d', 'postgres', '-tAc', `SELECT 1 FROM pg_database WHERE datname='${name}'`], { encoding: 'utf8' }).trim();
  if (exists !== '1') execFileSync(psql, ['-h', '127.0.0.1', '-p', String(port), '-U', 'arflow', '-d', 'postgres', '-c', `CREATE DATABASE "${name}"`], { stdio: 'pipe' });
  return `postgresql://arflow@127.0.0.1:${port}/${name}`;
}
