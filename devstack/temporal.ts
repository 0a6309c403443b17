// The Temporal server arflow runs on locally: the Temporal CLI's dev server, persisted to a SQLite file.
// The CLI is found on PATH, or in the cache scripts/install-temporal-cli.sh builds it into.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { killStale, spawnServer, tailOf, waitForPort, type RunningServer } from './process.js';

export const TEMPORAL_CLI_VERSION = '1.5.1';
export const SEARCH_ATTRIBUTES = ['ArflowCustomer=Keyword', 'ArflowPoNumber=Keyword', 'ArflowOrderStatus=Keyword', 'ArflowInboundOutcome=Keyword', 'ArflowInvoiceNumber=Keyword', 'ArflowInvoiceStatus=Keyword', 'ArflowPaymentStatus=Keyword'];

export function cacheDir(): string {
  return process.env.ARFLOW_CACHE_DIR ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'arflow');
}

export function findTemporalCli(): string {
  const cached = join(cacheDir(), `temporal-${TEMPORAL_CLI_VERSION}`, 'temporal');
  if (existsSync(cached)) return cached;
  try {
    const onPath = execFileSync('sh', ['-c', 'command -v temporal'], { encoding: 'utf8' }).trim();
    if (onPath) return onPath;
  } catch { /* not on PATH */ }
  throw new Error(`the Temporal CLI was not found on PATH or in ${cached}: run scripts/install-temporal-cli.sh (npm start and npm test run it for you)`);
}

export interface TemporalServer extends RunningServer { address: string; uiUrl: string | undefined }

export interface TemporalOptions { stateDir: string; port: number; uiPort?: number; dbFile?: string }

export async function startTemporalDevServer(options: TemporalOptions): Promise<TemporalServer> {
  mkdirSync(options.stateDir, { recursive: true });
  const pidFile = join(options.stateDir, 'temporal.pid');
  const logFile = join(options.stateDir, 'temporal.log');
  await killStale(pidFile);
  const args = [
    'server', 'start-dev', '--ip', '127.0.0.1', '--port', String(options.port),
    '--db-filename', options.dbFile ?? join(options.stateDir, 'temporal.db'),
    '--sqlite-pragma', 'journal_mode=WAL', '--sqlite-pragma', 'synchronous=NORMAL', '--log-level', 'warn',
    '--dynamic-config-value', 'frontend.enableUpdateWorkflowExecution=true',
    ...SEARCH_ATTRIBUTES.flatMap((a) => ['--search-attribute', a]),
    ...(options.uiPort ? ['--ui-port', String(options.uiPort)] : ['--headless']),
  ];
  const { server } = spawnServer({ name: 'temporal', command: findTemporalCli(), args, pidFile, logFile });
  try {
    await waitForPort('127.0.0.1', options.port, 60_000, 'Temporal dev server');
  } catch (err) {
    await server.stop();
    throw new Error(`${(err as Error).message}\n--- temporal log ---\n${tailOf(logFile)}`);
  }
  return { ...server, address: `127.0.0.1:${options.port}`, uiUrl: options.uiPort ? `http://127.0.0.1:${options.uiPort}` : undefined };
}
