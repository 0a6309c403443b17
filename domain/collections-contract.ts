// How invoices and a customer's collections workflow talk. Each invoice workflow tells the customer's
// collections workflow (ID collections-<customer>) when its invoice opens, when its balance changes and
// when it closes, through the `invoiceChanged` signal (started on demand by signal-with-start). The
// collections workflow tells an invoice workflow it was written off through `invoiceWrittenOff`.
// People act on collections through Updates: a promise to pay, a dispute, and the AR lead's decision.
import { z } from 'zod';
import type { DunningPolicy } from './dunning-policy.js';
import type { SendWindow } from './send-window.js';

export const COLLECTIONS_WORKFLOW_TYPE = 'collectionsWorkflow';
export const INVOICE_CHANGED_SIGNAL = 'invoiceChanged';
export const INVOICE_WRITTEN_OFF_SIGNAL = 'invoiceWrittenOff';
export const PAYMENT_APPLIED_SIGNAL = 'paymentApplied';

export function collectionsWorkflowId(customerNumber: string): string {
  return `collections-${customerNumber}`;
}

export interface CollectionsInput {
  customerNumber: string;
  policy?: DunningPolicy;
  window?: SendWindow;
}

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'an ISO date (YYYY-MM-DD)');

export type InvoiceChange =
  | { kind: 'opened'; invoiceNumber: string; workflowId: string; poNumber: string; dueDate: string; currency: string; totalMinor: number; openMinor: number }
  | { kind: 'balance'; invoiceNumber: string; openMinor: number; on: string; /** after a credit memo settled some of a dispute */ disputedMinor?: number }
  | { kind: 'closed'; invoiceNumber: string; reason: 'paid' | 'written_off' };

/** What cash application tells an invoice: an application of a payment (or its reversal, negative). */
export const paymentAppliedSchema = z.object({
  /** The application's own ID: the same one twice is counted once. */
  applicationId: z.string().min(1),
  amountMinor: z.number().int().refine((n) => n !== 0, 'an application moves money'),
  appliedOn: isoDate,
});
export type PaymentApplied = z.infer<typeof paymentAppliedSchema>;

export const promiseToPaySchema = z.object({
  invoiceNumbers: z.array(z.string().min(1)).min(1),
  promisedDate: isoDate,
  by: z.string().min(3),
  note: z.string().default(''),
});
export type PromiseToPay = z.input<typeof promiseToPaySchema>;

export const disputeSchema = z.object({
  invoiceNumber: z.string().min(1),
  /** The disputed part: what the customer says they do not owe (the rest is still chased). */
  amountMinor: z.number().int().positive(),
  by: z.string().min(3),
  reason: z.string().min(3, 'a dispute needs its reason'),
});
export type DisputeRequest = z.infer<typeof disputeSchema>;

/** An AR lead finds a disputed amount owed after all: it is chased again (a granted dispute is a credit memo). */
export const disputeRejectionSchema = z.object({
  invoiceNumber: z.string().min(1),
  /** The dispute the person looked at: another opened on the invoice meanwhile is not rejected in its place. */
  disputeId: z.string().uuid().optional(),
  by: z.string().min(3),
  reason: z.string().trim().min(3, 'rejecting a dispute needs the reason the amount is owed').max(500, 'say why in 500 characters or fewer'),
});
export type DisputeRejection = z.infer<typeof disputeRejectionSchema>;

export const collectionDecisionSchema = z.object({
  decision: z.enum(['write_off', 'collection_agency', 'keep_chasing']),
  by: z.string().min(3),
  reason: z.string().min(3, 'a decision needs its reason'),
});
export type CollectionDecision = z.infer<typeof collectionDecisionSchema>;
