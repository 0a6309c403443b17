// Shipments handed to invoicing before invoice workflows existed (their order workflows replay without the
// 'invoice-workflow' patch) have their InvoiceRequest recorded but no invoice. At start, each gets its invoice
// workflow, by the same ID an order workflow would have used, so none is billed twice.
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import { WorkflowIdReusePolicy } from '@temporalio/common';
import type { Db } from '../db/client.js';
import { invoiceRequestSchema, invoiceWorkflowId } from '../domain/invoice-handoff.js';

export async function invoiceWaitingShipments(input: { db: Db; temporal: Client; taskQueue: string }): Promise<{ started: string[]; unreadable: string[] }> {
  const waiting = await input.db.shipment.findMany({ where: { status: 'accepted' }, select: { id: true, reference: true } });
  const started: string[] = [];
  const unreadable: string[] = [];
  for (const shipment of waiting) {
    if (await input.db.invoice.findUnique({ where: { shipmentId: shipment.id }, select: { id: true } })) continue;
    const recorded = await input.db.auditEvent.findFirst({ where: { action: 'invoice_requested', subjectType: 'shipment', subjectId: shipment.id }, orderBy: { id: 'desc' } });
    const request = invoiceRequestSchema.safeParse(recorded?.data);
    if (!request.success) { unreadable.push(`${shipment.reference}: ${recorded ? request.error.issues[0]?.message : 'no invoice request recorded'}`); continue; }
    const workflowId = invoiceWorkflowId(request.data.customerNumber, request.data.shipmentReference);
    try {
      await input.temporal.workflow.start('invoiceWorkflow', { taskQueue: input.taskQueue, workflowId, args: [request.data], workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE });
      started.push(workflowId);
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err; // being invoiced already
    }
  }
  return { started, unreadable };
}
