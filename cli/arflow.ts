#!/usr/bin/env node
// arflow's command line. `arflow start` runs the whole desk; `arflow status` says whether it is up;
// `arflow migrate` applies the schema.
import { openDb } from '../db/client.js';
import { migrate } from '../db/migrate.js';
import { formatOrdersReport, ordersReport } from '../reports/orders.js';
import { arReconciliation, cashExceptions, formatCashExceptions, formatReconciliation } from '../reports/cash.js';
import { CASH_HELP, cashApplyCommand, depositCommand, importCommand } from './cash-commands.js';
import { APPROVALS_HELP, approvalsCommand } from './approval-commands.js';
import { USERS_HELP, usersCommand } from './user-commands.js';
import { STATUS_HELP, statusCommand } from './status-command.js';
import { formatAging, formatPacketDeliveries, formatStaleTickets, receivablesAging, staleServiceTickets, w9PacketDeliveries } from '../reports/receivables.js';
import { startArflow } from '../runtime/app.js';
import { loadConfig } from '../runtime/config.js';

const HELP = `usage: arflow <command>

commands:
  start     run the whole stack in one process: the database (embedded PGlite, or DATABASE_URL), Temporal
            (a dev server, or TEMPORAL_ADDRESS), the desk and OCR workers, the mailbox ingesters and the
            console; with no settings, the embedded defaults and demo data (see README). Ctrl-C stops it all
${STATUS_HELP}
  migrate [--json]
            apply database migrations to DATABASE_URL
  report orders [--days N] [--json]
            orders entered per day and the backlog (in review, on credit hold, not yet scheduled),
            from DATABASE_URL
  report aging [--json]
            each customer's open receivables by days past due (current, 1-30, 31-60, 61-90, over 90)
  report tickets [--days N] [--json]
            service tickets still unbilled more than N days (default 45) after the work
  report w9 [--json]
            each customer's W-9 and payment-instruction packets: when, to whom, on what occasion
  report reconciliation [--json]
            the AR ledger against its open items per customer, differences with their cause,
            unapplied cash and suspense by age, deposits the bank has not credited
${CASH_HELP}
${APPROVALS_HELP}
${USERS_HELP}
  help      show this help

--json prints the result (a refusal too) as one JSON document on standard output, for scripts; progress,
usage errors and failures go to standard error. Exit codes: 0 done, 1 refused, failed or something down,
2 a wrong command or a missing setting.`;

async function main(argv: string[]): Promise<number> {
  const command = argv[0] ?? 'help';
  if (command === 'help' || command === '--help' || command === '-h') { console.log(HELP); return 0; }
  if (command === 'migrate') {
    const url = process.env.DATABASE_URL;
    if (!url) { console.error('arflow migrate: set DATABASE_URL to the PostgreSQL database to migrate'); return 2; }
    const result = await migrate(url);
    if (argv.includes('--json')) console.log(JSON.stringify(result, null, 2));
    else console.log(result.applied.length ? `applied: ${result.applied.join(', ')}` : `up to date (${result.alreadyApplied.length} migrations)`);
    return 0;
  }
  if (command === 'report') return report(argv[1], argv.slice(2));
  const print = (line: string) => console.log(line);
  if (command === 'status') return statusCommand(argv.slice(1), print);
  if (command === 'import') return importCommand(argv.slice(1), print);
  if (command === 'approvals') return approvalsCommand(argv.slice(1), print);
  if (command === 'users') return usersCommand(argv.slice(1), print);
  if (command === 'deposit') return depositCommand(argv.slice(1), print);
  if (command === 'cash' && argv[1] === 'apply') return cashApplyCommand(argv.slice(2), print);
  if (command === 'cash' && argv[1] === 'exceptions') return report('cash-exceptions', argv.slice(2));
  if (command === 'start') {
    const config = loadConfig();
    const log = (line: string) => console.log(`${new Date().toISOString().slice(11, 19)}  ${line}`);
    console.log('arflow — order-to-cash desk');
    const app = await startArflow(config, log);
    let stopping = false;
    const stop = async (signal: string) => {
      if (stopping) return;
      stopping = true;
      log(`${signal}: stopping…`);
      await app.stop();
      log('stopped');
      process.exit(0);
    };
    process.on('SIGINT', () => void stop('SIGINT'));
    process.on('SIGTERM', () => void stop('SIGTERM'));
    await app.done;
    return 0;
  }
  console.error(`arflow: unknown command "${command}"\n\n${HELP}`);
  return 2;
}

/** The reports: each reads DATABASE_URL, prints text (or `--json`), and says what a wrong option should be. */
async function report(name: string | undefined, options: string[]): Promise<number> {
  const today = new Date().toISOString().slice(0, 10);
  const daysAt = options.indexOf('--days');
  const days = (fallback: number, max: number) => {
    const n = daysAt >= 0 ? Number(options[daysAt + 1]) : fallback;
    return Number.isInteger(n) && n >= 1 && n <= max ? n : undefined;
  };
  const reports: Record<string, (db: ReturnType<typeof openDb>) => Promise<{ json: unknown; text: string } | string>> = {
    orders: async (db) => { const d = days(14, 366); if (!d) return 'arflow report orders: --days takes a whole number of days from 1 to 366'; const r = await ordersReport(db, { today, days: d }); return { json: r, text: formatOrdersReport(r) }; },
    aging: async (db) => { const r = await receivablesAging(db, today); return { json: r, text: formatAging(r) }; },
    w9: async (db) => { const r = await w9PacketDeliveries(db); return { json: r, text: formatPacketDeliveries(r) }; },
    reconciliation: async (db) => { const r = await arReconciliation(db, today); return { json: r, text: formatReconciliation(r) }; },
    'cash-exceptions': async (db) => { const r = await cashExceptions(db); return { json: r, text: formatCashExceptions(r) }; },
    tickets: async (db) => { const d = days(45, 3650); if (!d) return 'arflow report tickets: --days takes a whole number of days from 1 to 3650'; const r = await staleServiceTickets(db, today, d); return { json: r, text: formatStaleTickets(r, d) }; },
  };
  const run = name ? reports[name] : undefined;
  if (!run) { console.error(`arflow report: which report? one of ${Object.keys(reports).join(', ')}\n\n${HELP}`); return 2; }
  const url = process.env.DATABASE_URL;
  if (!url) { console.error('arflow report: set DATABASE_URL to the PostgreSQL database to report on'); return 2; }
  const db = openDb(url);
  try {
    const out = await run(db);
    if (typeof out === 'string') { console.error(out); return 2; }
    console.log(options.includes('--json') ? JSON.stringify(out.json, null, 2) : out.text);
    return 0;
  } finally { await db.$disconnect(); }
}

main(process.argv.slice(2)).then((code) => { if (code !== 0) process.exit(code); }, (err) => {
  console.error(`arflow: ${(err as Error).message}`);
  process.exit(1);
});
