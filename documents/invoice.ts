// The invoice as a document: what its templates are given (the email's and the PDF's share one context),
// its file name, and its PDF. Amounts arrive formatted: templates never do arithmetic.
import { renderDocumentHtml } from '../mail/templates.js';
import type { PaperSize, PdfRenderer } from './pdf-renderer.js';

export interface InvoiceContext {
  company: { name: string; billingAddress: string; remitTo: string[] };
  customer: { name: string; number: string };
  contact: { name: string };
  salesRep: { name: string; email: string } | null;
  invoice: {
    number: string; issueDate: string; dueDate: string; poNumber: string; orderReference: string;
    /** What it bills, in words: "shipped on 2026-11-28 (PS-20931)" or "service tickets of 2026-11". */
    basis: string;
    terms: string; subtotal: string; freight: string | null; tax: string | null; total: string;
    /** "Take 2% (USD 10.50) if paid by 2026-12-11": null without an early-payment discount. */
    discount: { amount: string; by: string } | null;
  };
  lines: { lineNumber: number; sku: string | null; description: string; quantity: string; unitPrice: string; amount: string }[];
  attachment: { filename: string } | null;
}

/** `Invoice-INV-000123.pdf`. */
export function invoicePdfFilename(invoiceNumber: string): string {
  return `Invoice-${invoiceNumber.replace(/[^A-Za-z0-9._-]+/g, '-')}.pdf`;
}

export function renderInvoicePdf(pdf: PdfRenderer, context: InvoiceContext, paper?: PaperSize): Promise<Uint8Array<ArrayBuffer>> {
  return pdf.render(renderDocumentHtml('invoice', context), { paper });
}
