// The cash desk's commands: import a bank file, list and decide exceptions, print a deposit slip.
// Each reads DATABASE_URL; those that start or update workflows also TEMPORAL_ADDRESS (default the dev server's)
// and ARFLOW_TASK_QUEUE (the desk workers' queue, default arflow-desk). With --json each prints one JSON
// document on standard output for scripts, with the same exit codes.
import { readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { Client, Connection, WorkflowUpdateFailedError } from '@temporalio/client';
import { importBankFile, startCashApplications } from '../activities/bank-files.js';
import { depositSlipPdf } from '../activities/deposits.js';
import { openDb } from '../db/client.js';
import { chromiumPdfRenderer, findChromium } from '../documents/pdf-renderer.js';
import { depositSlipFilename } from '../documents/deposit-slip.js';
import { cashApplicationWorkflowId, type CashDecisionInput } from '../domain/cash-application-contract.js';
import { parseAmountMinor } from '../domain/money.js';
import { DESK_TASK_QUEUE } from '../workers/desk-worker.js';
import { applyCashUpdate, cashApplicationProgressQuery, type CashApplicationProgress } from '../workflows/cash-application.js';
import { progressLine } from './progress.js';

export const CASH_HELP = `  import bank-file <path> [--json]
            import a BAI2, camt.053/054, NACHA, X12 820 or card processor CSV file: all or nothing,
            once; each payment in it is matched (cash application workflows; on a terminal,
            standard error counts the payments handed over)
  cash exceptions [--json]
            payments waiting for a person: not matched surely enough, on account, in suspense
  cash apply <PMT-number> --by <email> [--customer C-1001] [--invoice INV-000123=1234.50 ...]
             [--on-account | --suspense] [--note text] [--json]
            (an --invoice may add :discount=20.00, :deduction=15.00:reason=damaged and :writeoff)
            apply a payment by hand (the workflow checks the ledger and your authority)
  deposit slip [--date YYYY-MM-DD | --number DEP-000001] [--out file.pdf] [--json]
            the deposit slip PDF of a day's checks`;

type Out = (line: string) => void;

async function withTemporal<T>(run: (client: Client) => Promise<T>): Promise<T> {
  const connection = await Connection.connect({ address: process.env.TEMPORAL_ADDRESS ?? 'localhost:7233' });
  try { return await run(new Client({ connection, namespace: process.env.TEMPORAL_NAMESPACE ?? 'default' })); } finally { await connection.close(); }
}

function option(args: string[], name: string): string | undefined {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
}

export async function importCommand(args: string[], out: Out): Promise<number> {
  const path = args[1];
  if (args[0] !== 'bank-file' || !path) { console.error('usage: arflow import bank-file <path> [--json]'); return 2; }
  const url = process.env.DATABASE_URL;
  if (!url) { console.error('arflow import: set DATABASE_URL'); return 2; }
  const json = args.includes('--json');
  const db = openDb(url);
  try {
    const result = await importBankFile(db, readFileSync(path), basename(path), `cli:${process.env.USER ?? 'unknown'}`);
    let started: string[] = [];
    let note = '';
    if (result.status !== 'rejected' && result.payments.length) {
      // A lockbox file of thousands takes a while to hand over: count it on the terminal, never into --json.
      const progress = json ? undefined : progressLine(process.stderr, (done, total) => `matching: ${done}/${total} payments started`);
      try { started = await withTemporal((c) => startCashApplications(c, process.env.ARFLOW_TASK_QUEUE ?? DESK_TASK_QUEUE, result.payments, progress?.update)); } catch (err) { note = `Temporal not reachable (${(err as Error).message}): the payments are matched when arflow next starts`; } finally { progress?.end(); }
    }
    if (json) { out(JSON.stringify({ ...result, started, note }, null, 2)); return result.status === 'rejected' ? 1 : 0; }
    if (result.status === 'rejected') { console.error(`rejected, nothing imported: ${result.reason}`); return 1; }
    if (result.status === 'already_imported') { out(`${basename(path)} was imported on ${result.importedAt}: nothing changed (${result.payments.length} payments then)`); return 0; }
    out(`${basename(path)} (${result.format}): ${result.payments.length} payment(s), ${result.deposits.length} deposit(s) reconciled`);
    for (const o of result.outcomes) out(`  ${o.location.padEnd(28)} ${o.outcome.replace(/_/g, ' ').padEnd(18)} ${'reason' in o ? o.reason : 'deposit' in o ? o.deposit : o.externalRef}`);
    if (note) out(note); else if (started.length) out(`matching ${started.length} payment(s): see \`arflow cash exceptions\` for those a person must decide`);
    return 0;
  } finally { await db.$disconnect(); }
}

/** `--invoice INV-000123=1234.50` (cash applied) with optional `:discount=…`, `:deduction=…:reason=…`, `:writeoff`. */
function parseInvoiceOption(text: string, currency: string): CashDecisionInput['applications'] extends (infer A)[] | undefined ? A : never {
  const [head, ...parts] = text.split(':');
  const [invoiceNumber, amount] = (head ?? '').split('=');
  const amountMinor = parseAmountMinor(amount ?? '', currency);
  if (!invoiceNumber || amountMinor === undefined) throw new Error(`--invoice ${text}: write INV-000123=1234.50`);
  const field = (name: string) => parts.find((p) => p.startsWith(`${name}=`))?.slice(name.length + 1);
  const minor = (name: string) => { const v = field(name); if (v === undefined) return 0; const n = parseAmountMinor(v, currency); if (n === undefined) throw new Error(`--invoice ${text}: ${name} "${v}" is not an amount`); return n; };
  const reason = field('reason');
  return { invoiceNumber, amountMinor, discountMinor: minor('discount'), deductionMinor: minor('deduction'), ...(reason ? { deductionReason: reason } : {}), writeOff: parts.includes('writeoff') };
}

export async function cashApplyCommand(args: string[], out: Out): Promise<number> {
  const paymentNumber = args[0];
  const by = option(args, '--by');
  if (!paymentNumber || !by) { console.error('usage: arflow cash apply <PMT-number> --by <email> [--invoice INV=amount ...] [--on-account|--suspense] [--json]'); return 2; }
  const customerNumber = option(args, '--customer');
  const note = option(args, '--note');
  const json = args.includes('--json');
  return withTemporal(async (client) => {
    const handle = client.workflow.getHandle(cashApplicationWorkflowId(paymentNumber));
    // Amounts are read in the payment's own currency (1234.500 is a KWD amount, 1234 a JPY one).
    const { currency } = await handle.query(cashApplicationProgressQuery);
    const applications = args.flatMap((a, i) => (a === '--invoice' && args[i + 1] ? [parseInvoiceOption(args[i + 1]!, currency)] : []));
    const decision: CashDecisionInput = { by, applications, ...(customerNumber ? { customerNumber } : {}), ...(note ? { note } : {}), ...(args.includes('--on-account') ? { leaveRest: 'on_account' as const } : args.includes('--suspense') ? { leaveRest: 'suspense' as const } : {}) };
    try {
      const result = await handle.executeUpdate(applyCashUpdate, { args: [decision] });
      out(json ? JSON.stringify({ accepted: true, ...result }, null, 2) : describeCashResult(result));
      return 0;
    } catch (err) {
      if (err instanceof WorkflowUpdateFailedError) {
        const reason = err.cause?.message ?? err.message;
        if (json) out(JSON.stringify({ accepted: false, paymentNumber, refused: reason }, null, 2)); else console.error(`refused: ${reason}`);
        return 1;
      }
      throw err;
    }
  });
}

/** "PMT-000002: on account (customer C-1003)", or what it was applied to, and why when the workflow says. */
function describeCashResult(r: CashApplicationProgress): string {
  return `${r.paymentNumber}: ${r.status.replace(/_/g, ' ')}${r.customerNumber ? ` (customer ${r.customerNumber})` : ''}${r.appliedTo.length ? `, applied to ${r.appliedTo.join(', ')}` : ''}${r.reason ? ` — ${r.reason}` : ''}`;
}

export async function depositCommand(args: string[], out: Out): Promise<number> {
  if (args[0] !== 'slip') { console.error('usage: arflow deposit slip [--date YYYY-MM-DD | --number DEP-000001] [--out file.pdf] [--json]'); return 2; }
  const url = process.env.DATABASE_URL;
  if (!url) { console.error('arflow deposit: set DATABASE_URL'); return 2; }
  const chromium = findChromium();
  if (!chromium) { console.error('arflow deposit slip: needs Chromium (apt-get install chromium-headless-shell) to print the PDF'); return 2; }
  const db = openDb(url);
  const pdf = chromiumPdfRenderer({ executablePath: chromium });
  try {
    const number = option(args, '--number');
    const { context, pdf: bytes } = await depositSlipPdf(db, pdf, { ...(number ? { number } : { date: option(args, '--date') ?? new Date().toISOString().slice(0, 10) }), companyName: process.env.ARFLOW_COMPANY_NAME ?? 'arflow demo company' });
    const file = option(args, '--out') ?? depositSlipFilename(context.deposit.number);
    writeFileSync(file, bytes);
    if (args.includes('--json')) out(JSON.stringify({ ...context.deposit, file }, null, 2));
    else out(`${context.deposit.number}: ${context.deposit.count} checks, ${context.deposit.total} → ${file}`);
    return 0;
  } finally { await pdf.close(); await db.$disconnect(); }
}
