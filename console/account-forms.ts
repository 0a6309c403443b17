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

/** What a customer's contact receives: order acknowledgements, or the billing mail (invoices, reminders, statements). */
export const CONTACT_ROLES = [
  { role: 'order', label: 'order acknowledgements' },
  { role: 'billing', label: 'invoices, reminders and statements' },
  { role: 'ap', label: 'accounts payable (billing mail too)' },
  { role: 'buyer', label: 'buyer (no mail of ours)' },
] as const;
export type ContactRole = (typeof CONTACT_ROLES)[number]['role'];

export function contactFromForm(form: { name: string; email: string; roles: string[] }): FormResult<{ name: string; email: string; roles: ContactRole[] }> {
  const name = form.name.trim().replace(/\s+/g, ' ');
  if (!name || name.length > 120 || /[\u0000-\u001f\u007f]/.test(name)) return { ok: false, problem: "give the contact's name (at most 120 characters)" };
  const email = form.email.trim().toLowerCase();
  // One address a contact: the mail is sent to exactly this, so no lists, display names or spaces.
  if (!/^[^@\s<>",;()]+@[^@\s<>",;()]+\.[^@\s<>",;()]+$/.test(email) || email.length > 254) return { ok: false, problem: `"${form.email.trim()}" is not one email address` };
  const known = new Set<string>(CONTACT_ROLES.map((r) => r.role));
  const unknown = form.roles.find((r) => !known.has(r));
  if (unknown !== undefined) return { ok: false, problem: `"${unknown}" is not a kind of contact` };
  const roles = CONTACT_ROLES.map((r) => r.role).filter((r) => form.roles.includes(r));
  if (roles.length === 0) return { ok: false, problem: 'tick what the contact receives' };
  return { ok: true, value: { name, email, roles } };
}

/** A note on the account (a call, what the customer said): kept in the timeline as written. */
export function noteFromForm(form: { text: string }): FormResult<string> {
  const text = form.text.replace(/\r\n/g, '\n').trim();
  if (text.length < 3) return { ok: false, problem: 'write the note' };
  if (text.length > 2_000) return { ok: false, problem: `a note is at most 2,000 characters (this one is ${text.length.toLocaleString('en-US')})` };
  return { ok: true, value: text };
}
