// Talks to customers' collections workflows through the Temporal client, for workflows that cannot:
//   • tellCollections: an invoice opened, changed or closed (signal-with-start, so the customer's
//     collections start on their first invoice). The ID is the customer's, so every invoice of a customer
//     meets in one workflow and the customer gets one grouped reminder.
//   • askCollections: a promise to pay or a dispute read from a customer's email, as the same Update a
//     person would send, so the workflow's validator judges it; a refusal comes back as words, not a failure.
import { Context } from '@temporalio/activity';
import { WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import type { Db } from '../db/client.js';
import { dunningPolicyFor } from '../domain/dunning-policy.js';
import { COLLECTIONS_WORKFLOW_TYPE, collectionsWorkflowId, INVOICE_CHANGED_SIGNAL, type CollectionsInput, type DisputeRequest, type InvoiceChange, type PromiseToPay } from '../domain/collections-contract.js';

export type CollectionsRequest = { kind: 'promise'; promise: PromiseToPay } | { kind: 'dispute'; dispute: DisputeRequest };
export type CollectionsAnswer = { applied: true; result: unknown } | { applied: false; refusal: string };

export function createCollectionsClientActivities({ db, temporal, collections }: { db: Db; temporal?: Client; collections?: Omit<CollectionsInput, 'customerNumber'> }) {
  function client(): Client {
    if (!temporal) throw new Error('collections activities need a Temporal client: the worker was built without one');
    return temporal;
  }
  async function policyOf(customerNumber: string) {
    const customer = await db.customer.findUniqueOrThrow({ where: { number: customerNumber }, include: { terms: true } });
    return dunningPolicyFor({ number: customer.number, dunningPolicy: customer.dunningPolicy, netDays: customer.terms.netDays });
  }

  return {
    async tellCollections(customerNumber: string, change: InvoiceChange): Promise<void> {
      // The customer's policy is fixed when its collections start (a change applies from the next start).
      const policy = collections?.policy ?? await policyOf(customerNumber);
      await client().workflow.signalWithStart(COLLECTIONS_WORKFLOW_TYPE, {
        workflowId: collectionsWorkflowId(customerNumber),
        taskQueue: Context.current().info.taskQueue,
        args: [{ ...collections, policy, customerNumber } satisfies CollectionsInput],
        signal: INVOICE_CHANGED_SIGNAL,
        signalArgs: [change],
      });
    },

    async askCollections(customerNumber: string, request: CollectionsRequest): Promise<CollectionsAnswer> {
      const handle = client().workflow.getHandle(collectionsWorkflowId(customerNumber));
      try {
        const result = request.kind === 'promise'
          ? await handle.executeUpdate('recordPromiseToPay', { args: [request.promise] })
          : await handle.executeUpdate('recordDispute', { args: [request.dispute] });
        return { applied: true, result };
      } catch (err) {
        if (err instanceof WorkflowUpdateFailedError) return { applied: false, refusal: err.cause?.message ?? err.message };
        if ((err as { name?: string }).name === 'WorkflowNotFoundError') return { applied: false, refusal: `${customerNumber} has no invoices under collections` };
        throw err;
      }
    },
  };
}
