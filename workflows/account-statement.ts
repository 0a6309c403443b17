// A statement of account a person asked for: composed from the account as it stands, sent to the billing
// contacts. One per customer per day (the workflow ID); the send is keyed by that ID, so a retry or a
// redelivered start sends it once.
import { ApplicationFailure, workflowInfo } from '@temporalio/workflow';
import { desk } from './activity-stubs.js';

export interface AccountStatementInput { customerNumber: string; asOf: string; requestedBy: string }
export interface AccountStatementResult { sent: true; to: string[]; messageId: string }

export function accountStatementWorkflowId(customerNumber: string, asOf: string): string {
  return `statement-${customerNumber}-${asOf}`;
}

export async function accountStatementWorkflow(input: AccountStatementInput): Promise<AccountStatementResult> {
  const statement = await desk.composeAccountStatement({ idempotencyKey: `statement:${workflowInfo().workflowId}`, ...input });
  // Not sent (no one to send it to) fails the run, so the same day's statement may be asked again once fixed.
  if ('skipped' in statement) throw ApplicationFailure.create({ message: statement.skipped, type: 'StatementNotSent', nonRetryable: true });
  const delivered = await desk.deliverEmail(statement.outboundId);
  return { sent: true, to: statement.to, messageId: delivered.messageId };
}
