// How workflows call activities: short tries, retried with backoff, since every activity is idempotent.
import { proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import type { OcrActivities } from '../activities/ocr.js';
import { ocrTaskQueueOf } from './task-queues.js';

export const desk = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

/**
 * OCR of a scanned PO, on the OCR queue beside this workflow's own: minutes allowed, a heartbeat per page,
 * so a worker that dies mid-scan is noticed within a minute rather than at the timeout.
 */
export function ocrDesk() {
  return proxyActivities<OcrActivities>({
    taskQueue: ocrTaskQueueOf(workflowInfo().taskQueue),
    startToCloseTimeout: '10 minutes',
    // No OCR worker running for half an hour: the scan goes to a person rather than waiting for ever.
    scheduleToStartTimeout: '30 minutes',
    heartbeatTimeout: '1 minute',
    retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '2 minutes', maximumAttempts: 5 },
  });
}
