// Where a scheduled order goes to the ERP: a JSON webhook, or files in an export folder. Both take the
// same document, and both are safe to call twice for the same order (see erp/order-export-format.md).
import type { ErpOrderDocument } from './order-document.js';

export interface ErpHandOff {
  /** The ERP's own order number when it answered with one; it may also arrive later. */
  erpOrderNumber: string | null;
  /** What was done, for the audit log: "webhook 201", "folder SO-1A2B3C4D.json + orders.csv". */
  delivery: string;
}

export interface ErpExportTarget {
  readonly description: string;
  send(document: ErpOrderDocument, idempotencyKey: string): Promise<ErpHandOff>;
}
