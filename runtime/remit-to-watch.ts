// At start: have the remit-to details (or the W-9) changed since the desk last ran? Then every customer
// is told, by a workflow whose ID is the new version's, so two workers starting together send once. The
// first start on a database records the version and tells nobody: nothing has changed yet.
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import { WorkflowIdReusePolicy } from '@temporalio/common';
import type { Db } from '../db/client.js';
import { remitToVersion } from '../activities/w9-packets.js';
import type { DeskSettings } from '../activities/settings.js';

export async function announceRemitToChange(input: { db: Db; temporal: Client; taskQueue: string; settings: DeskSettings }): Promise<{ version: string; announced: boolean; workflowId?: string }> {
  const version = remitToVersion(input.settings);
  const last = await input.db.auditEvent.findFirst({ where: { action: 'remit_to_version' }, orderBy: { id: 'desc' } });
  if (last?.subjectId === version) return { version, announced: false };
  let changeId: string | undefined;
  if (last) {
    // One workflow per change (numbered, from → to), so changing back later is a change of its own.
    const change = `${await input.db.auditEvent.count({ where: { action: 'remit_to_version' } })}-${last.subjectId}-${version}`;
    changeId = `remit-to-change-${change}`;
    try {
      await input.temporal.workflow.start('remitToChangeWorkflow', { taskQueue: input.taskQueue, workflowId: changeId, args: [{ version: change }], workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE });
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    }
  }
  // Recorded only once the announcement is under way: a start that failed is tried again at the next start.
  await input.db.auditEvent.create({ data: { actor: 'system:remit-to', action: 'remit_to_version', subjectType: 'settings', subjectId: version, data: { previous: last?.subjectId ?? null } } });
  return { version, announced: last !== null, workflowId: changeId };
}
