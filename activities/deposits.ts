// Live checks into the bank (PostgreSQL): each check recorded on a day joins that day's deposit batch for
// its currency; the slip lists them with the total the bank's credit must equal. The bank file import
// (domain/bank-import.ts) reconciles the batch when that credit arrives.
import type { Db } from '../db/client.js';
import { takeNumber } from '../db/number-sequence.js';
import { renderDepositSlipPdf, type DepositSlipContext } from '../documents/deposit-slip.js';
import type { PdfRenderer } from '../documents/pdf-renderer.js';
import { formatMoney, money } from '../domain/money.js';
import type { Prisma } from '../generated/prisma/client.js';

/** Puts a check payment in the day's open batch (creating it); returns the batch number, or why not. */
export async function addCheckToDeposit(tx: Prisma.TransactionClient, input: { paymentId: string; amountMinor: number; currency: string; on: string }): Promise<{ batch: string } | { batch: null; reason: string }> {
  const depositDate = new Date(`${input.on}T00:00:00Z`);
  let batch = await tx.depositBatch.findUnique({ where: { depositDate_currency: { depositDate, currency: input.currency } } });
  if (!batch) {
    const number = await takeNumber(tx, 'deposit', 'DEP-');
    batch = await tx.depositBatch.create({ data: { number, depositDate, currency: input.currency, totalMinor: 0n, checkCount: 0 } });
  }
  // Locked: the day's checks add to the batch one at a time, and an import reconciling it waits for them.
  await tx.$queryRaw`SELECT id FROM "DepositBatch" WHERE id = ${batch.id} FOR UPDATE`;
  batch = await tx.depositBatch.findUniqueOrThrow({ where: { id: batch.id } });
  if (batch.status !== 'open') return { batch: null, reason: `${batch.number} of ${input.on} is already ${batch.status}: deposit this check with the next day's batch` };
  await tx.depositBatch.update({ where: { id: batch.id }, data: { totalMinor: { increment: BigInt(input.amountMinor) }, checkCount: { increment: 1 } } });
  await tx.payment.update({ where: { id: input.paymentId }, data: { depositBatchId: batch.id } });
  return { batch: batch.number };
}

export async function depositSlip(db: Db, input: { number?: string; date?: string; currency?: string; companyName: string; account?: string }): Promise<DepositSlipContext> {
  const batch = input.number
    ? await db.depositBatch.findUnique({ where: { number: input.number }, include: { payments: { orderBy: { number: 'asc' } } } })
    : await db.depositBatch.findUnique({ where: { depositDate_currency: { depositDate: new Date(`${input.date}T00:00:00Z`), currency: input.currency ?? 'USD' } }, include: { payments: { orderBy: { number: 'asc' } } } });
  if (!batch) throw new Error(input.number ? `no deposit batch ${input.number}` : `no checks were recorded on ${input.date} in ${input.currency ?? 'USD'}`);
  const fmt = (minor: bigint) => formatMoney(money(Number(minor), batch.currency));
  const sum = batch.payments.reduce((s, p) => s + p.amountMinor, 0n);
  if (sum !== batch.totalMinor) throw new Error(`${batch.number}: its checks add up to ${fmt(sum)} but the batch says ${fmt(batch.totalMinor)}; see the reconciliation report`);
  return {
    company: { name: input.companyName },
    deposit: { number: batch.number, date: batch.depositDate.toISOString().slice(0, 10), currency: batch.currency, count: batch.checkCount, total: fmt(batch.totalMinor), account: input.account ?? 'on file' },
    checks: batch.payments.map((p, i) => {
      // A check's source key is check:<routing> (its MICR line); its external reference <check number>/<amount>.
      const routing = p.sourceKey.startsWith('check:') ? p.sourceKey.slice(6) : '';
      return { position: i + 1, checkNumber: p.externalRef.split('/')[0] ?? p.externalRef, drawer: p.payerName ?? '(not read)', routing, payment: p.number ?? '', amount: fmt(p.amountMinor) };
    }),
  };
}

export async function depositSlipPdf(db: Db, pdf: PdfRenderer, input: Parameters<typeof depositSlip>[1]): Promise<{ context: DepositSlipContext; pdf: Uint8Array }> {
  const context = await depositSlip(db, input);
  return { context, pdf: await renderDepositSlipPdf(pdf, context) };
}
