// Checks and remittance advice on the real stack: a scanned check mailed to the remittance mailbox is read
// by OCR, becomes a check payment in the day's deposit and is applied from its stub; the deposit slip
// lists it and the bank's deposit credit reconciles the batch instead of becoming a second payment. An AP
// department's remittance email waits for its ACH, which it then explains.
import { readFileSync } from 'node:fs';
import { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { recordHistory } from '../support/histories.js';
import { depositSlipPdf } from '../../activities/deposits.js';
import { chromiumPdfRenderer, findChromium } from '../../documents/pdf-renderer.js';
import type { BankEntry } from '../../domain/payment-documents.js';
import { writeBai2 } from '../../parsers/bank/bai2-write.js';
import { eventually, startTestDesk, uniqueSuffix, type TestDesk } from '../support/desk.js';
import { issueTestInvoice } from '../support/invoicing.js';
import { buildEmail, pdfText } from '../support/shipping.js';

let desk: TestDesk;
beforeAll(async () => { desk = await startTestDesk('checks_and_remittances'); });
afterAll(async () => { await desk?.stop(); });

const today = new Date().toISOString().slice(0, 10);
const check = JSON.parse(readFileSync(new URL('../fixtures/checks/check-1-clean-serif.json', import.meta.url), 'utf8')) as { payerName: string; checkNumber: string; totalMinor: number; lines: { reference: string; paidMinor: number }[] };

async function mail(from: string, subject: string, text: string, attachments: { filename: string; content: string | Buffer; contentType: string }[] = [], to = 'remit@arflow.test') {
  await desk.send(await buildEmail({ from, to, subject, messageId: `<${uniqueSuffix()}@sender.example>`, text, attachments }), to);
}

function bai2(entries: BankEntry[]): string {
  return writeBai2({ format: 'bai2', fileId: uniqueSuffix(), createdOn: today, accounts: [{ accountNumber: '4410098765', currency: 'USD', entries }] });
}
const credit = (typeCode: string, amountMinor: number, bankRef: string, memo: string): BankEntry =>
  ({ direction: 'credit', amountMinor, currency: 'USD', bookedOn: today, kind: 'other', typeCode, bankRef, customerRef: '', payer: {}, remittance: [], memo, location: '' });

describe('a scanned check', () => {
  it('is read, deposited, applied from its stub, and reconciled with the bank credit for the deposit', async () => {
    // The check pays INV-000123 and INV-000131 of Northwind Hardware: the customer and its invoices, as numbered.
    await desk.db.customer.create({ data: { number: 'C-2001', name: 'Northwind Hardware Supply, Inc.', emailDomains: ['northwindhw.example'], termsCode: 'NET30' } });
    const [first, second] = check.lines;
    const a = await issueTestInvoice(desk, 'C-2001', first!.paidMinor, { number: 123 });
    const b = await issueTestInvoice(desk, 'C-2001', second!.paidMinor, { number: 131 });
    expect([a.number, b.number]).toEqual([first!.reference, second!.reference]);

    await mail('lockbox@northwindhw.example', 'Check 10482', 'Scanned check attached.', [{ filename: 'check-10482.png', content: readFileSync(new URL('../fixtures/checks/check-1-clean-serif.png', import.meta.url)), contentType: 'image/png' }]);
    const payment = await eventually(async () => (await desk.db.payment.findFirst({ where: { method: 'check' }, include: { depositBatch: true } })) ?? undefined, 'the check recorded', 120_000);
    expect(payment).toMatchObject({ amountMinor: BigInt(check.totalMinor), externalRef: `${check.checkNumber}/${check.totalMinor}`, amountReliable: true });
    expect(payment.depositBatch).toMatchObject({ status: 'open', checkCount: 1, totalMinor: BigInt(check.totalMinor) });
    await eventually(async () => {
      const invoices = await desk.db.invoice.findMany({ where: { id: { in: [a.id, b.id] } } });
      return invoices.every((i) => i.status === 'paid');
    }, 'both invoices paid from the stub', 60_000);

    // The same check scanned again is the same payment.
    await mail('lockbox@northwindhw.example', 'Check 10482 (rescan)', 'Rescanned.', [{ filename: 'check-10482-again.png', content: readFileSync(new URL('../fixtures/checks/check-1-clean-serif.png', import.meta.url)), contentType: 'image/png' }]);
    await eventually(async () => (await desk.db.inboundMessage.count({ where: { mailbox: 'remit', status: 'payment_mail_processed' } })) === 2, 'the rescan handled', 120_000);
    expect(await desk.db.payment.count({ where: { method: 'check' } })).toBe(1);

    // The deposit slip lists the check and its total.
    const chromium = findChromium();
    if (chromium) {
      const renderer = chromiumPdfRenderer({ executablePath: chromium });
      try {
        const slip = await depositSlipPdf(desk.db, renderer, { number: payment.depositBatch!.number, companyName: 'Northwind Components' });
        const text = await pdfText(slip.pdf);
        expect(text).toContain(payment.depositBatch!.number);
        expect(text).toContain(check.checkNumber);
        expect(text).toContain('4,512.50');
      } finally { await renderer.close(); }
    }

    // The bank credits the deposit: the batch is reconciled, and no second payment appears.
    await mail('bank-reports@firstnational.example', 'Prior day report', 'Attached.', [{ filename: 'prior-day.bai', content: bai2([credit('301', check.totalMinor, `DEP${uniqueSuffix()}`, 'COMMERCIAL DEPOSIT')]), contentType: 'text/plain' }]);
    await eventually(async () => (await desk.db.depositBatch.findUniqueOrThrow({ where: { id: payment.depositBatchId! } })).status === 'reconciled', 'the deposit reconciled', 60_000);
    expect(await desk.db.payment.count()).toBe(1);
  });
});

describe('remittance advice', () => {
  it('waits for its payment, then says which invoices an ACH pays', async () => {
    const inv1000 = await issueTestInvoice(desk, 'C-1001', 100_000);
    const inv500 = await issueTestInvoice(desk, 'C-1001', 50_000);
    const inv250 = await issueTestInvoice(desk, 'C-1001', 25_000);
    const inv1250 = await issueTestInvoice(desk, 'C-1001', 125_000);
    // 1,500.00 is 1,000 + 500 and also 1,250 + 250: without the advice, a person would have to choose.
    // Acme's AP sends its advice to the billing address its invoices come from, as most do.
    await mail('ap@acme.example', 'Remittance advice', `Remittance advice from Acme Fabrication Inc.\n\nPayment method: ACH\nPayment date: ${today}\n\nInvoice Number    Amount Paid\n${inv1250.number}      1,250.00\n${inv250.number}        250.00\nTotal             1,500.00\n`, [], 'billing@arflow.test');
    await eventually(async () => (await desk.db.remittanceRecord.findFirst({ where: { customerId: inv1000.customerId } })) ?? undefined, 'the advice kept', 60_000);
    const adviceMail = await desk.db.inboundMessage.findFirstOrThrow({ where: { mailbox: 'billing' } });
    await eventually(async () => (await desk.db.inboundMessage.findUniqueOrThrow({ where: { id: adviceMail.id } })).status === 'billing_reply_applied', 'the billing reply handled');
    const history = await desk.temporal.workflow.getHandle(adviceMail.workflowId).fetchHistory();
    await Worker.runReplayHistory({ workflowBundle: { codePath: inject('stack').workflowBundlePath } }, history, adviceMail.workflowId);
    recordHistory('inbound-email-billing-remittance', history);

    await mail('bank-reports@firstnational.example', 'Prior day report', 'Attached.', [{ filename: 'ach.bai', content: bai2([credit('165', 150_000, `ACH${uniqueSuffix()}`, 'ORIG CO NAME:ACME FABRICATION INC ENTRY DESCR:PAYMENTS')]), contentType: 'text/plain' }]);
    await eventually(async () => {
      const invoices = await desk.db.invoice.findMany({ where: { id: { in: [inv1250.id, inv250.id] } } });
      return invoices.every((i) => i.status === 'paid');
    }, 'the advised invoices paid', 60_000);
    expect((await desk.db.invoice.findMany({ where: { id: { in: [inv1000.id, inv500.id] } } })).map((i) => i.status)).toEqual(['issued', 'issued']);
    const advice = await desk.db.remittanceRecord.findFirstOrThrow({ where: { customerId: inv1000.customerId } });
    expect(advice.paymentId).not.toBeNull();
  });

  it('is read from a PDF payment advice attached to an email, line by line', async () => {
    const chromium = findChromium();
    if (!chromium) throw new Error('the tests install Chromium (scripts/setup.sh --for-tests); it is missing');
    const a = await issueTestInvoice(desk, 'C-1003', 61_250);
    const b = await issueTestInvoice(desk, 'C-1003', 18_800);
    const renderer = chromiumPdfRenderer({ executablePath: chromium });
    let pdf: Uint8Array;
    try {
      // An ERP's payment advice: header fields, then the invoice table with gross, discount and net.
      pdf = await renderer.render(`<!doctype html><html><body style="font-family: Liberation Sans, sans-serif; font-size: 11pt">
        <h2>Cobalt Marine Supply - Payment Advice</h2>
        <p>Payment number: EFT-77120<br>Payment date: ${today}<br>Payment method: ACH</p>
        <table style="border-collapse: collapse" cellpadding="6">
          <tr><th align="left">Invoice Number</th><th align="left">Invoice Date</th><th align="right">Gross Amount</th><th align="right">Discount</th><th align="right">Net Amount</th></tr>
          <tr><td>${a.number}</td><td>${today}</td><td align="right">612.50</td><td align="right">0.00</td><td align="right">612.50</td></tr>
          <tr><td>${b.number}</td><td>${today}</td><td align="right">188.00</td><td align="right">0.00</td><td align="right">188.00</td></tr>
          <tr><td colspan="4"><b>Total</b></td><td align="right"><b>800.50</b></td></tr>
        </table></body></html>`);
    } finally { await renderer.close(); }
    await mail('ap@cobaltmarine.example', 'Payment advice EFT-77120', 'Please find our payment advice attached.', [{ filename: 'PaymentAdvice-EFT-77120.pdf', content: Buffer.from(pdf), contentType: 'application/pdf' }]);
    const advice = await eventually(async () => (await desk.db.remittanceRecord.findFirst({ where: { paymentRef: { contains: '77120' } } })) ?? undefined, 'the PDF advice kept', 60_000);
    expect(advice).toMatchObject({ totalMinor: 80_050n, reliable: true });
    expect((advice.lines as { reference: string; paidMinor?: number }[]).map((l) => [l.reference, l.paidMinor])).toEqual([[a.number, 61_250], [b.number, 18_800]]);
  });
});
