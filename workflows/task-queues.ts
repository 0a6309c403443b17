// Task queues by job: the desk's quick steps on one, OCR (seconds of CPU a page) on its own beside it, so
// a scanned PO never makes other orders wait. Pure, for workflows and workers alike.

/** The OCR queue that serves a desk queue: `arflow-desk` → `arflow-desk-ocr` (and a test's queue its own). */
export function ocrTaskQueueOf(deskTaskQueue: string): string {
  return `${deskTaskQueue}-ocr`;
}
