// Every bank format through the command a cash desk runs (`arflow import bank-file`) on the real stack: a
// camt.053 statement, a NACHA file with CCD+/CTX remittance addenda, an X12 820 and a card processor's
// export each become payments that pay the invoices they name; a camt.054 notification reporting an entry
// the statement reports again makes no second payment.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { approvalsCommand } from '../../cli/approval-commands.js';
import { importCommand } from '../../cli/cash-commands.js';
import type { BankEntry, BankFile } from '../../domain/payment-documents.js';
import { writeCamt053 } from '../../parsers/bank/camt-write.js';
import { writeNacha } from '../../parsers/bank/nacha-write.js';
import { writeX12_820 } from '../../parsers/bank/x12-820-write.js';
import { eventually, startTestDesk, uniqueSuffix, type TestDesk } from '../support/desk.js';
import { issueTestInvoice } from '../support/invoicing.js';

let desk: TestDesk;
const dir = mkdtempSync(join(tmpdir(), 'arflow-bank-formats-'));
beforeAll(async () => { desk = await startTestDesk('bank_formats'); });
afterAll(async () => { await desk?.stop(); rmSync(dir, { recursive: true, force: true }); });

const today = new Date().toISOString().slice(0, 10);
const credit = (over: Partial<BankEntry>): BankEntry => ({
  direction: 'credit', amountMinor: 0, currency: 'USD', bookedOn: today, kind: 'ach', typeCode: '', bankRef: '', customerRef: '', payer: {}, remittance: [], memo: '', location: '', ...over,
});
const oneAccount = (format: BankFile['format'], entries: BankEntry[], fileId = uniqueSuffix()): BankFile => ({ format, fileId, createdOn: today, accounts: [{ accountNumber: '4410098765', currency: 'USD', entries }] });

/** Runs the CLI command against the suite's database and Temporal, as a person would from a shell. */
async function importFile(name: string, content: string): Promise<{ code: number; out: string[] }> {
  const path = join(dir, name);
  writeFileSync(path, content);
  return cli((out) => importCommand(['bank-file', path], out));
}

async function cli(run: (out: (line: string) => void) => Promise<number>): Promise<{ code: number; out: string[] }> {
  const saved = { db: process.env.DATABASE_URL, temporal: process.env.TEMPORAL_ADDRESS, queue: process.env.ARFLOW_TASK_QUEUE };
  process.env.DATABASE_URL = desk.databaseUrl;
  process.env.TEMPORAL_ADDRESS = inject('stack').temporalAddress;
  process.env.ARFLOW_TASK_QUEUE = desk.taskQueue; // this suite's worker
  const out: string[] = [];
  try {
    return { code: await run((l) => out.push(l)), out };
  } finally {
    process.env.DATABASE_URL = saved.db; process.env.TEMPORAL_ADDRESS = saved.temporal;
    if (saved.db === undefined) delete process.env.DATABASE_URL;
    if (saved.temporal === undefined) delete process.env.TEMPORAL_ADDRESS;
    if (saved.queue === undefined) delete process.env.ARFLOW_TASK_QUEUE; else process.env.ARFLOW_TASK_QUEUE = saved.queue;
  }
}

const paid = (ids: string[]) => eventually(async () => {
  const invoices = await desk.db.invoice.findMany({ where: { id: { in: ids } } });
  return invoices.length === ids.length && invoices.every((i) => i.status === 'paid');
}, `invoices ${ids.join(', ')} paid`, 60_000);

describe('importing bank files of every format', () => {
  it('applies camt.053, NACHA, X12 820 and card payments, and reports an entry once across files', async () => {
    const inv = await Promise.all([300_000, 120_000, 80_000, 45_000, 99_900].map((amount) => issueTestInvoice(desk, 'C-1001', amount)));
    const [camtInv, nachaA, nachaB, x12Inv, cardInv] = inv as [typeof inv[0], typeof inv[0], typeof inv[0], typeof inv[0], typeof inv[0]];
    const tag = uniqueSuffix();

    // camt.054 intraday, then the day's camt.053 reporting the same entry (same AcctSvcrRef) and one more.
    const wire = credit({ kind: 'wire', typeCode: 'PMNT/RCDT/XBCT', amountMinor: 300_000, bankRef: `SVC${tag}1`, customerRef: `E2E${tag}`, payer: { name: 'Acme Fabrication Inc.', accountRef: 'DE89370400440532013000' }, remittance: [{ reference: camtInv.number, paidMinor: 300_000 }] });
    const notification = writeCamt053(oneAccount('camt.053', [wire]));
    let r = await importFile(`camt-${tag}-a.xml`, notification);
    expect(r.code).toBe(0);
    const statement = writeCamt053(oneAccount('camt.053', [wire, credit({ kind: 'wire', typeCode: 'PMNT/RCDT/XBCT', amountMinor: 1_000, bankRef: `SVC${tag}2`, payer: { name: 'Someone Else' }, memo: 'refund of deposit' })]));
    r = await importFile(`camt-${tag}-b.xml`, statement);
    expect(r.code).toBe(0);
    expect(r.out.join('\n')).toMatch(/already recorded as PMT-\w+-\d+ from an earlier file/);

    // NACHA: a CCD+ paying two invoices with RMR addenda.
    const ach = credit({ typeCode: '22/CCD', amountMinor: 200_000, bankRef: '', customerRef: '', payer: { name: 'ACME FABRICATION' }, remittance: [{ reference: nachaA.number, paidMinor: 120_000 }, { reference: nachaB.number, paidMinor: 80_000 }] });
    r = await importFile(`ach-${tag}.ach`, writeNacha(oneAccount('nacha', [ach])));
    expect(r.code).toBe(0);

    // X12 820 by check.
    const remit = credit({ kind: 'check', typeCode: 'CHK', amountMinor: 45_000, customerRef: `TRN${tag}`, bankRef: `TRN${tag}`, payer: { name: 'Acme Fabrication Inc' }, remittance: [{ reference: x12Inv.number, paidMinor: 45_000, invoiceAmountMinor: 45_000 }] });
    r = await importFile(`820-${tag}.edi`, writeX12_820(oneAccount('x12-820', [remit], '000000042')));
    expect(r.code).toBe(0);

    // A card processor's export (Stripe-like columns), the invoice in its metadata.
    const csv = ['id,Created (UTC),Amount,Fee,Net,Currency,Status,Description,Customer Email,Card Last4,invoice_number (metadata)',
      `ch_${tag},${today} 10:15:00,999.00,29.27,969.73,usd,Paid,Invoice payment,ap@acme.example,4242,${cardInv.number}`].join('\n');
    r = await importFile(`stripe-${tag}.csv`, csv);
    expect(r.code).toBe(0);

    await paid(inv.map((i) => i.id));
    const payments = await desk.db.payment.findMany({ include: { applications: true }, orderBy: { number: 'asc' } });
    expect(payments.map((p) => [p.method, Number(p.amountMinor), p.applications.length])).toEqual([
      ['wire', 300_000, 1], ['wire', 1_000, 0], ['ach', 200_000, 2], ['check', 45_000, 1], ['card', 99_900, 1],
    ]);
    // The unknown wire's own workflow runs beside the others: wait for it to put the wire in the queue.
    await eventually(async () => (await desk.db.approval.findFirst({ where: { kind: 'cash_exception', subjectId: payments[1]!.number! } })) ?? undefined, 'the unknown wire in the exception queue');
    expect((await desk.db.payment.findUniqueOrThrow({ where: { id: payments[1]!.id } })).status).toBe('suspense');

    // The queue from the command line, and a decision: a CSR's refused (the console's role rule), a stranger's
    // too, a clerk's accepted.
    const listed = await cli((out) => approvalsCommand(['--json'], out));
    const waiting = (JSON.parse(listed.out.join('\n')) as { id: string; kind: string; subject: string }[]).find((a) => a.kind === 'cash_exception' && a.subject === `payment ${payments[1]!.number}`);
    expect(waiting).toBeDefined();
    const errors: string[] = [];
    const origError = console.error;
    console.error = (line: string) => errors.push(line);
    try {
      expect((await cli((out) => approvalsCommand(['decide', waiting!.id, '--by', 'carla.csr@arflow.test', '--decision', 'on_account', '--customer', 'C-1001', '--reason', 'refund owed'], out))).code).toBe(1);
    } finally { console.error = origError; }
    expect(errors.join('\n')).toContain('carla.csr@arflow.test (csr) may not decide a cash exception');
    console.error = (line: string) => errors.push(line);
    try {
      expect((await cli((out) => approvalsCommand(['decide', waiting!.id, '--by', 'someone@elsewhere.example', '--decision', 'on_account', '--customer', 'C-1001', '--reason', 'x y z'], out))).code).toBe(1);
    } finally { console.error = origError; }
    expect(errors.join('\n')).toContain('someone@elsewhere.example has no active arflow account');
    const decided = await cli((out) => approvalsCommand(['decide', waiting!.id, '--by', 'amy.clerk@arflow.test', '--decision', 'on_account', '--customer', 'C-1001', '--reason', 'deposit refund from Acme'], out));
    expect(decided).toEqual({ code: 0, out: [`applyCash accepted by payment-${payments[1]!.number}`] });
    expect(await desk.db.payment.findUniqueOrThrow({ where: { id: payments[1]!.id } })).toMatchObject({ status: 'on_account', unappliedMinor: 1_000n });

    // A broken file is refused whole, with its line, by the command too.
    const broken = writeNacha(oneAccount('nacha', [credit({ typeCode: '22/CCD', amountMinor: 5_000, payer: { name: 'X' } })])).replace(/^(8.{19})(\d{12})/m, (_, head: string, debit: string) => `${head}${String(Number(debit) + 1).padStart(12, '0')}`);
    r = await importFile(`broken-${tag}.ach`, broken);
    expect(r.code).toBe(1);
    expect(await desk.db.bankFile.count({ where: { filename: `broken-${tag}.ach` } })).toBe(0);
  });
});
