// Cash application on the real stack: a BAI2 file mailed to the remittance mailbox becomes payments, the
// sure ones are applied (the invoices hear of it and close, collections stop chasing), the unsure ones wait
// for a person whose decision is checked against the ledger and their role; the same file twice changes
// nothing and a file with a broken control total is refused whole, with the line, to the AR desk.
import { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { collectionsWorkflowId } from '../../domain/collections-contract.js';
import { cashApplicationWorkflowId } from '../../domain/cash-application-contract.js';
import type { BankEntry } from '../../domain/payment-documents.js';
import { writeBai2 } from '../../parsers/bank/bai2-write.js';
import { arReconciliation } from '../../reports/cash.js';
import { applyCashUpdate, cashApplicationProgressQuery } from '../../workflows/cash-application.js';
import { collectionsQuery } from '../../workflows/collections.js';
import { eventually, startTestDesk, uniqueSuffix, type TestDesk } from '../support/desk.js';
import { recordHistory } from '../support/histories.js';
import { issueTestInvoice } from '../support/invoicing.js';
import { buildEmail } from '../support/shipping.js';

let desk: TestDesk;
beforeAll(async () => { desk = await startTestDesk('cash_application'); });
afterAll(async () => { await desk?.stop(); });

const refusal = (why: string) => ({ cause: { message: expect.stringContaining(why) } });
const today = new Date().toISOString().slice(0, 10);

function credit(typeCode: string, amountMinor: number, bankRef: string, memo: string): BankEntry {
  return { direction: 'credit', amountMinor, currency: 'USD', bookedOn: today, kind: 'other', typeCode, bankRef, customerRef: '', payer: {}, remittance: [], memo, location: '' };
}

function bai2(entries: BankEntry[]): string {
  return writeBai2({ format: 'bai2', fileId: uniqueSuffix(), createdOn: today, accounts: [{ accountNumber: '4410098765', currency: 'USD', entries }] });
}

async function mailToRemit(filename: string, content: string | Buffer, contentType = 'text/plain') {
  const raw = await buildEmail({
    from: 'bank-reports@firstnational.example', to: 'remit@arflow.test', subject: `Prior day report ${filename}`, messageId: `<${uniqueSuffix()}@firstnational.example>`,
    text: 'Attached is your prior day report.', attachments: [{ filename, content, contentType }],
  });
  await desk.send(raw, 'remit@arflow.test');
}

describe('cash application from a bank file', () => {
  it('applies the sure payments, asks a person about the rest, and refuses the same file twice or a broken one', async () => {
    // Numbered as a desk in its fourth year would be (payers drop the prefix and zeros of INV-004100).
    const acmeA = await issueTestInvoice(desk, 'C-1001', 100_000, { number: 4100 });
    const acmeB = await issueTestInvoice(desk, 'C-1001', 25_000);
    const birch = await issueTestInvoice(desk, 'C-1002', 500_000); // 2/10 Net 30: 100.00 off within ten days
    const cobalt = await issueTestInvoice(desk, 'C-1003', 30_000);
    expect(birch.discountMinor).toBe(10_000n);
    const refs = Object.fromEntries([acmeA, acmeB, birch, cobalt].map((i) => [i.number, i]));
    const collections = desk.temporal.workflow.getHandle(collectionsWorkflowId('C-1001'));
    await eventually(async () => (await collections.query(collectionsQuery).catch(() => undefined))?.invoices.length === 2, 'Acme under collections');

    const tag = uniqueSuffix();
    const file = bai2([
      // Acme pays both invoices by ACH, naming them the way its AP system does (no prefix, no zeros).
      credit('165', 125_000, `ACH${tag}1`, `ORIG CO NAME:ACME FABRICATION INC ENTRY DESCR:PAYMENT INV ${acmeA.number.replace(/^INV-0*/, '')} ${acmeB.number.replace(/^INV-0*/, '')}`),
      // Birch takes its 2% discount in time, by wire.
      credit('195', 490_000, `FW${tag}2`, `ORG=/99887766 BIRCH & STONE BUILDERS OBI=${birch.number}`),
      // Cobalt pays 200.00 of its 300.00 invoice and says nothing: a short pay, disputed (over the write-off limit).
      credit('165', 20_000, `ACH${tag}3`, `ORIG CO NAME:COBALT MARINE SUPPLY ENTRY DESCR:${cobalt.number}`),
      // Nobody we know, naming nothing.
      credit('195', 12_345, `FW${tag}4`, `ORG=/55544433 ZENITH HOLDINGS LLC`),
      // Interest: not a customer's payment, listed for the bookkeeper.
      credit('354', 321, `INT${tag}5`, 'INTEREST'),
    ]);
    await mailToRemit(`BAI2-${tag}.txt`, file);

    const payments = await eventually(async () => {
      const p = await desk.db.payment.findMany({ where: { externalRef: { startsWith: 'ACH' + tag } }, orderBy: { number: 'asc' } });
      const all = await desk.db.payment.findMany({ where: { bankFile: { filename: `BAI2-${tag}.txt` } }, orderBy: { number: 'asc' } });
      return p.length === 2 && all.length === 4 ? all : undefined;
    }, 'the bank file imported', 60_000);
    expect(payments.map((p) => p.amountMinor)).toEqual([125_000n, 490_000n, 20_000n, 12_345n]);
    const bankFile = await desk.db.bankFile.findFirstOrThrow({ where: { filename: `BAI2-${tag}.txt` } });
    expect(bankFile.summary).toEqual(expect.arrayContaining([expect.objectContaining({ outcome: 'not_a_payment', amountMinor: 321, reason: expect.stringContaining('for the bookkeeper') })]));

    // Acme's two invoices are paid and collections stop chasing them.
    await eventually(async () => {
      const [a, b] = await Promise.all([acmeA, acmeB].map((i) => desk.db.invoice.findUniqueOrThrow({ where: { id: i.id } })));
      return a!.status === 'paid' && b!.status === 'paid';
    }, "Acme's invoices paid", 60_000);
    await eventually(async () => {
      const state = await collections.query(collectionsQuery);
      return state.invoices.length === 0 && [acmeA.number, acmeB.number].every((n) => state.paid?.includes(n));
    }, 'collections no longer chasing them');
    // Birch: paid with the discount allowed.
    await eventually(async () => (await desk.db.invoice.findUniqueOrThrow({ where: { id: birch.id } })).status === 'paid', "Birch's invoice paid");
    const birchApplication = await desk.db.paymentApplication.findFirstOrThrow({ where: { invoiceId: birch.id } });
    expect(birchApplication).toMatchObject({ amountMinor: 490_000n, discountMinor: 10_000n, appliedBy: 'auto', recordedOnInvoice: true });
    // Cobalt: the 100.00 held back stays open on the invoice, as a dispute collections do not chase.
    await eventually(async () => {
      const i = await desk.db.invoice.findUniqueOrThrow({ where: { id: cobalt.id } });
      return i.status === 'disputed' && i.openMinor === 10_000n;
    }, "Cobalt's invoice partly paid, the rest disputed");
    expect(await desk.db.paymentApplication.findFirstOrThrow({ where: { invoiceId: cobalt.id } })).toMatchObject({ amountMinor: 20_000n, deductionMinor: 10_000n, deductionReason: 'short paid, no reason given', writtenOff: false });
    await eventually(async () => (await desk.db.dispute.findFirst({ where: { invoiceId: cobalt.id, amountMinor: 10_000n } })) ?? undefined, "the dispute on Cobalt's invoice");

    // Zenith: in suspense, in the exception queue, waiting for a person.
    const zenith = payments[3]!;
    const zenithFlow = desk.temporal.workflow.getHandle(cashApplicationWorkflowId(zenith.number!));
    await eventually(async () => (await zenithFlow.query(cashApplicationProgressQuery)).status === 'suspense', 'Zenith in suspense');
    // The workflow says suspense before its activity opens the approval.
    expect(await eventually(async () => (await desk.db.approval.findFirst({ where: { kind: 'cash_exception', subjectId: zenith.number! } })) ?? undefined, "Zenith's exception opened")).toMatchObject({ status: 'pending', amountMinor: 12_345n });

    // A CSR may not apply cash; a clerk may not apply it to another customer's invoice or more than is open.
    await expect(zenithFlow.executeUpdate(applyCashUpdate, { args: [{ by: 'carla.csr@arflow.test', customerNumber: 'C-1003', applications: [{ invoiceNumber: cobalt.number, amountMinor: 10_000 }] }] }))
      .rejects.toMatchObject(refusal('may not decide this'));
    await expect(zenithFlow.executeUpdate(applyCashUpdate, { args: [{ by: 'amy.clerk@arflow.test', customerNumber: 'C-1003', applications: [{ invoiceNumber: acmeA.number, amountMinor: 10_000 }] }] }))
      .rejects.toMatchObject(refusal(`belongs to C-1001, not C-1003`));
    await expect(zenithFlow.executeUpdate(applyCashUpdate, { args: [{ by: 'amy.clerk@arflow.test', customerNumber: 'C-1003', applications: [{ invoiceNumber: cobalt.number, amountMinor: 12_345 }] }] }))
      .rejects.toMatchObject(refusal('has 100.00 USD open'));
    // Zenith turns out to pay for Cobalt (its parent): 100.00 to Cobalt's invoice, the rest on Cobalt's account.
    const decided = await zenithFlow.executeUpdate(applyCashUpdate, { args: [{ by: 'amy.clerk@arflow.test', customerNumber: 'C-1003', applications: [{ invoiceNumber: cobalt.number, amountMinor: 10_000 }], leaveRest: 'on_account', note: 'Zenith pays for Cobalt (parent company)' }] });
    expect(decided).toMatchObject({ status: 'on_account', customerNumber: 'C-1003', appliedTo: [cobalt.number] });
    await eventually(async () => (await desk.db.invoice.findUniqueOrThrow({ where: { id: cobalt.id } })).status === 'paid', "Cobalt's invoice paid");
    expect(await desk.db.payment.findUniqueOrThrow({ where: { id: zenith.id } })).toMatchObject({ status: 'on_account', unappliedMinor: 2_345n });
    expect(await desk.db.payerAccount.findUnique({ where: { accountKey: '55544433' } })).toMatchObject({ learnedFrom: zenith.number });
    expect(await desk.db.approval.findFirst({ where: { kind: 'cash_exception', subjectId: zenith.number! } })).toMatchObject({ status: 'approved', decidedBy: 'amy.clerk@arflow.test' });

    // The ledger agrees with its open items; Zenith's rest is unapplied cash on Cobalt's account.
    const rec = await eventually(async () => { const r = await arReconciliation(desk.db, today); return r.differences.length === 0 ? r : undefined; }, 'the ledger reconciled');
    expect(rec.unappliedCash).toEqual([expect.objectContaining({ customerNumber: 'C-1003', payments: [zenith.number] })]);
    expect(Object.keys(refs)).toHaveLength(4);

    // The same file again: nothing changes. A broken control total: refused whole, the desk told the line.
    await mailToRemit(`BAI2-${tag}-again.txt`, file);
    const damaged = file.replace(/^49,(\d+),/m, (_, total: string) => `49,${BigInt(total) + 1n},`);
    await mailToRemit(`BAI2-${tag}-damaged.txt`, damaged);
    const notice = await eventually(async () => (await desk.messages('catchall')).find((m) => m.subject?.startsWith('Remittance mail needs a person') && m.text?.includes(`BAI2-${tag}-damaged.txt`)), 'the desk told of the damaged file', 60_000);
    expect(notice.text).toMatch(/was not imported \(nothing of it was\): bai2 line \d+: .*49/);
    await eventually(async () => (await desk.db.inboundMessage.count({ where: { mailbox: 'remit', status: { in: ['payment_mail_processed', 'quarantined'] } } })) >= 3, 'all three messages handled');
    expect(await desk.db.payment.count({ where: { bankFile: { filename: { startsWith: `BAI2-${tag}` } } } })).toBe(4);
    expect(await desk.db.bankFile.count({ where: { filename: { startsWith: `BAI2-${tag}` } } })).toBe(1);

    const bundle = { workflowBundle: { codePath: inject('stack').workflowBundlePath } };
    const history = await zenithFlow.fetchHistory();
    await Worker.runReplayHistory(bundle, history, zenithFlow.workflowId);
    recordHistory('cash-application-exception', history);
    const firstMail = await desk.db.inboundMessage.findFirstOrThrow({ where: { mailbox: 'remit' }, orderBy: { receivedAt: 'asc' } });
    const mailHistory = await desk.temporal.workflow.getHandle(firstMail.workflowId).fetchHistory();
    await Worker.runReplayHistory(bundle, mailHistory, firstMail.workflowId);
    recordHistory('inbound-email-remittance', mailHistory);
  });
});
