// After a person's role, limit or access changes, the running workflows that judge decisions by a list of
// approvers read earlier (invoices, collections, orders on hold) are told the list as it is now, so a
// newly promoted AR lead is not refused at the door and a deactivated one no longer decides. Only this
// deployment's workflows (its task queue) are told.
import type { Client } from '@temporalio/client';
import { approversNow } from '../activities/credit.js';
import type { Db } from '../db/client.js';
import { APPROVERS_CHANGED_SIGNAL } from '../workflows/approvers-signal.js';

const TOLD_AT_ONCE = 20;

export async function tellApproversChanged(db: Db, temporal: Client, taskQueue: string): Promise<{ told: number; failed: number }> {
  const message = { approvers: await approversNow(db), version: Date.now() };
  const query = `ExecutionStatus = 'Running' AND TaskQueue = '${taskQueue.replace(/'/g, "''")}' AND (WorkflowType = 'invoiceWorkflow' OR WorkflowType = 'collectionsWorkflow' OR WorkflowType = 'orderWorkflow')`;
  let told = 0;
  let failed = 0;
  let batch: Promise<void>[] = [];
  const flush = async () => { await Promise.all(batch); batch = []; };
  for await (const run of temporal.workflow.list({ query })) {
    // One that finished meanwhile cannot be told: counted, never fatal to the change already made.
    batch.push(temporal.workflow.getHandle(run.workflowId, run.runId).signal(APPROVERS_CHANGED_SIGNAL, message).then(() => { told++; }, () => { failed++; }));
    if (batch.length >= TOLD_AT_ONCE) await flush();
  }
  await flush();
  return { told, failed };
}
