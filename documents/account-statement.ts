// The statement of account a customer's AP files: the PDF sent with the statement email, and the figures
// both the email and the PDF show, formatted once from the pure statement (domain/account-statement.ts).
import { AGING_BUCKETS } from '../domain/aging.js';
import type { AccountStatement } from '../domain/account-statement.js';
import { formatMoney, money } from '../domain/money.js';
import { renderDocumentHtml } from '../mail/templates.js';
import type { PdfRenderer } from './pdf-renderer.js';

export interface StatementContext {
  company: { name: string; billingAddress: string; remitTo: string[] };
  customer: { number: string; name: string };
  contact: { name: string };
  asOf: string;
  overdue: boolean;
  /** Headings per currency only when there is more than one. */
  multiCurrency: boolean;
  sections: {
    currency: string;
    lines: { number: string; poNumber: string; issueDate: string; dueDate: string; total: string; open: string; daysPastDue: number; disputed: string }[];
    credits: { reference: string; receivedOn: string; amount: string }[];
    buckets: { bucket: string; amount: string }[];
    open: string; unapplied: string; disputed: string; balanceDue: string; creditBalance: boolean;
  }[];
}

export function statementContext(statement: AccountStatement, parties: Omit<StatementContext, 'asOf' | 'overdue' | 'multiCurrency' | 'sections'>): StatementContext {
  return {
    ...parties, asOf: statement.asOf, overdue: statement.overdue, multiCurrency: statement.sections.length > 1,
    sections: statement.sections.map((s) => {
      const m = (minor: number) => formatMoney(money(minor, s.currency));
      return {
        currency: s.currency,
        lines: s.lines.map((l) => ({ number: l.number, poNumber: l.poNumber, issueDate: l.issueDate, dueDate: l.dueDate, total: m(l.totalMinor), open: m(l.openMinor), daysPastDue: l.daysPastDue, disputed: l.disputedMinor ? m(l.disputedMinor) : '' })),
        credits: s.credits.map((c) => ({ reference: c.reference, receivedOn: c.receivedOn, amount: m(c.unappliedMinor) })),
        buckets: AGING_BUCKETS.map((b) => ({ bucket: b, amount: m(s.buckets[b]) })),
        open: m(s.openMinor), unapplied: m(s.unappliedMinor), disputed: s.disputedMinor ? m(s.disputedMinor) : '',
        balanceDue: m(Math.abs(s.balanceDueMinor)), creditBalance: s.balanceDueMinor < 0,
      };
    }),
  };
}

export function statementPdfFilename(customerNumber: string, asOf: string): string {
  return `Statement-${customerNumber.replace(/[^A-Za-z0-9._-]+/g, '-')}-${asOf}.pdf`;
}

export function renderStatementPdf(pdf: PdfRenderer, context: StatementContext): Promise<Uint8Array<ArrayBuffer>> {
  return pdf.render(renderDocumentHtml('account-statement', context), { paper: 'Letter' });
}
