// One invoice, from a shipment to paid (or written off), as the billing desk works it:
//   write it under the next number → send it to the customer's billing contacts with its PDF (or hand it to
//   the desk for a portal or the post) → put it under the customer's collections → follow its balance as
//   cash application applies payments, until nothing is owed or an AR lead writes it off.
import { condition, defineQuery, defineSignal, log, setHandler, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import { INVOICE_WRITTEN_OFF_SIGNAL, PAYMENT_APPLIED_SIGNAL, paymentAppliedSchema, type PaymentApplied } from '../domain/collections-contract.js';
import { invoiceRequestSchema, type InvoiceRequest } from '../domain/invoice-handoff.js';
import { desk } from './activity-stubs.js';
import { CUSTOMER_NUMBER, INVOICE_NUMBER, INVOICE_STATUS, PO_NUMBER } from './search-attributes.js';

export type InvoiceStep = 'writing' | 'issued' | 'partially_paid' | 'paid' | 'written_off';
export interface InvoiceProgress { step: InvoiceStep; invoiceNumber?: string; openMinor?: number; delivery?: 'email' | 'desk'; payments: string[] }

export const paymentAppliedSignal = defineSignal<[PaymentApplied]>(PAYMENT_APPLIED_SIGNAL);
export const invoiceWrittenOffSignal = defineSignal<[]>(INVOICE_WRITTEN_OFF_SIGNAL);
export const invoiceProgressQuery = defineQuery<InvoiceProgress>('invoiceProgress');

export async function invoiceWorkflow(input: InvoiceRequest): Promise<InvoiceProgress> {
  // A request that fails its contract is a bug upstream: fail loudly rather than invoice half right.
  const request = invoiceRequestSchema.parse(input);
  const progress: InvoiceProgress = { step: 'writing', payments: [] };
  const payments: PaymentApplied[] = [];
  let writtenOff = false;
  setHandler(invoiceProgressQuery, () => progress);
  setHandler(paymentAppliedSignal, (payment) => {
    const checked = paymentAppliedSchema.safeParse(payment);
    if (!checked.success) { log.warn('payment signal refused', { error: checked.error.message }); return; }
    if (progress.payments.includes(checked.data.applicationId)) return; // the same application, redelivered
    progress.payments.push(checked.data.applicationId);
    payments.push(checked.data);
  });
  setHandler(invoiceWrittenOffSignal, () => { writtenOff = true; });
  const setStep = (step: InvoiceStep) => { progress.step = step; upsertSearchAttributes([{ key: INVOICE_STATUS, value: step }]); };

  // Issued on the day the workflow runs (UTC), numbered by the sequence.
  const invoice = await desk.createInvoice({ request, workflowId: workflowInfo().workflowId, issueDate: new Date().toISOString().slice(0, 10) });
  progress.invoiceNumber = invoice.number;
  progress.openMinor = invoice.totalMinor;
  upsertSearchAttributes([{ key: INVOICE_NUMBER, value: invoice.number }, { key: CUSTOMER_NUMBER, value: request.customerNumber }, { key: PO_NUMBER, value: request.poNumber }]);

  const delivery = await desk.composeInvoice(invoice.invoiceId);
  await desk.deliverEmail(delivery.outboundId);
  await desk.markInvoiceIssued(invoice.invoiceId, delivery.via);
  progress.delivery = delivery.via;
  setStep('issued');

  await desk.tellCollections(request.customerNumber, {
    kind: 'opened', invoiceNumber: invoice.number, workflowId: workflowInfo().workflowId, poNumber: request.poNumber,
    dueDate: invoice.dueDate, currency: invoice.currency, totalMinor: invoice.totalMinor, openMinor: invoice.totalMinor,
  });

  // Follow the balance: each payment re-ages collections; the last one closes the invoice.
  let openMinor = invoice.totalMinor;
  for (;;) {
    await condition(() => payments.length > 0 || writtenOff);
    if (writtenOff) { setStep('written_off'); return progress; } // collections recorded it
    const payment = payments.shift()!;
    openMinor -= payment.amountMinor;
    progress.openMinor = Math.max(0, openMinor);
    await desk.recordInvoiceBalance(invoice.invoiceId, openMinor);
    if (openMinor <= 0) {
      await desk.tellCollections(request.customerNumber, { kind: 'closed', invoiceNumber: invoice.number, reason: 'paid' });
      setStep('paid');
      return progress;
    }
    await desk.tellCollections(request.customerNumber, { kind: 'balance', invoiceNumber: invoice.number, openMinor, on: payment.appliedOn });
    setStep('partially_paid');
  }
}
