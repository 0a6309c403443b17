// The worker that runs the desk's workflows and activities on one task queue.
import { NativeConnection, Worker, type WorkflowBundleOption } from '@temporalio/worker';
import { createRequire } from 'node:module';
import type { Activities } from '../activities/index.js';
import { warmPdfEngine } from '../parsers/pdf-layout.js';

export const DESK_TASK_QUEUE = 'arflow-desk';

const require = createRequire(import.meta.url);
export const WORKFLOWS_PATH = require.resolve('../workflows/index.ts');

export interface DeskWorkerOptions {
  connection: NativeConnection;
  namespace?: string;
  taskQueue?: string;
  activities: Activities;
  /** A pre-built bundle (tests and benchmarks build once); otherwise the worker bundles workflows/ itself. */
  workflowBundle?: WorkflowBundleOption;
}

export async function createDeskWorker(options: DeskWorkerOptions): Promise<Worker> {
  await warmPdfEngine();
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace ?? 'default',
    taskQueue: options.taskQueue ?? DESK_TASK_QUEUE,
    activities: options.activities,
    ...(options.workflowBundle ? { workflowBundle: options.workflowBundle } : { workflowsPath: WORKFLOWS_PATH }),
    shutdownGraceTime: '5 seconds',
  });
}
