// Finds the purchase order in a forwarded email: a structured attachment first (X12 850, Order-X/UBL
// XML, CSV: exact), then order XML embedded in a PDF, then a PDF's text (the customer's own document),
// then the order typed in the body. Says precisely why when there is none.
import type { ParsedPurchaseOrder } from '../domain/purchase-order.js';
import type { EmailAttachment, ParsedEmail } from './email.js';
import { readPdfLayout, UnreadableDocumentError } from './pdf-layout.js';
import { readPurchaseOrder } from './po-reader.js';
import { describePartial, readPdfEmbeddedOrder, readStructuredAttachment } from './structured-attachments.js';

export const MAX_ATTACHMENT_BYTES = 25 * 1024 * 1024;

export type PoSearchResult =
  | { found: true; po: ParsedPurchaseOrder }
  | { found: false; code: 'no_purchase_order' | 'unreadable_document'; problems: string[] };

function isPdf(a: EmailAttachment): boolean {
  return a.contentType === 'application/pdf' || /\.pdf$/i.test(a.filename ?? '') ||
    (a.contentType === 'application/octet-stream' && a.content.subarray(0, 5).toString('latin1') === '%PDF-');
}

function usable(po: ParsedPurchaseOrder): boolean {
  return po.poNumber !== undefined && po.lines.length > 0;
}

function bodyLines(text: string): string[] {
  // Typed orders use tabs or runs of spaces between columns; keep them as layout gaps.
  return text.replace(/\r/g, '').split('\n').map((l) => l.replace(/\t+/g, '   '));
}

export async function findPurchaseOrder(email: ParsedEmail): Promise<PoSearchResult> {
  const attachments = [...email.attachments, ...(email.forwarded?.attachments ?? [])];
  const problems: string[] = [];
  let partial: ParsedPurchaseOrder | undefined;
  for (const attachment of attachments.filter((a) => !isPdf(a))) {
    const result = readStructuredAttachment(attachment, MAX_ATTACHMENT_BYTES);
    if (result.kind === 'several') return { found: false, code: 'unreadable_document', problems: [result.problem] };
    if (result.kind === 'problem') problems.push(result.problem);
    if (result.kind !== 'po') continue;
    if (usable(result.po)) return { found: true, po: result.po };
    partial ??= result.po;
    problems.push(describePartial(result.po));
  }
  // A hybrid PDF's embedded order XML is exact and wins over any PDF's printed text.
  for (const attachment of attachments.filter((a) => isPdf(a) && a.content.length <= MAX_ATTACHMENT_BYTES && a.content.subarray(0, 1024).indexOf('%PDF-') >= 0)) {
    const result = await readPdfEmbeddedOrder(attachment.content, attachment.filename ?? 'the PDF attachment');
    if (result.kind === 'problem') problems.push(result.problem);
    if (result.kind !== 'po') continue;
    if (usable(result.po)) return { found: true, po: result.po };
    partial ??= result.po;
    problems.push(describePartial(result.po));
  }
  for (const attachment of attachments.filter(isPdf)) {
    const name = attachment.filename ?? 'the PDF attachment';
    if (attachment.content.length === 0) { problems.push(`${name} is empty (0 bytes).`); continue; }
    if (attachment.content.length > MAX_ATTACHMENT_BYTES) { problems.push(`${name} is ${Math.round(attachment.content.length / 1048576)} MB, over the ${MAX_ATTACHMENT_BYTES / 1048576} MB limit.`); continue; }
    if (attachment.content.subarray(0, 1024).indexOf('%PDF-') < 0) { problems.push(`${name} is not a PDF, although it is named or labelled as one.`); continue; }
    try {
      const layout = await readPdfLayout(attachment.content);
      const po = readPurchaseOrder(layout.lines, 'pdf_text', name);
      if (usable(po)) return { found: true, po };
      partial ??= po;
      problems.push(`${name} has ${po.poNumber ? `PO number ${po.poNumber.value}` : 'no PO number we could find'} and ${po.lines.length} order line(s) we could read.`);
    } catch (err) {
      if (err instanceof UnreadableDocumentError) problems.push(`${name} cannot be read: ${err.message}.`);
      else problems.push(`${name} cannot be read: ${(err as Error).message}.`);
    }
  }
  for (const [text, where] of [[email.forwarded?.text, 'the forwarded message'], [email.text, 'the email body']] as const) {
    if (!text?.trim()) continue;
    const po = readPurchaseOrder(bodyLines(text), 'email_body', where);
    if (usable(po)) return { found: true, po };
    if (po.poNumber || po.lines.length) partial ??= po;
  }
  // A PO number without lines (or lines without a number) is still a PO: let intake say what is missing.
  if (partial && (partial.poNumber || partial.lines.length)) return { found: true, po: partial };
  if (problems.length) return { found: false, code: 'unreadable_document', problems };
  return {
    found: false, code: 'no_purchase_order',
    problems: [attachments.length
      ? `None of the ${attachments.length} attachment(s) is a purchase order we can read (we read PDF POs), and the email body has no PO number or order lines.`
      : 'The email has no attachment and its body has no PO number or order lines.'],
  };
}
