// At start: have the remit-to details (or the W-9) changed since the desk last ran? Then every customer
// is told, by a workflow whose ID is the new version's, so two workers starting together send once. The
// first start on a database records the version and tells nobody: nothing has changed yet.
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import { WorkflowIdReusePolicy } from '@temporalio/common';
import type { Db } from '../db/client.js';
import { remitToVersion } from '../activities/w9-packets.js';
import type { DeskSettings } from '../activities/settings.js';

export async function announceRemitToChange(input: { db: Db; temporal: Client; taskQueue: string; settings: DeskSettings }): Promise<{ version: string; announced: boolean }> {
  const version = remitToVersion(input.settings);
  const last = await input.db.auditEvent.findFirst({ where: { action: 'remit_to_version' }, orderBy: { id: 'desc' } });
  if (last?.subjectId === version) return { version, announced: false };
  await input.db.auditEvent.create({ data: { actor: 'system:remit-to', action: 'remit_to_version', subjectType: 'settings', subjectId: version, data: { previous: last?.subjectId ?? null } } });
  if (!last) return { version, announced: false };
  try {
    await input.temporal.workflow.start('remitToChangeWorkflow', { taskQueue: input.taskQueue, workflowId: `remit-to-change-${version}`, args: [{ version }], workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE });
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
  }
  return { version, announced: true };
}
