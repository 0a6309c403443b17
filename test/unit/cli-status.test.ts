import { describe, expect, it } from 'vitest';
import { consoleLoginUrl, migrationGap, POLLER_FRESH_MS, shortReason, statusReport, withoutSecrets, type DeskNumbers, type QueuePoll, type StatusFacts } from '../../cli/status-command.js';

const NOW = Date.parse('2026-12-02T10:00:00Z');
const polled = (worker: QueuePoll['worker'], queue: string, tasks: QueuePoll['tasks'], agoMs = 5_000, identity = '4242@desk-1'): QueuePoll =>
  ({ worker, queue, tasks, pollers: [{ identity, lastAccessMs: NOW - agoMs }] });
const desk: DeskNumbers = {
  approvalsByKind: { cash_exception: 2, credit_hold: 1 },
  openOrders: { received: 0, in_review: 3, credit_hold: 1 },
  waitingPayments: { exception: 1, suspense: 1, on_account: 0, received: 0 },
  quarantinedMessages: 1,
  pendingOutbound: { count: 2, oldest: '2026-12-02T09:41:07.000Z' },
};
/** Everything up, on PostgreSQL and a remote Temporal. */
const allUp = (): StatusFacts => ({
  database: { kind: 'postgres', url: 'postgresql://arflow:***@db:5432/arflow' },
  migrations: { total: 6, pending: [], changed: [], unknown: [] },
  desk,
  temporal: { address: 'temporal:7233', namespace: 'default', devServer: false },
  queues: [polled('desk', 'arflow-desk', 'workflow'), polled('desk', 'arflow-desk', 'activity'), polled('ocr', 'arflow-desk-ocr', 'activity')],
  console: { url: 'http://127.0.0.1:8080/login', httpStatus: 200 },
});

describe('arflow status: the verdict', () => {
  it('says everything is up, with the desk in numbers, and exits 0', () => {
    const report = statusReport(allUp(), NOW);
    expect(report.ok).toBe(true);
    expect(report.lines).toEqual([
      'up    Database: reachable at postgresql://arflow:***@db:5432/arflow',
      'up    Migrations: all 6 applied',
      'up    Temporal: reachable at temporal:7233, namespace default',
      'up    Desk worker: arflow-desk: 1 worker(s) polling for workflow and activity tasks (4242@desk-1)',
      'up    OCR worker: arflow-desk-ocr: 1 worker(s) polling for activity tasks (4242@desk-1)',
      'up    Console: answers at http://127.0.0.1:8080/login',
      '',
      'Desk:',
      '  approvals pending          3   cash exception 2, credit hold 1',
      '  orders open                4   received 0, in review 3, credit hold 1',
      '  payments waiting           2   exception 1, suspense 1, on account 0',
      '  quarantined messages       1',
      '  mail not yet sent          2   oldest from 2026-12-02 09:41 UTC',
      '',
      'everything is up',
    ]);
    expect(report.desk).toEqual(desk);
  });

  it('names what is down, with what to check, and exits 1', () => {
    const facts: StatusFacts = {
      ...allUp(),
      temporal: { address: '127.0.0.1:7233', namespace: 'default', devServer: true, error: 'connect ECONNREFUSED' },
      queues: undefined,
      console: { url: 'http://127.0.0.1:8080/login', error: 'connect ECONNREFUSED' },
    };
    const report = statusReport(facts, NOW);
    expect(report.ok).toBe(false);
    expect(report.lines).toContain('DOWN  Temporal: not reachable at 127.0.0.1:7233 (connect ECONNREFUSED) — is `npm start` running?');
    expect(report.lines).toContain('skip  Desk worker: not checked: Temporal is down');
    expect(report.lines).toContain('DOWN  Console: not answering at http://127.0.0.1:8080/login (connect ECONNREFUSED) — is `npm start` running, with these ARFLOW_CONSOLE_HOST/PORT?');
    expect(report.lines.at(-1)).toBe('down: Temporal, Console');
  });

  it('points a remote Temporal and an unreachable database at their settings', () => {
    const report = statusReport({ ...allUp(), database: { kind: 'postgres', url: 'postgresql://arflow:***@db:5432/arflow', error: 'connect ECONNREFUSED' }, migrations: undefined, desk: undefined, temporal: { address: 'temporal:7233', namespace: 'desk', devServer: false, namespaceError: '5 NOT_FOUND: Namespace desk is not found.' } }, NOW);
    expect(report.checks.filter((c) => c.state === 'down').map((c) => c.message)).toEqual([
      'not reachable at postgresql://arflow:***@db:5432/arflow (connect ECONNREFUSED) — is PostgreSQL up, and DATABASE_URL right?',
      'reachable at temporal:7233, but namespace desk is not there (5 NOT_FOUND: Namespace desk is not found.) — is TEMPORAL_NAMESPACE right?',
    ]);
    expect(report.desk).toBeNull();
    expect(report.lines).not.toContain('Desk:');
  });

  it('without DATABASE_URL says the embedded database serves its own process, and fails nothing for it', () => {
    const report = statusReport({ ...allUp(), database: { kind: 'embedded', port: 15433 }, migrations: undefined, desk: undefined }, NOW);
    expect(report.ok).toBe(true);
    expect(report.checks[0]).toMatchObject({ name: 'Database', state: 'skipped' });
    expect(report.checks[0]!.message).toContain('runs inside the `npm start`/`arflow start` process and serves that process alone (127.0.0.1:15433');
    expect(report.checks[0]!.message).toContain('set DATABASE_URL');
    expect(report.lines.at(-1)).toBe('everything checked is up (not checked: Database)');
  });

  it('fails on migrations not applied, and says how to apply them', () => {
    const report = statusReport({ ...allUp(), migrations: { total: 6, pending: ['20261201164012_console_sessions'], changed: [], unknown: [] } }, NOW);
    expect(report.ok).toBe(false);
    expect(report.checks[1]!.message).toBe('1 of 6 not applied (20261201164012_console_sessions) — run `arflow migrate`, or restart `arflow start`, which applies them');
  });

  it('tells a worker that stopped from one that never polled', () => {
    const report = statusReport({ ...allUp(), queues: [
      polled('desk', 'arflow-desk', 'workflow', POLLER_FRESH_MS + 60_000), { worker: 'desk', queue: 'arflow-desk', tasks: 'activity', pollers: [] },
      polled('ocr', 'arflow-desk-ocr', 'activity', POLLER_FRESH_MS - 1_000),
    ] }, NOW);
    expect(report.checks.find((c) => c.name === 'Desk worker')).toEqual({ name: 'Desk worker', state: 'down', message: 'arflow-desk: last polled for workflow tasks 3 min ago; no worker polls for activity tasks — is `arflow start` running against temporal:7233, namespace default?' });
    expect(report.checks.find((c) => c.name === 'OCR worker')?.state).toBe('up');
  });

  it('fails a console port that answers something else, and a desk whose numbers could not be read', () => {
    const report = statusReport({ ...allUp(), console: { url: 'http://127.0.0.1:8080/login', httpStatus: 404 }, desk: { error: 'The table `public.Approval` does not exist in the current database.' } }, NOW);
    expect(report.checks.filter((c) => c.state === 'down').map((c) => c.name)).toEqual(['Console', 'Desk']);
    expect(report.desk).toBeNull();
  });

  it('says when payments were never matched', () => {
    const report = statusReport({ ...allUp(), desk: { ...desk, waitingPayments: { exception: 0, suspense: 0, on_account: 1, received: 4 } } }, NOW);
    expect(report.lines).toContain('  payments waiting           1   exception 0, suspense 0, on account 1; 4 not matched yet');
  });
});

describe('arflow status: its parts', () => {
  it('compares migrations on disk with those the database applied', () => {
    expect(migrationGap(
      [{ name: 'a', checksum: '1' }, { name: 'b', checksum: '2' }, { name: 'c', checksum: '3' }],
      [{ name: 'a', checksum: '1' }, { name: 'b', checksum: 'x' }, { name: 'z', checksum: '9' }],
    )).toEqual({ total: 3, pending: ['c'], changed: ['b'], unknown: ['z'] });
  });

  it('keeps the part of an error a person acts on', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:8080'), { code: 'ECONNREFUSED', syscall: 'connect' });
    expect(shortReason(new TypeError('fetch failed', { cause: refused }), 3_000)).toBe('connect ECONNREFUSED');
    expect(shortReason(refused, 3_000)).toBe('connect ECONNREFUSED');
    expect(shortReason(Object.assign(new Error('getaddrinfo ENOTFOUND db.internal'), { code: 'ENOTFOUND', syscall: 'getaddrinfo' }), 3_000)).toBe('getaddrinfo ENOTFOUND');
    expect(shortReason(Object.assign(new Error('The operation was aborted due to timeout'), { name: 'TimeoutError' }), 3_000)).toBe('no answer within 3 s');
    expect(shortReason(new Error('Connection terminated due to connection timeout'), 3_000)).toBe('no answer within 3 s');
    expect(shortReason(new Error('password authentication failed for user "arflow"'), 3_000)).toBe('password authentication failed for user "arflow"');
    expect(shortReason('x'.repeat(200), 3_000)).toHaveLength(138);
  });

  it('reaches a console bound to every address on the loopback one', () => {
    expect(consoleLoginUrl('127.0.0.1', 8080)).toBe('http://127.0.0.1:8080/login');
    expect(consoleLoginUrl('0.0.0.0', 8080)).toBe('http://127.0.0.1:8080/login');
    expect(consoleLoginUrl('::', 9000)).toBe('http://[::1]:9000/login');
    expect(consoleLoginUrl('desk.internal', 80)).toBe('http://desk.internal:80/login');
  });
});

describe('a database URL in the status lines', () => {
  it('never shows a password, in the authority or as a parameter', () => {
    expect(withoutSecrets('postgresql://arflow:s3cret@db:5432/arflow')).toBe('postgresql://arflow:***@db:5432/arflow');
    expect(withoutSecrets('postgresql://db:5432/arflow?user=arflow&password=s3cret&sslmode=require')).toBe('postgresql://db:5432/arflow?user=arflow&password=***&sslmode=require');
    expect(withoutSecrets('not a url password=s3cret')).not.toContain('s3cret');
  });
});
