// A person's decision sent to a paused workflow as its Update, the way every console form sends one: keyed
// by the form's own ID (a double click or a reloaded result page is the same Update, which Temporal answers
// once), bounded in time, and every way it can fail said in words a person can act on.
import { WorkflowNotFoundError, WorkflowUpdateFailedError, WorkflowUpdateRPCTimeoutOrCancelledError, type Client } from '@temporalio/client';

/** `sameForm`: the Update may yet be taken; the page offers the same form (the same ID) to send again. */
export type UpdateOutcome<T> = { ok: true; result: T } | { ok: false; problem: string; sameForm?: { nonce: string } };

/** How long a page waits for a workflow to take a decision before saying it has not yet. */
export const DECISION_WAIT_MS = 30_000;
/** A rendered form's own ID (a UUID), which keys what the form sends or creates. */
export const FORM_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export async function sendUpdate<T>(temporal: Client, workflowId: string, updateName: string, args: unknown, formId?: string | null, waitMs = DECISION_WAIT_MS): Promise<UpdateOutcome<T>> {
  // Named with the Update too: one page may hold forms for two Updates of one workflow (a promise, a plan).
  const updateId = formId && FORM_ID.test(formId) ? `console-${updateName}-${formId}` : undefined;
  try {
    const result = await temporal.withDeadline(Date.now() + waitMs, () => temporal.workflow.getHandle(workflowId).executeUpdate(updateName, { args: [args], ...(updateId ? { updateId } : {}) }));
    return { ok: true, result: result as T };
  } catch (err) {
    if (err instanceof WorkflowUpdateFailedError) return { ok: false, problem: `Refused: ${err.cause?.message ?? err.message}` };
    if (err instanceof WorkflowNotFoundError) return { ok: false, problem: `The workflow ${workflowId} is not running any more, so nothing waits for this decision.` };
    if (err instanceof WorkflowUpdateRPCTimeoutOrCancelledError || (err as { code?: number }).code === 4 /* DEADLINE_EXCEEDED */) {
      return {
        ok: false, problem: `The workflow ${workflowId} did not answer within ${waitMs / 1000} seconds: is the desk worker running (arflow status)? This form sends the same decision again, never a second one.`,
        ...(formId && FORM_ID.test(formId) ? { sameForm: { nonce: formId } } : {}),
      };
    }
    throw err;
  }
}
