// Mail to the remittance mailbox, sorted the way the cash desk sorts its post: bank files are imported,
// scanned checks go to OCR and become check payments in the day's deposit, remittance advice (the body,
// a PDF, a spreadsheet) is kept for the payment it describes. Whatever cannot be read is named, never
// dropped: the message and its documents stay stored whatever happens.
import type { Client } from '@temporalio/client';
import { Context } from '@temporalio/activity';
import type { Db } from '../db/client.js';
import { takeNumber } from '../db/number-sequence.js';
import { emailDomain } from '../domain/master-data.js';
import type { RemittanceAdvice } from '../domain/payment-documents.js';
import type { Prisma } from '../generated/prisma/client.js';
import { detectBankFileFormat } from '../parsers/bank/detect.js';
import { parseEmail } from '../parsers/email.js';
import { readPdfLayout } from '../parsers/pdf-layout.js';
import { readRemittanceSpreadsheet, readRemittanceText } from '../parsers/remittance-advice.js';
import { importBankFile, startCashApplications, type BankImportResult } from './bank-files.js';
import { isFreemail } from './billing-replies.js';
import { addCheckToDeposit } from './deposits.js';
import { keepRemittanceAdvice } from './remittance-records.js';
import { documentsOf, storeMessageDocuments } from './inbound-documents.js';

export interface PaymentMailSorting {
  bankFiles: { position: number; name: string }[];
  checkScans: { position: number; name: string }[];
  remittances: { source: string; lines: number; totalMinor: number | null; currency: string; reliable: boolean }[];
  unreadable: string[];
  customerNumber: string | null;
}

/** What OCR read from one scanned check (activities/ocr.ts readCheckDocument). */
export type CheckReading =
  | { readable: true; checkNumber?: string; routing?: string; account?: string; advice: RemittanceAdvice }
  | { readable: false; problem: string };

export type CheckPaymentRecord = { status: 'recorded'; paymentNumber: string; deposit: string | null; note: string } | { status: 'duplicate'; paymentNumber: string } | { status: 'unreadable'; problem: string };

const checkLocation = (filename: string | null, inboundId: string, position: number) => `${filename ?? 'scan'} (message ${inboundId}, part ${position + 1})`;
const SHEET = /\.(csv|xlsx|xls|ods|tsv)$/i;
const IMAGE = /^image\//i;

export function createPaymentIntakeActivities({ db, temporal }: { db: Db; temporal?: Client }) {
  async function senderCustomer(from: string | undefined) {
    if (!from) return null;
    const address = from.toLowerCase();
    return db.customer.findFirst({ where: { OR: [{ contacts: { some: { email: { equals: address, mode: 'insensitive' } } } }, ...(isFreemail(address) ? [] : [{ emailDomains: { has: emailDomain(address) } }])] } });
  }

  /** Keeps one part's advice, keyed by the message and the part's place in it (`body`, or the attachment's position). */
  async function keep(inboundId: string, part: string, source: string, customerId: string | null, advice: RemittanceAdvice, out: PaymentMailSorting) {
    if (!advice.lines.length && advice.totalMinor === undefined) return false;
    await keepRemittanceAdvice(db, { sourceKey: `${inboundId}:${part}`, inboundId, customerId, advice });
    out.remittances.push({ source, lines: advice.lines.length, totalMinor: advice.totalMinor ?? null, currency: advice.currency, reliable: advice.amountsReliable });
    return true;
  }

  return {
    /** Sorts one message's parts; keeps remittance advice at once (it needs no OCR and no workflow). */
    async sortPaymentMail(inboundId: string): Promise<PaymentMailSorting> {
      const raw = await db.inboundMessage.findUniqueOrThrow({ where: { id: inboundId }, select: { raw: true } });
      const email = await parseEmail(Buffer.from(raw.raw));
      await storeMessageDocuments(db, inboundId, documentsOf(email));
      const message = await db.inboundMessage.findUniqueOrThrow({ where: { id: inboundId }, include: { documents: { orderBy: { position: 'asc' } } } });
      const customer = await senderCustomer(email.from);
      const currency = customer?.currency ?? 'USD';
      const out: PaymentMailSorting = { bankFiles: [], checkScans: [], remittances: [], unreadable: [], customerNumber: customer?.number ?? null };
      for (const doc of message.documents) {
        const name = doc.filename ?? `attachment ${doc.position + 1}`;
        const bytes = Buffer.from(doc.content);
        if (detectBankFileFormat(bytes, name)) { out.bankFiles.push({ position: doc.position, name }); continue; }
        if (IMAGE.test(doc.contentType)) { out.checkScans.push({ position: doc.position, name }); continue; }
        if (SHEET.test(name) || /spreadsheet|excel|csv/i.test(doc.contentType)) {
          const advice = readRemittanceSpreadsheet(bytes, name);
          if (!(await keep(inboundId, String(doc.position), name, customer?.id ?? null, { ...advice, currency: advice.currency || currency }, out))) out.unreadable.push(`${name}: no invoice lines or payment total found in the sheet`);
          continue;
        }
        if (/pdf/i.test(doc.contentType) || /\.pdf$/i.test(name)) {
          let text = '';
          try { text = (await readPdfLayout(bytes)).lines.join('\n'); } catch (err) { out.unreadable.push(`${name}: ${(err as Error).message}`); continue; }
          // A PDF with no text is a scan: a check, or a stub, for OCR.
          if (text.replace(/\s/g, '').length < 20) { out.checkScans.push({ position: doc.position, name }); continue; }
          if (!(await keep(inboundId, String(doc.position), name, customer?.id ?? null, readRemittanceText(text, currency), out))) out.unreadable.push(`${name}: no invoice lines or payment total found`);
          continue;
        }
        out.unreadable.push(`${name} (${doc.contentType}): not a bank file, remittance advice or check scan arflow can read`);
      }
      const body = email.text.trim();
      if (body) await keep(inboundId, 'body', 'body', customer?.id ?? null, readRemittanceText(body, currency), out);
      return out;
    },

    /** Imports the bank file at `position`, and starts cash application for each new payment. */
    async importBankFileDocument(inboundId: string, position: number, importedBy: string): Promise<BankImportResult> {
      const doc = await db.inboundDocument.findUniqueOrThrow({ where: { messageId_position: { messageId: inboundId, position } } });
      const result = await importBankFile(db, Buffer.from(doc.content), doc.filename ?? `attachment ${position + 1}`, importedBy);
      if (result.status !== 'rejected' && temporal) await startCashApplications(temporal, Context.current().info.taskQueue, result.payments);
      return result;
    },

    /** A check read by OCR becomes a payment (once per check: its MICR line) in the day's deposit batch. */
    async recordCheckPayment(inboundId: string, position: number, reading: CheckReading): Promise<CheckPaymentRecord> {
      if (!reading.readable) return { status: 'unreadable', problem: reading.problem };
      const doc = await db.inboundDocument.findUniqueOrThrow({ where: { messageId_position: { messageId: inboundId, position } } });
      const { advice } = reading;
      if (advice.totalMinor === undefined) return { status: 'unreadable', problem: `${doc.filename ?? 'the scan'}: the check's amount could not be read` };
      // The drawer's bank (MICR routing), check number and amount name the check (OCR reads the account less
      // surely); without them the scan's bytes do: the same check scanned twice is one payment.
      const checkNumber = reading.checkNumber ?? advice.paymentRef;
      const named = reading.routing && checkNumber;
      const sourceKey = named ? `check:${reading.routing}` : `scan:${doc.sha256}`;
      const externalRef = named ? `${checkNumber}/${advice.totalMinor}` : (checkNumber ?? doc.sha256.slice(0, 16));
      const existing = await db.payment.findUnique({ where: { sourceKey_externalRef: { sourceKey, externalRef } }, select: { number: true, location: true, depositBatch: { select: { number: true } } } });
      if (existing) {
        // Recorded by an earlier try of this very step (its workflow start then failed): finish the job.
        if (temporal) await startCashApplications(temporal, Context.current().info.taskQueue, [existing.number!]);
        if (existing.location === checkLocation(doc.filename, inboundId, position)) return { status: 'recorded', paymentNumber: existing.number!, deposit: existing.depositBatch?.number ?? null, note: existing.depositBatch ? `in deposit ${existing.depositBatch.number}` : 'in no deposit batch' };
        return { status: 'duplicate', paymentNumber: existing.number! };
      }
      const today = new Date().toISOString().slice(0, 10);
      const recorded = await db.$transaction(async (tx) => {
        const number = await takeNumber(tx, 'payment', 'PMT-');
        const payment = await tx.payment.create({
          data: {
            number, method: 'check', sourceKey, externalRef, amountMinor: BigInt(advice.totalMinor!), unappliedMinor: BigInt(advice.totalMinor!), currency: advice.currency,
            receivedAt: new Date(`${today}T00:00:00Z`), payerName: advice.payer.name ?? null, payerAccount: reading.account ?? null,
            remittance: advice.lines as unknown as Prisma.InputJsonValue, amountReliable: advice.amountsReliable, memo: advice.warnings.join('; '),
            location: checkLocation(doc.filename, inboundId, position),
          },
        });
        const deposit = await addCheckToDeposit(tx, { paymentId: payment.id, amountMinor: advice.totalMinor!, currency: advice.currency, on: today });
        return { number, deposit };
      });
      if (temporal) await startCashApplications(temporal, Context.current().info.taskQueue, [recorded.number]);
      return { status: 'recorded', paymentNumber: recorded.number, deposit: recorded.deposit.batch, note: 'reason' in recorded.deposit ? recorded.deposit.reason : `in deposit ${recorded.deposit.batch}` };
    },

    /** Files the remittance message with what became of it. */
    async recordPaymentMail(inboundId: string, outcome: { status: 'payment_mail_processed' | 'quarantined'; what: string }): Promise<void> {
      await db.$transaction([
        db.inboundMessage.update({ where: { id: inboundId }, data: { status: outcome.status, ...(outcome.status === 'quarantined' ? { quarantineCode: 'unreadable_payment_mail', quarantineReason: outcome.what.slice(0, 2000) } : {}) } }),
        db.auditEvent.create({ data: { actor: 'arflow', action: outcome.status === 'quarantined' ? 'payment_mail_quarantined' : 'payment_mail_processed', subjectType: 'inbound_message', subjectId: inboundId, data: { what: outcome.what } } }),
      ]);
    },
  };
}
