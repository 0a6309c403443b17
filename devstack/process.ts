// Starting and stopping the local servers arflow runs against (PostgreSQL, Dovecot, Temporal).
// Each server's PID goes in a file beside its data, so a run that crashed is cleaned up by the next.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createConnection } from 'node:net';
import { existsSync, mkdirSync, readFileSync, writeFileSync, rmSync, openSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface RunningServer {
  name: string;
  pid: number;
  stop(): Promise<void>;
}

export async function waitForPort(host: string, port: number, timeoutMs: number, name: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = createConnection({ host, port });
      socket.once('connect', () => { socket.destroy(); resolve(true); });
      socket.once('error', () => { socket.destroy(); resolve(false); });
    });
    if (open) return;
    if (Date.now() > deadline) throw new Error(`${name} did not start listening on ${host}:${port} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export function isAlive(pid: number): boolean {
  try { process.kill(pid, 0); return true; } catch { return false; }
}

/** Kills a server left behind by an earlier run, found through its PID file. */
export async function killStale(pidFile: string): Promise<void> {
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').trim());
  if (Number.isInteger(pid) && pid > 0 && isAlive(pid)) await killAndWait(pid, 10_000);
  rmSync(pidFile, { force: true });
}

export async function killAndWait(pid: number, timeoutMs: number): Promise<void> {
  try { process.kill(pid, 'SIGTERM'); } catch { return; }
  const deadline = Date.now() + timeoutMs;
  while (isAlive(pid)) {
    if (Date.now() > deadline) { try { process.kill(pid, 'SIGKILL'); } catch { /* gone */ } break; }
    await new Promise((r) => setTimeout(r, 50));
  }
}

export interface SpawnOptions {
  name: string;
  command: string;
  args: string[];
  pidFile: string;
  logFile: string;
  env?: NodeJS.ProcessEnv;
}

/** Spawns a long-running server with its output in a log file, and records its PID. */
export function spawnServer(opts: SpawnOptions): { child: ChildProcess; server: RunningServer } {
  const log = openSync(opts.logFile, 'a');
  const child = spawn(opts.command, opts.args, {
    stdio: ['ignore', log, log],
    env: { ...process.env, ...opts.env },
  });
  if (child.pid === undefined) throw new Error(`could not start ${opts.name} (${opts.command})`);
  const pid = child.pid;
  writeFileSync(opts.pidFile, String(pid));
  child.unref();
  const server: RunningServer = {
    name: opts.name,
    pid,
    async stop() {
      await killAndWait(pid, 15_000);
      rmSync(opts.pidFile, { force: true });
    },
  };
  return { child, server };
}

export function tailOf(file: string, chars = 2000): string {
  try { const text = readFileSync(file, 'utf8'); return text.slice(-chars); } catch { return '(no log)'; }
}

/**
 * A directory the given system users can reach. As root, servers run as other users (postgres, mail,
 * dovecot), which cannot enter a checkout under a private directory (mktemp -d is 0700); their state then
 * lives in a directory of its own in /tmp, named after the wanted one so every start finds it again.
 */
export function dirReachableBy(users: string[], dir: string, name: string): string {
  if (process.getuid?.() !== 0) return dir;
  const reachable = users.every((user) => {
    try { execFileSync('runuser', ['-u', user, '--', 'test', '-x', dir], { stdio: 'pipe' }); return true; } catch { return false; }
  });
  if (reachable) return dir;
  const fallback = join(tmpdir(), `arflow-${name}-${createHash('sha256').update(dir).digest('hex').slice(0, 12)}`);
  mkdirSync(fallback, { recursive: true, mode: 0o755 });
  return fallback;
}
