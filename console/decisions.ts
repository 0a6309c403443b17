// A person's decision from a console form, as the Update the paused workflow takes. The workflow's own
// validator judges it (limits, stale questions); this only turns the form into the Update's arguments and
// refuses a form that is not one.
import { parseAmountMinor } from '../domain/money.js';

export interface DecisionForm { decision: string; reason: string; answer?: string; invoiceNumber?: string; amount?: string; customerNumber?: string; deduction?: string; writeOff?: boolean }

export type UpdateCall = { ok: true; updateName: string; args: unknown } | { ok: false; problem: string };

/** The kinds of approval the console decides, and the decisions each takes. */
export const DECISIONS: Record<string, { updateName: string; choices: { value: string; label: string }[] }> = {
  credit_hold: { updateName: 'decideCreditHold', choices: [{ value: 'release', label: 'Release the order' }, { value: 'reject', label: 'Reject the order' }] },
  credit_memo: { updateName: 'decideCreditMemo', choices: [{ value: 'approve', label: 'Approve the credit memo' }, { value: 'reject', label: 'Reject it' }] },
  collections_decision: { updateName: 'decideCollection', choices: [{ value: 'write_off', label: 'Write off' }, { value: 'collection_agency', label: 'Send to a collection agency' }, { value: 'keep_chasing', label: 'Keep chasing' }] },
  shipment_discrepancy: { updateName: 'resolveShipmentDiscrepancy', choices: [{ value: 'invoice_undisputed', label: 'Invoice what nobody questions' }, { value: 'do_not_invoice', label: 'Invoice nothing from this shipment' }] },
  // Order questions are answered in the words a reply email would carry ("line 2 item WID-200").
  order_review: { updateName: 'answerReviewQuestions', choices: [{ value: 'answer', label: 'Answer the questions' }] },
  cash_exception: { updateName: 'applyCash', choices: [{ value: 'apply', label: 'Apply to an invoice' }, { value: 'on_account', label: 'Leave on account' }, { value: 'suspense', label: 'Leave in suspense' }] },
};

export function updateFor(kind: string, by: string, form: DecisionForm, currency: string): UpdateCall {
  const spec = DECISIONS[kind];
  if (!spec) return { ok: false, problem: `a ${kind.replace(/_/g, ' ')} is decided where it was asked (by reply or its Update), not here yet` };
  if (!spec.choices.some((c) => c.value === form.decision)) return { ok: false, problem: `choose one of: ${spec.choices.map((c) => c.label.toLowerCase()).join(', ')}` };
  const reason = form.reason.trim();
  if (kind === 'credit_hold') return { ok: true, updateName: spec.updateName, args: { by, decision: form.decision, reason } };
  if (kind === 'credit_memo') return { ok: true, updateName: spec.updateName, args: { by, decision: form.decision, reason } };
  if (kind === 'collections_decision' || kind === 'shipment_discrepancy') return { ok: true, updateName: spec.updateName, args: { by, decision: form.decision, reason } };
  if (kind === 'order_review') {
    const answer = (form.answer ?? '').trim();
    return answer ? { ok: true, updateName: spec.updateName, args: { by, answer } } : { ok: false, problem: 'write the answer, one line per question (for example "line 1 item WID-200")' };
  }
  // Cash: apply to one invoice (with an optional deduction), or leave the money where it is.
  const customer = form.customerNumber?.trim() ? { customerNumber: form.customerNumber.trim() } : {};
  if (form.decision !== 'apply') return { ok: true, updateName: spec.updateName, args: { by, ...customer, applications: [], leaveRest: form.decision, note: reason || undefined } };
  const amountMinor = parseAmountMinor(form.amount ?? '', currency);
  const deductionMinor = form.deduction?.trim() ? parseAmountMinor(form.deduction, currency) : 0;
  if (!form.invoiceNumber?.trim()) return { ok: false, problem: 'name the invoice to apply the payment to' };
  if (amountMinor === undefined || amountMinor < 0) return { ok: false, problem: `"${form.amount ?? ''}" is not an amount` };
  if (deductionMinor === undefined || deductionMinor < 0) return { ok: false, problem: `"${form.deduction ?? ''}" is not an amount` };
  return {
    ok: true, updateName: spec.updateName,
    args: {
      by, ...customer, note: reason || undefined,
      applications: [{ invoiceNumber: form.invoiceNumber.trim().toUpperCase(), amountMinor, deductionMinor, ...(deductionMinor ? { deductionReason: reason || 'short paid', writeOff: !!form.writeOff } : {}) }],
    },
  };
}
