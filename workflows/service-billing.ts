// Month end for service work, as the AR coordinator runs it: every customer's unbilled service tickets of
// the period (and any older ones imported late) become one invoice per customer and currency, each its
// own invoiceWorkflow (ID from customer and TICKETS-<period>, so a second run bills nothing twice).
// Started by the monthly schedule (runtime/service-billing-schedule.ts) or by hand for a period.
import { ParentClosePolicy, startChild } from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError, WorkflowIdReusePolicy } from '@temporalio/common';
import { invoiceWorkflowId } from '../domain/invoice-handoff.js';
import { desk } from './activity-stubs.js';

export interface ServiceBillingInput { /** YYYY-MM; by default the month before the one the workflow runs in (UTC). */ period?: string }
export interface ServiceBillingResult { period: string; invoices: string[]; alreadyInvoiced: string[] }

export async function serviceBillingWorkflow(input: ServiceBillingInput = {}): Promise<ServiceBillingResult> {
  const period = input.period ?? previousMonth(new Date().toISOString().slice(0, 7));
  const requests = await desk.ticketInvoiceRequests(period);
  const result: ServiceBillingResult = { period, invoices: [], alreadyInvoiced: [] };
  for (const request of requests) {
    const workflowId = invoiceWorkflowId(request.customerNumber, request.shipmentReference);
    try {
      await startChild('invoiceWorkflow', { workflowId, args: [request], parentClosePolicy: ParentClosePolicy.ABANDON, workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE });
      result.invoices.push(workflowId);
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
      result.alreadyInvoiced.push(workflowId);
    }
  }
  return result;
}

function previousMonth(month: string): string {
  const [year, m] = month.split('-').map(Number);
  return m === 1 ? `${year! - 1}-12` : `${year}-${String(m! - 1).padStart(2, '0')}`;
}
