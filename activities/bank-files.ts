// A bank file into the ledger, the way the desk imports the morning's BAI2 or camt.053: read it whole
// (a broken control total rejects it whole, nothing half-imported), keep its bytes, reconcile our deposits,
// record every customer credit as a payment with its remittance, all in one transaction; the same file a
// second time changes nothing. Each new payment then gets its cash application workflow.
import { createHash } from 'node:crypto';
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import { WorkflowIdReusePolicy } from '@temporalio/common';
import type { Db } from '../db/client.js';
import { takeNumber } from '../db/number-sequence.js';
import { planBankImport, type EntryOutcome } from '../domain/bank-import.js';
import { CASH_APPLICATION_WORKFLOW_TYPE, cashApplicationWorkflowId } from '../domain/cash-application-contract.js';
import { BankFileError } from '../domain/payment-documents.js';
import type { Prisma } from '../generated/prisma/client.js';
import { parseBankFile } from '../parsers/bank/detect.js';

export type BankImportResult =
  | { status: 'imported'; bankFileId: string; format: string; payments: string[]; deposits: string[]; outcomes: EntryOutcome[] }
  | { status: 'already_imported'; bankFileId: string; importedAt: string; payments: string[] }
  | { status: 'rejected'; reason: string; line: number };

const isoDay = (d: string) => new Date(`${d}T00:00:00Z`);

export async function importBankFile(db: Db, bytes: Buffer, filename: string, importedBy: string): Promise<BankImportResult> {
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const existing = await db.bankFile.findUnique({ where: { sha256 }, include: { payments: { select: { number: true } } } });
  if (existing) return { status: 'already_imported', bankFileId: existing.id, importedAt: existing.importedAt.toISOString(), payments: existing.payments.map((p) => p.number!).filter(Boolean) };

  let file;
  try {
    file = parseBankFile(bytes, filename);
  } catch (err) {
    if (err instanceof BankFileError) return { status: 'rejected', reason: err.message, line: err.line };
    throw err;
  }
  try {
    return await db.$transaction(async (tx) => {
      const open = await tx.depositBatch.findMany({ where: { status: 'open' } });
      const reconciled = await tx.depositBatch.findMany({ where: { status: 'reconciled', bankReference: { not: null } }, select: { number: true, bankReference: true }, orderBy: { depositDate: 'desc' }, take: 1_000 });
      const plan = planBankImport(file, open.map((d) => ({ id: d.id, number: d.number, depositDate: d.depositDate.toISOString().slice(0, 10), currency: d.currency, totalMinor: Number(d.totalMinor) })), new Map(reconciled.map((d) => [d.bankReference!, d.number])));
      const outcomes = [...plan.outcomes];
      const record = await tx.bankFile.create({ data: { sha256, format: file.format, fileId: file.fileId, filename, createdOn: isoDay(file.createdOn), importedBy, raw: new Uint8Array(bytes), summary: [] } });
      for (const d of plan.deposits) {
        // Only the batch as it was planned: a check added to it meanwhile makes the bank's credit a different sum.
        const planned = open.find((o) => o.id === d.depositId)!;
        const done = await tx.depositBatch.updateMany({ where: { id: d.depositId, status: 'open', totalMinor: planned.totalMinor }, data: { status: 'reconciled', bankReference: d.bankReference, reconciledAt: new Date() } });
        if (done.count === 0) throw new Error(`deposit ${d.number} changed while the bank file was being imported: import it again`);
      }
      const numbers: string[] = [];
      for (const p of plan.payments) {
        // Reported before (the intraday camt.054, then the day's statement): the first report stands.
        const before = await tx.payment.findUnique({ where: { sourceKey_externalRef: { sourceKey: p.sourceKey, externalRef: p.externalRef } }, select: { number: true } });
        if (before) {
          const at = outcomes.findIndex((o) => o.outcome === 'payment' && o.externalRef === p.externalRef && o.location === p.entry.location);
          outcomes[at] = { location: p.entry.location, outcome: 'not_a_payment', amountMinor: p.entry.amountMinor, currency: p.entry.currency, reason: `already recorded as ${before.number} from an earlier file` };
          continue;
        }
        const number = await takeNumber(tx, 'payment', 'PMT-');
        const e = p.entry;
        await tx.payment.create({
          data: {
            number, method: p.method, externalRef: p.externalRef, sourceKey: p.sourceKey, bankFileId: record.id,
            amountMinor: BigInt(e.amountMinor), unappliedMinor: BigInt(e.amountMinor), currency: e.currency, receivedAt: isoDay(e.bookedOn),
            payerName: e.payer.name ?? null, payerAccount: e.payer.accountRef ?? null, remittance: e.remittance as unknown as Prisma.InputJsonValue,
            memo: [e.memo, e.payer.customerNumber ? `customer ${e.payer.customerNumber}` : ''].filter(Boolean).join(' · '), location: `${filename} ${e.location}`,
          },
        });
        numbers.push(number);
      }
      await tx.bankFile.update({ where: { id: record.id }, data: { summary: outcomes as unknown as Prisma.InputJsonValue } });
      await tx.auditEvent.create({ data: { actor: importedBy, action: 'bank_file_imported', subjectType: 'bank_file', subjectId: record.id, data: { filename, format: file.format, fileId: file.fileId, payments: numbers, deposits: plan.deposits.map((d) => d.number) } } });
      return { status: 'imported' as const, bankFileId: record.id, format: file.format, payments: numbers, deposits: plan.deposits.map((d) => d.number), outcomes };
    }, { timeout: 300_000, maxWait: 10_000 }); // a lockbox or ACH file of thousands of entries, in one transaction
  } catch (err) {
    // The same file imported at the same moment by someone else: theirs stands.
    if ((err as { code?: string }).code === 'P2002') {
      const again = await db.bankFile.findUnique({ where: { sha256 }, include: { payments: { select: { number: true } } } });
      if (again) return { status: 'already_imported', bankFileId: again.id, importedAt: again.importedAt.toISOString(), payments: again.payments.map((p) => p.number!).filter(Boolean) };
    }
    throw err;
  }
}

/**
 * Starts (once) the cash application workflow of each payment; an already running one is left alone.
 * onProgress hears after each payment (started or found running) how many of the total are done, for a
 * command line's progress on a lockbox file of thousands.
 */
export async function startCashApplications(temporal: Client, taskQueue: string, paymentNumbers: readonly string[], onProgress?: (done: number, total: number) => void): Promise<string[]> {
  const started: string[] = [];
  let done = 0;
  for (const paymentNumber of paymentNumbers) {
    try {
      // A workflow that failed (a bug since fixed) may be started again; one that completed or runs may not.
      await temporal.workflow.start(CASH_APPLICATION_WORKFLOW_TYPE, { taskQueue, workflowId: cashApplicationWorkflowId(paymentNumber), args: [{ paymentNumber }], workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE_FAILED_ONLY });
      started.push(paymentNumber);
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    }
    onProgress?.(++done, paymentNumbers.length);
  }
  return started;
}

/** Payments recorded but never given a workflow (a crash between import and start): started at boot. */
export async function startWaitingCashApplications(db: Db, temporal: Client, taskQueue: string): Promise<string[]> {
  const waiting = await db.payment.findMany({ where: { status: 'received', number: { not: null } }, select: { number: true }, orderBy: { number: 'asc' } });
  return startCashApplications(temporal, taskQueue, waiting.map((p) => p.number!));
}
