// Tells a customer's collections workflow about one of its invoices, starting it if it is not running
// (signal-with-start: a workflow cannot do that itself). The ID is the customer's, so every invoice of a
// customer meets in one workflow and the customer gets one grouped reminder. Signals are idempotent there.
import { Context } from '@temporalio/activity';
import type { Client } from '@temporalio/client';
import { COLLECTIONS_WORKFLOW_TYPE, collectionsWorkflowId, INVOICE_CHANGED_SIGNAL, type CollectionsInput, type InvoiceChange } from '../domain/collections-contract.js';

export function createCollectionsEnrolmentActivities({ temporal, collections }: { temporal?: Client; collections?: Omit<CollectionsInput, 'customerNumber'> }) {
  return {
    async tellCollections(customerNumber: string, change: InvoiceChange): Promise<void> {
      if (!temporal) throw new Error('tellCollections needs a Temporal client: the worker was built without one');
      await temporal.workflow.signalWithStart(COLLECTIONS_WORKFLOW_TYPE, {
        workflowId: collectionsWorkflowId(customerNumber),
        taskQueue: Context.current().info.taskQueue,
        args: [{ ...collections, customerNumber } satisfies CollectionsInput],
        signal: INVOICE_CHANGED_SIGNAL,
        signalArgs: [change],
      });
    },
  };
}
