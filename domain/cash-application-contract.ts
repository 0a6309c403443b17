// The cash application workflow's contract: one workflow per payment, named by the payment's number, and the
// Update a person answers an exception with. Validated where it enters (parseOrRefuse in the validator).
import { z } from 'zod';

export const CASH_APPLICATION_WORKFLOW_TYPE = 'cashApplicationWorkflow';
export const APPLY_CASH_UPDATE = 'applyCash';

export function cashApplicationWorkflowId(paymentNumber: string): string {
  return `payment-${paymentNumber}`;
}

export interface CashApplicationInput { paymentNumber: string }

const minor = z.number().int().nonnegative();

export const cashDecisionSchema = z.object({
  by: z.string().min(3, 'say who decides (an email address)'),
  /** Whose money it is, when the payment was in suspense or the match named the wrong customer. */
  customerNumber: z.string().min(1).optional(),
  applications: z.array(z.object({
    invoiceNumber: z.string().min(1),
    amountMinor: minor,
    discountMinor: minor.default(0),
    deductionMinor: minor.default(0),
    deductionReason: z.string().min(3).optional(),
    /** True: the deduction is written off; false: it becomes a dispute on the invoice. */
    writeOff: z.boolean().default(false),
  }).refine((a) => a.amountMinor + a.discountMinor + a.deductionMinor > 0, 'an application must apply something')
    .refine((a) => a.deductionMinor === 0 || !!a.deductionReason, 'a deduction needs its reason')).default([]),
  /** Leave what is not applied on the customer's account (or in suspense) and close the exception. */
  leaveRest: z.enum(['on_account', 'suspense']).optional(),
  note: z.string().optional(),
}).refine((d) => d.applications.length > 0 || d.leaveRest, 'apply the payment to invoices, or say to leave it on account or in suspense')
  .refine((d) => new Set(d.applications.map((a) => a.invoiceNumber)).size === d.applications.length, 'name each invoice once in a decision');
export type CashDecisionInput = z.input<typeof cashDecisionSchema>;
export type CashDecision = z.infer<typeof cashDecisionSchema>;
