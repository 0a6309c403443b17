// `arflow status`: what an IT person checks first, each with a short timeout and one clear line: the database
// and its migrations, Temporal and its namespace, workers polling the desk and OCR queues, the console, and
// the desk's work in numbers. Gathering the facts talks to the servers; judging them (statusReport) is pure.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { Connection } from '@temporalio/client';
import pg from 'pg';
import { openDb, type Db } from '../db/client.js';
import { MIGRATIONS_DIR } from '../db/migrate.js';
import type { OrderStatus, PaymentStatus } from '../generated/prisma/enums.js';
import { loadConfig, type ArflowConfig } from '../runtime/config.js';
import { DESK_TASK_QUEUE } from '../workers/desk-worker.js';
import { ocrTaskQueueOf } from '../workflows/task-queues.js';

export const STATUS_HELP = `  status [--json]
            is everything up: the database (DATABASE_URL) and its migrations, Temporal, the workers on
            the desk and OCR queues, the console; and the desk's work in numbers. Exit 1 when something is down`;

// ---- the facts, as gathered ----

export interface MigrationGap { total: number; pending: string[]; changed: string[]; unknown: string[] }
export interface DeskNumbers {
  approvalsByKind: Record<string, number>;
  openOrders: Record<OpenOrderStatus, number>;
  waitingPayments: Record<WaitingPaymentStatus, number>;
  quarantinedMessages: number;
  pendingOutbound: { count: number; oldest: string | null };
}
export interface QueuePoll { worker: 'desk' | 'ocr'; queue: string; tasks: 'workflow' | 'activity'; pollers?: { identity: string; lastAccessMs: number | null }[]; error?: string }
export interface StatusFacts {
  database: { kind: 'embedded'; port: number } | { kind: 'postgres'; url: string; error?: string };
  /** Present when the database answered. */
  migrations?: MigrationGap | { error: string };
  desk?: DeskNumbers | { error: string };
  temporal: { address: string; namespace: string; devServer: boolean; error?: string; namespaceError?: string };
  /** Present when Temporal answered. */
  queues?: QueuePoll[];
  console: { url: string; httpStatus?: number; error?: string };
}

const OPEN_ORDER_STATUSES = ['received', 'in_review', 'credit_hold'] as const satisfies readonly OrderStatus[];
type OpenOrderStatus = (typeof OPEN_ORDER_STATUSES)[number];
// `received` is not the desk's to decide, but one that stays there was never matched (no worker took it).
const WAITING_PAYMENT_STATUSES = ['exception', 'suspense', 'on_account', 'received'] as const satisfies readonly PaymentStatus[];
type WaitingPaymentStatus = (typeof WAITING_PAYMENT_STATUSES)[number];

// ---- judging them: pure ----

export type CheckState = 'up' | 'down' | 'skipped';
export interface Check { name: string; state: CheckState; message: string }
export interface StatusReport { ok: boolean; checks: Check[]; desk: DeskNumbers | null; lines: string[] }

/**
 * A worker polls again at least every minute or so (Temporal's long poll), while the server lists a poller
 * for minutes after its last poll: older than this, the worker has most likely stopped.
 */
export const POLLER_FRESH_MS = 120_000;

/** Which migrations on disk the database lacks, which it has with other contents, which it has that we don't know. */
export function migrationGap(onDisk: readonly { name: string; checksum: string }[], applied: readonly { name: string; checksum: string }[]): MigrationGap {
  const appliedBy = new Map(applied.map((m) => [m.name, m.checksum]));
  const disk = new Set(onDisk.map((m) => m.name));
  return {
    total: onDisk.length,
    pending: onDisk.filter((m) => !appliedBy.has(m.name)).map((m) => m.name),
    changed: onDisk.filter((m) => appliedBy.has(m.name) && appliedBy.get(m.name) !== m.checksum).map((m) => m.name),
    unknown: applied.filter((m) => !disk.has(m.name)).map((m) => m.name),
  };
}

/** The part of an error a person acts on: "connect ECONNREFUSED", "no answer within 3 s", the first line otherwise. */
export function shortReason(err: unknown, timeoutMs: number): string {
  const e = (typeof err === 'object' && err !== null ? err : {}) as { name?: string; message?: string; code?: string; syscall?: string; cause?: unknown };
  if (e.name === 'TimeoutError' || e.name === 'AbortError') return `no answer within ${timeoutMs / 1000} s`;
  if (/^E[A-Z]+$/.test(e.code ?? '')) return `${e.syscall ?? 'connect'} ${e.code}`; // a socket's error (Node's own codes)
  const message = e.message || String(err);
  const socket = /\b(connect|getaddrinfo|read|write) (E[A-Z]+)\b/.exec(message);
  if (socket) return `${socket[1]} ${socket[2]}`;
  if (e.cause) return shortReason(e.cause, timeoutMs); // "fetch failed", "Failed to connect to Temporal server": the cause says why
  if (/timed? ?out|timeout|deadline/i.test(message)) return `no answer within ${timeoutMs / 1000} s`;
  const firstLine = message.split('\n')[0]!.trim();
  return firstLine.length > 140 ? `${firstLine.slice(0, 137)}…` : firstLine;
}

/** The console's login page as a client reaches it: a wildcard bind answers on the loopback address. */
/** A database URL fit to print: the password blanked, in the authority or as a query parameter. */
export function withoutSecrets(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    for (const key of [...u.searchParams.keys()]) if (/pass|secret|token/i.test(key)) u.searchParams.set(key, '***');
    return u.toString();
  } catch {
    return url.replace(/:[^:@/]+@/, ':***@').replace(/((?:pass\w*|secret|token)=)[^&]*/gi, '$1***');
  }
}

export function consoleLoginUrl(host: string, port: number): string {
  const reach = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '::1' : host;
  return `http://${reach.includes(':') ? `[${reach}]` : reach}:${port}/login`;
}

function ago(ms: number): string {
  const s = Math.round(ms / 1000);
  return s < 120 ? `${s} s` : s < 7200 ? `${Math.round(s / 60)} min` : `${Math.round(s / 3600)} h`;
}

function workerCheck(name: string, queue: string, polls: QueuePoll[], facts: StatusFacts, now: number): Check {
  const failed = polls.find((p) => p.error);
  if (failed) return { name, state: 'down', message: `${queue}: not described (${failed.error})` };
  const identities = new Set<string>();
  const problems: string[] = [];
  for (const poll of polls) {
    const pollers = poll.pollers ?? [];
    const fresh = pollers.filter((p) => p.lastAccessMs !== null && now - p.lastAccessMs <= POLLER_FRESH_MS);
    for (const p of fresh) identities.add(p.identity);
    if (fresh.length) continue;
    const last = Math.max(...pollers.map((p) => p.lastAccessMs ?? 0));
    problems.push(pollers.length && last > 0 ? `last polled for ${poll.tasks} tasks ${ago(now - last)} ago` : `no worker polls for ${poll.tasks} tasks`);
  }
  const tasks = polls.map((p) => p.tasks).join(' and ');
  if (!problems.length) {
    const who = [...identities];
    return { name, state: 'up', message: `${queue}: ${who.length} worker(s) polling for ${tasks} tasks (${who.slice(0, 3).join(', ')}${who.length > 3 ? ', …' : ''})` };
  }
  return { name, state: 'down', message: `${queue}: ${problems.join('; ')} — is \`arflow start\` running against ${facts.temporal.address}, namespace ${facts.temporal.namespace}?` };
}

function deskLines(d: DeskNumbers): string[] {
  const sum = (r: Record<string, number>) => Object.values(r).reduce((a, b) => a + b, 0);
  const parts = (r: Record<string, number>) => Object.entries(r).map(([k, n]) => `${k.replace(/_/g, ' ')} ${n}`).join(', ');
  const { received: unmatched, ...waiting } = d.waitingPayments;
  const row = (label: string, n: number, detail = '') => `  ${label.padEnd(22)} ${String(n).padStart(5)}${detail ? `   ${detail}` : ''}`;
  return [
    'Desk:',
    row('approvals pending', sum(d.approvalsByKind), parts(d.approvalsByKind)),
    row('orders open', sum(d.openOrders), parts(d.openOrders)),
    row('payments waiting', sum(waiting), `${parts(waiting)}${unmatched ? `; ${unmatched} not matched yet` : ''}`),
    row('quarantined messages', d.quarantinedMessages),
    row('mail not yet sent', d.pendingOutbound.count, d.pendingOutbound.oldest ? `oldest from ${d.pendingOutbound.oldest.slice(0, 16).replace('T', ' ')} UTC` : ''),
  ];
}

/** The facts as checks, lines to print and the verdict: ok unless a check is down (skipped ones are said, not failed). */
export function statusReport(facts: StatusFacts, now: number, timeoutMs = 3_000): StatusReport {
  const checks: Check[] = [];
  const db = facts.database;
  if (db.kind === 'embedded') {
    checks.push({ name: 'Database', state: 'skipped', message: `DATABASE_URL is not set. The embedded database (PGlite) runs inside the \`npm start\`/\`arflow start\` process and serves that process alone (127.0.0.1:${db.port}, one session shared by all its connections), so status does not read it; set DATABASE_URL to check a PostgreSQL database and see the desk's numbers` });
  } else if (db.error) {
    checks.push({ name: 'Database', state: 'down', message: `not reachable at ${db.url} (${db.error}) — is PostgreSQL up, and DATABASE_URL right?` });
  } else {
    checks.push({ name: 'Database', state: 'up', message: `reachable at ${db.url}` });
    const m = facts.migrations;
    if (!m) checks.push({ name: 'Migrations', state: 'skipped', message: 'not read' });
    else if ('error' in m) checks.push({ name: 'Migrations', state: 'down', message: `not read (${m.error})` });
    else if (m.changed.length) checks.push({ name: 'Migrations', state: 'down', message: `${m.changed.join(', ')} changed on disk after it was applied: add a new migration instead` });
    else if (m.pending.length) checks.push({ name: 'Migrations', state: 'down', message: `${m.pending.length} of ${m.total} not applied (${m.pending.join(', ')}) — run \`arflow migrate\`, or restart \`arflow start\`, which applies them` });
    else if (m.unknown.length) checks.push({ name: 'Migrations', state: 'down', message: `the database has migrations this arflow does not know (${m.unknown.join(', ')}): this code is older than the database` });
    else checks.push({ name: 'Migrations', state: 'up', message: `all ${m.total} applied` });
  }

  const t = facts.temporal;
  const hint = t.devServer ? 'is `npm start` running?' : 'is the Temporal server up, and TEMPORAL_ADDRESS right?';
  if (t.error) checks.push({ name: 'Temporal', state: 'down', message: `not reachable at ${t.address} (${t.error}) — ${hint}` });
  else if (t.namespaceError) checks.push({ name: 'Temporal', state: 'down', message: `reachable at ${t.address}, but namespace ${t.namespace} is not there (${t.namespaceError}) — is TEMPORAL_NAMESPACE right?` });
  else checks.push({ name: 'Temporal', state: 'up', message: `reachable at ${t.address}, namespace ${t.namespace}` });
  for (const [worker, name] of [['desk', 'Desk worker'], ['ocr', 'OCR worker']] as const) {
    const polls = facts.queues?.filter((q) => q.worker === worker) ?? [];
    if (polls[0]) checks.push(workerCheck(name, polls[0].queue, polls, facts, now));
    else checks.push({ name, state: 'skipped', message: 'not checked: Temporal is down' });
  }

  const c = facts.console;
  if (c.httpStatus === 200) checks.push({ name: 'Console', state: 'up', message: `answers at ${c.url}` });
  else if (c.httpStatus !== undefined) checks.push({ name: 'Console', state: 'down', message: `${c.url} answers HTTP ${c.httpStatus}, not the console's sign-in page — is something else on ARFLOW_CONSOLE_PORT?` });
  else checks.push({ name: 'Console', state: 'down', message: `not answering at ${c.url} (${c.error ?? `no answer within ${timeoutMs / 1000} s`}) — is \`npm start\` running, with these ARFLOW_CONSOLE_HOST/PORT?` });

  let desk: DeskNumbers | null = null;
  if (facts.desk && 'error' in facts.desk) checks.push({ name: 'Desk', state: 'down', message: `numbers not read (${facts.desk.error})` });
  else if (facts.desk) desk = facts.desk;

  const down = checks.filter((x) => x.state === 'down');
  const skipped = checks.filter((x) => x.state === 'skipped');
  const tag: Record<CheckState, string> = { up: 'up  ', down: 'DOWN', skipped: 'skip' };
  const lines = checks.map((x) => `${tag[x.state]}  ${x.name}: ${x.message}`);
  if (desk) lines.push('', ...deskLines(desk));
  lines.push('', down.length ? `down: ${down.map((x) => x.name).join(', ')}` : skipped.length ? `everything checked is up (not checked: ${skipped.map((x) => x.name).join(', ')})` : 'everything is up');
  return { ok: down.length === 0, checks, desk, lines };
}

// ---- gathering them: each check bounded by its timeout ----

const WORKFLOW_TASKS = 1; // temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW
const ACTIVITY_TASKS = 2; // TASK_QUEUE_TYPE_ACTIVITY

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(Object.assign(new Error('timeout'), { name: 'TimeoutError' })), ms); });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

/** The migrations as db/migrate.ts applies them: each folder's migration.sql, by name, with its checksum. */
function migrationsOnDisk(dir = MIGRATIONS_DIR): { name: string; checksum: string }[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(join(dir, e.name, 'migration.sql')))
    .map((e) => ({ name: e.name, checksum: createHash('sha256').update(readFileSync(join(dir, e.name, 'migration.sql'), 'utf8')).digest('hex') }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

async function gatherDatabase(url: string, timeoutMs: number): Promise<Pick<StatusFacts, 'database' | 'migrations' | 'desk'>> {
  const shown = withoutSecrets(url);
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: timeoutMs, query_timeout: timeoutMs });
  client.on('error', () => {}); // a connection dropped after the check must not end the command
  try {
    await client.connect();
  } catch (err) {
    await client.end().catch(() => {});
    return { database: { kind: 'postgres', url: shown, error: shortReason(err, timeoutMs) } };
  }
  let migrations: MigrationGap | { error: string };
  try {
    const rows = await client.query<{ migration_name: string; checksum: string }>('SELECT migration_name, checksum FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL')
      .then((r) => r.rows, (err: { code?: string }) => { if (err.code === '42P01') return []; throw err; }); // no table: nothing applied yet
    migrations = migrationGap(migrationsOnDisk(), rows.map((r) => ({ name: r.migration_name, checksum: r.checksum })));
  } catch (err) {
    migrations = { error: shortReason(err, timeoutMs) };
  } finally { await client.end().catch(() => {}); }
  const db = openDb(url, { poolMax: 2 });
  try {
    return { database: { kind: 'postgres', url: shown }, migrations, desk: await withTimeout(deskNumbers(db), 2 * timeoutMs) };
  } catch (err) {
    return { database: { kind: 'postgres', url: shown }, migrations, desk: { error: shortReason(err, 2 * timeoutMs) } };
  } finally { await db.$disconnect().catch(() => {}); }
}

async function deskNumbers(db: Db): Promise<DeskNumbers> {
  const [approvals, orders, payments, quarantinedMessages, pending, oldest] = await Promise.all([
    db.approval.groupBy({ by: ['kind'], where: { status: 'pending' }, _count: { _all: true } }),
    db.order.groupBy({ by: ['status'], where: { status: { in: [...OPEN_ORDER_STATUSES] } }, _count: { _all: true } }),
    db.payment.groupBy({ by: ['status'], where: { status: { in: [...WAITING_PAYMENT_STATUSES] } }, _count: { _all: true } }),
    db.inboundMessage.count({ where: { status: 'quarantined' } }),
    db.outboundMessage.count({ where: { status: 'pending' } }),
    db.outboundMessage.findFirst({ where: { status: 'pending' }, orderBy: { createdAt: 'asc' }, select: { createdAt: true } }),
  ]);
  const counted = <K extends string>(keys: readonly K[], rows: { status: string; _count: { _all: number } }[]) =>
    Object.fromEntries(keys.map((k) => [k, rows.find((r) => r.status === k)?._count._all ?? 0])) as Record<K, number>;
  return {
    approvalsByKind: Object.fromEntries(approvals.sort((a, b) => a.kind.localeCompare(b.kind)).map((a) => [a.kind, a._count._all])),
    openOrders: counted(OPEN_ORDER_STATUSES, orders),
    waitingPayments: counted(WAITING_PAYMENT_STATUSES, payments),
    quarantinedMessages,
    pendingOutbound: { count: pending, oldest: oldest?.createdAt.toISOString() ?? null },
  };
}

/** A plain TCP connect first: it says "connect ECONNREFUSED" at once, where gRPC would only time out. */
function probeTcp(host: string, port: number, timeoutMs: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (problem?: string) => { socket.destroy(); resolve(problem); };
    socket.setTimeout(timeoutMs, () => done(`no answer within ${timeoutMs / 1000} s`));
    socket.once('connect', () => done());
    socket.once('error', (err) => done(shortReason(err, timeoutMs)));
  });
}

async function gatherTemporal(temporal: StatusFacts['temporal'], queues: readonly Pick<QueuePoll, 'worker' | 'queue' | 'tasks'>[], timeoutMs: number): Promise<Pick<StatusFacts, 'temporal' | 'queues'>> {
  const at = temporal.address.lastIndexOf(':');
  const unreachable = await probeTcp(temporal.address.slice(0, at), Number(temporal.address.slice(at + 1)), timeoutMs);
  if (unreachable) return { temporal: { ...temporal, error: unreachable } };
  let connection: Connection;
  try {
    connection = await Connection.connect({ address: temporal.address, connectTimeout: timeoutMs });
  } catch (err) { return { temporal: { ...temporal, error: shortReason(err, timeoutMs) } }; }
  try {
    const { namespace } = temporal;
    const deadline = () => Date.now() + timeoutMs;
    try {
      await connection.withDeadline(deadline(), () => connection.workflowService.describeNamespace({ namespace }));
    } catch (err) {
      // NOT_FOUND is a Temporal without our namespace; anything else (UNIMPLEMENTED, …) is no Temporal at all.
      const reason = shortReason(err, timeoutMs);
      return { temporal: { ...temporal, ...((err as { code?: unknown }).code === 5 ? { namespaceError: reason } : { error: reason }) } };
    }
    const polls = await Promise.all(queues.map(async ({ worker, queue, tasks }): Promise<QueuePoll> => {
      try {
        const described = await connection.withDeadline(deadline(), () => connection.workflowService.describeTaskQueue({ namespace, taskQueue: { name: queue }, taskQueueType: tasks === 'workflow' ? WORKFLOW_TASKS : ACTIVITY_TASKS }));
        return { worker, queue, tasks, pollers: (described.pollers ?? []).map((p) => ({ identity: p.identity ?? 'unknown', lastAccessMs: p.lastAccessTime?.seconds != null ? Number(p.lastAccessTime.seconds) * 1000 + Math.floor((p.lastAccessTime.nanos ?? 0) / 1e6) : null })) };
      } catch (err) { return { worker, queue, tasks, error: shortReason(err, timeoutMs) }; }
    }));
    return { temporal, queues: polls };
  } finally { await connection.close().catch(() => {}); }
}

async function gatherConsole(url: string, timeoutMs: number): Promise<StatusFacts['console']> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), redirect: 'manual' });
    await res.body?.cancel();
    return { url, httpStatus: res.status };
  } catch (err) { return { url, error: shortReason(err, timeoutMs) }; }
}

export async function gatherStatus(config: ArflowConfig, deskQueue: string, timeoutMs = 3_000): Promise<StatusFacts> {
  const temporal: StatusFacts['temporal'] = config.temporal.kind === 'remote'
    ? { address: config.temporal.address, namespace: config.namespace, devServer: false }
    : { address: `127.0.0.1:${config.temporal.port}`, namespace: config.namespace, devServer: true };
  // The desk queue runs workflows and activities; the OCR queue activities only.
  const queues = [
    { worker: 'desk', queue: deskQueue, tasks: 'workflow' }, { worker: 'desk', queue: deskQueue, tasks: 'activity' },
    { worker: 'ocr', queue: ocrTaskQueueOf(deskQueue), tasks: 'activity' },
  ] as const;
  const [database, temporalFacts, consoleFacts] = await Promise.all([
    config.database.kind === 'postgres' ? gatherDatabase(config.database.url, timeoutMs) : { database: { kind: 'embedded' as const, port: config.database.port } },
    gatherTemporal(temporal, queues, timeoutMs),
    gatherConsole(consoleLoginUrl(config.console.host, config.console.port), timeoutMs),
  ]);
  return { ...database, ...temporalFacts, console: consoleFacts };
}

export async function statusCommand(args: string[], out: (line: string) => void): Promise<number> {
  const json = args.includes('--json');
  let config: ArflowConfig;
  try { config = loadConfig(); } catch (err) {
    const message = (err as Error).message;
    if (json) out(JSON.stringify({ ok: false, checks: [{ name: 'Settings', state: 'down', message }], desk: null }, null, 2)); else console.error(message);
    return 1;
  }
  const report = statusReport(await gatherStatus(config, process.env.ARFLOW_TASK_QUEUE ?? DESK_TASK_QUEUE), Date.now());
  if (json) out(JSON.stringify({ ok: report.ok, checks: report.checks, desk: report.desk }, null, 2));
  else for (const line of report.lines) out(line);
  return report.ok ? 0 : 1;
}
