// The account actions' forms as the collections workflow's Update arguments: a promise to pay, and a
// payment plan typed as one installment a line ("2026-12-15 1,250.00"). The workflow's validator judges
// the rest (open invoices, dates, amounts adding up, who may agree a plan).
import { parseAmountMinor } from '../domain/money.js';

export type FormResult<T> = { ok: true; value: T } | { ok: false; problem: string };

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export function promiseFromForm(by: string, form: { invoices: string[]; promisedDate: string; note: string }): FormResult<{ invoiceNumbers: string[]; promisedDate: string; by: string; note: string }> {
  const invoiceNumbers = [...new Set(form.invoices.map((n) => n.trim().toUpperCase()).filter(Boolean))];
  if (invoiceNumbers.length === 0) return { ok: false, problem: 'tick the invoices the customer promised to pay' };
  const promisedDate = form.promisedDate.trim();
  if (!ISO_DATE.test(promisedDate)) return { ok: false, problem: `"${promisedDate}" is not a date (YYYY-MM-DD)` };
  return { ok: true, value: { invoiceNumbers, promisedDate, by, note: form.note.trim() } };
}

export function planFromForm(by: string, currency: string, form: { invoices: string[]; installments: string; reason: string }): FormResult<{ invoiceNumbers: string[]; installments: { dueDate: string; amountMinor: number }[]; by: string; reason: string }> {
  const invoiceNumbers = [...new Set(form.invoices.map((n) => n.trim().toUpperCase()).filter(Boolean))];
  if (invoiceNumbers.length === 0) return { ok: false, problem: 'tick the invoices the plan covers' };
  const installments: { dueDate: string; amountMinor: number }[] = [];
  const lines = form.installments.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
  for (const [n, line] of lines.entries()) {
    const match = /^(\d{4}-\d{2}-\d{2})[\s,;:]+(.+)$/.exec(line);
    const amountMinor = match ? parseAmountMinor(match[2]!.trim(), currency) : undefined;
    if (!match || amountMinor === undefined || amountMinor <= 0) return { ok: false, problem: `installment line ${n + 1} "${line}" is not "<YYYY-MM-DD> <amount>"` };
    installments.push({ dueDate: match[1]!, amountMinor });
  }
  if (installments.length < 2) return { ok: false, problem: 'a plan has at least two installments, one a line: "2026-12-15 1,250.00"' };
  if (form.reason.trim().length < 3) return { ok: false, problem: 'a plan needs its reason' };
  return { ok: true, value: { invoiceNumbers, installments, by, reason: form.reason.trim() } };
}
