// The OCR worker: activities only (no workflows), on its own task queue, one page at a time, since
// OCR is CPU-bound and tesseract runs one worker thread. The inbound workflow schedules
// readScannedPurchaseOrderDocument here; several such workers may run on other machines.
import { NativeConnection, Worker } from '@temporalio/worker';
import type { OcrActivities } from '../activities/ocr.js';
import type { OcrEngine } from '../parsers/ocr-engine.js';
import { ocrTaskQueueOf } from '../workflows/task-queues.js';
import { DESK_TASK_QUEUE } from './desk-worker.js';

export const OCR_TASK_QUEUE = ocrTaskQueueOf(DESK_TASK_QUEUE);

export interface OcrWorkerOptions {
  connection: NativeConnection;
  namespace?: string;
  taskQueue?: string;
  activities: OcrActivities;
  /** The engine the activities use: loaded at start, so the first scan does not wait ~2 s for the model. */
  ocr?: OcrEngine;
}

export async function createOcrWorker(options: OcrWorkerOptions): Promise<Worker> {
  await options.ocr?.warm();
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace ?? 'default',
    taskQueue: options.taskQueue ?? OCR_TASK_QUEUE,
    activities: options.activities,
    maxConcurrentActivityTaskExecutions: 1,
    shutdownGraceTime: '5 seconds',
  });
}
