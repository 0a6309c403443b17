// The real servers a benchmark runs on, in .arflow/bench: PostgreSQL, Dovecot with the SMTP relay,
// and a fresh Temporal dev server. The same launchers the tests use.
import { rmSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { startDovecot } from '../devstack/dovecot.js';
import { createDatabase, startPostgres } from '../devstack/postgres.js';
import { startSmtpRelay } from '../devstack/smtp-relay.js';
import { startTemporalDevServer } from '../devstack/temporal.js';

export async function startBenchStack() {
  const state = join(process.cwd(), '.arflow', 'bench');
  rmSync(join(state, 'temporal'), { recursive: true, force: true });
  rmSync(join(state, 'dovecot', 'mail'), { recursive: true, force: true });
  mkdirSync(state, { recursive: true });
  const pg = await startPostgres(join(state, 'postgres'), 26432);
  const dovecot = await startDovecot({ stateDir: join(state, 'dovecot'), imapPort: 26143, lmtpPort: 26024, users: ['orders', 'catchall'], password: 'bench' });
  const relay = await startSmtpRelay({ port: 26025, lmtpPort: 26024, localUsers: ['orders', 'catchall'] });
  const temporal = await startTemporalDevServer({ stateDir: join(state, 'temporal'), port: 27299 });
  return {
    databaseUrl: (name: string) => createDatabase(pg.port, name),
    imap: { host: '127.0.0.1', port: dovecot.imapPort, secure: false, user: 'orders', password: 'bench' },
    smtp: { host: '127.0.0.1', port: relay.port, secure: false },
    temporalAddress: temporal.address,
    async stop() { await relay.stop(); await temporal.stop(); await dovecot.stop(); await pg.stop(); },
  };
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}
