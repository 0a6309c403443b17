// The order acknowledgement as a document: what its templates are given (the email's and the PDF's
// share one context), its revision wording, its file name, and its PDF.
import { renderDocumentHtml } from '../mail/templates.js';
import type { PaperSize, PdfRenderer } from './pdf-renderer.js';

export interface AcknowledgementLine {
  lineNumber: number;
  sku: string;
  customerSku: string | null;
  description: string;
  quantity: string;
  unitOfMeasure: string;
  unitPrice: string;
  amount: string;
}

export interface AcknowledgementContext {
  company: { name: string; ordersAddress: string };
  customer: { name: string; number: string };
  contact: { name: string };
  salesRep: { name: string; email: string } | null;
  document: { revision: number; revised: boolean; revisionLabel: string; issuedOn: string };
  order: {
    poNumber: string; reference: string; revision: number;
    orderDate: string | null; requestedShipDate: string | null; shipTo: string | null;
    total: string; terms: string;
  };
  lines: AcknowledgementLine[];
  /** The PDF sent with the email, or null when none is (the email then must not mention one). */
  attachment: { filename: string } | null;
}

export function acknowledgementRevision(revision: number, issuedOn: Date): AcknowledgementContext['document'] {
  if (!Number.isSafeInteger(revision) || revision < 1) throw new RangeError(`an acknowledgement revision is a whole number from 1, got ${revision}`);
  return {
    revision, revised: revision > 1,
    revisionLabel: revision > 1 ? `Revised acknowledgement — revision ${revision}` : 'Acknowledgement',
    issuedOn: issuedOn.toISOString().slice(0, 10),
  };
}

/** `Acknowledgement-<PO>-r<revision>.pdf`, with anything a file system or mail client may choke on replaced. */
export function acknowledgementPdfFilename(poNumber: string, revision: number): string {
  const po = poNumber.trim().replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[.-]+|[.-]+$/g, '') || 'PO';
  return `Acknowledgement-${po}-r${revision}.pdf`;
}

export function acknowledgementHtml(context: AcknowledgementContext): string {
  return renderDocumentHtml('order-acknowledgement', context);
}

export function renderAcknowledgementPdf(pdf: PdfRenderer, context: AcknowledgementContext, paper?: PaperSize): Promise<Uint8Array<ArrayBuffer>> {
  return pdf.render(acknowledgementHtml(context), { paper });
}
