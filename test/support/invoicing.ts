// Invoices for cash application tests, issued the quick way the service desk bills: a billable ticket
// row and the invoice workflow started for it (the real workflow, PDF, email and collections included).
import { WorkflowIdReusePolicy } from '@temporalio/common';
import { invoiceWorkflowId, type InvoiceRequest } from '../../domain/invoice-handoff.js';
import { collectionsWorkflowId } from '../../domain/collections-contract.js';
import type { CollectionsState } from '../../workflows/collections.js';
import { invoiceProgressQuery } from '../../workflows/invoice.js';
import { eventually, uniqueSuffix, type TestDesk } from './desk.js';

/** Issues one invoice of `amountMinor` (no freight, no tax) to the customer; `number` forces its number. */
export async function issueTestInvoice(desk: TestDesk, customerNumber: string, amountMinor: number, options: { number?: number } = {}) {
  const customer = await desk.db.customer.findUniqueOrThrow({ where: { number: customerNumber } });
  if (options.number !== undefined) {
    await desk.db.numberSequence.upsert({ where: { name: 'invoice' }, create: { name: 'invoice', prefix: 'INV-', next: BigInt(options.number) }, update: { next: BigInt(options.number) } });
  }
  const suffix = uniqueSuffix();
  const ticket = await desk.db.serviceTicket.create({
    data: { ticketNumber: `T-${suffix}`, customerId: customer.id, workDate: new Date('2026-11-02T00:00:00Z'), description: 'Field service', quantity: '1', unitPriceMinor: BigInt(amountMinor), amountMinor: BigInt(amountMinor), currency: customer.currency, poNumber: `PO-${suffix}` },
  });
  const request: InvoiceRequest = {
    ticketIds: [ticket.id], shipmentReference: `TICKETS-${suffix}`, customerNumber, poNumber: `PO-${suffix}`, currency: customer.currency,
    lines: [{ sku: 'SERVICE', description: 'Field service', quantityMilli: 1000, unitPriceMinor: amountMinor, amountMinor }], freightMinor: 0, shippedAt: '2026-11-02', requestedBy: 'arflow',
  };
  const workflowId = invoiceWorkflowId(customerNumber, request.shipmentReference);
  await desk.temporal.workflow.start('invoiceWorkflow', { taskQueue: desk.taskQueue, workflowId, args: [request], workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE });
  const invoice = await eventually(async () => {
    const row = await desk.db.invoice.findUnique({ where: { workflowId } });
    return row?.status === 'issued' ? row : undefined;
  }, `invoice for ${customerNumber} issued`);
  // The row is written by an activity; the workflow takes the invoice as issued (and accepts credit memo
  // Updates) only in its next task, so a test acting on the invoice waits for the workflow too.
  const handle = desk.temporal.workflow.getHandle(workflowId);
  await eventually(async () => (await handle.query(invoiceProgressQuery)).step !== 'writing', `invoice workflow for ${customerNumber} past writing`);
  // And collections hear of it after that: a test disputing or paying it finds it there.
  const collections = desk.temporal.workflow.getHandle(collectionsWorkflowId(customerNumber));
  await eventually(async () => (await collections.query<CollectionsState>('collections').catch(() => undefined))?.invoices.some((i) => i.number === invoice.number), `invoice ${invoice.number} in ${customerNumber}'s collections`);
  return invoice;
}
