// Recognises the structured purchase orders customers attach (X12 850, Order-X / UBL XML, CSV, and
// order XML embedded in a PDF) and reads them, turning every failure into a sentence naming the file
// and the reason, for the CSR. findPurchaseOrder asks here before it reads any PDF's text.
import type { ParsedPurchaseOrder } from '../domain/purchase-order.js';
import type { EmailAttachment } from './email.js';
import { looksLikeXml, OrderXmlError, pdfEmbeddedOrderXml, readOrderXml } from './order-xml.js';
import { CsvPoError, hasCsvPoHeader, readCsvPurchaseOrder } from './po-csv.js';
import { decodeText } from './structured-values.js';
import { looksLikeX12, readX12PurchaseOrders, X12Error } from './x12-850.js';

export type StructuredResult =
  | { kind: 'po'; po: ParsedPurchaseOrder }
  /** Several POs in one file: arflow enters one per email, so the email goes to a person whole. */
  | { kind: 'several'; problem: string }
  | { kind: 'problem'; problem: string }
  /** Not a structured order file (a PDF, an image, a .txt without a PO header row…). */
  | { kind: 'not_structured' };

type Format = 'x12' | 'xml' | 'csv' | 'text' | 'spreadsheet';

function formatOf(a: EmailAttachment): Format | undefined {
  const name = (a.filename ?? '').toLowerCase();
  const type = a.contentType.toLowerCase();
  if (/\.pdf$/.test(name) || type === 'application/pdf') return undefined;
  if (looksLikeX12(a.content) || /\.(edi|x12|850)$/.test(name) || type === 'application/edi-x12') return 'x12';
  if (/\.xml$/.test(name) || /^(application|text)\/([\w.-]+\+)?xml$/.test(type)) return 'xml';
  if (/\.(csv|tsv|tab)$/.test(name) || /^(text|application)\/(csv|x-csv|tab-separated-values)$/.test(type)) return 'csv';
  if (/\.(xlsx|xlsm|xls|ods)$/.test(name) || /spreadsheetml|opendocument\.spreadsheet/.test(type)) return 'spreadsheet';
  if (/\.txt$/.test(name) || type === 'text/plain') return 'text';
  if (type === 'application/octet-stream' && /^(?:\uFEFF)?\s*<\?xml/.test(a.content.subarray(0, 64).toString('utf8')) && looksLikeXml(a.content)) return 'xml';
  return undefined;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export function readStructuredAttachment(a: EmailAttachment, maxBytes: number): StructuredResult {
  const format = formatOf(a);
  if (!format) return { kind: 'not_structured' };
  const name = a.filename ?? `the ${{ x12: 'EDI', xml: 'XML', csv: 'CSV', text: 'CSV', spreadsheet: 'spreadsheet' }[format]} attachment`;
  if (a.content.length > maxBytes) return { kind: 'problem', problem: `${name} is ${Math.round(a.content.length / 1048576)} MB, over the ${maxBytes / 1048576} MB limit.` };
  if (format === 'text' && !hasCsvPoHeader(a.content)) return { kind: 'not_structured' }; // a note, not a PO
  if (a.content.length === 0) return { kind: 'problem', problem: `${name} is empty (0 bytes).` };
  if (format === 'spreadsheet') {
    return { kind: 'problem', problem: `${name} is a spreadsheet workbook; arflow reads purchase orders as CSV: ask the customer to save the sheet as CSV, or to send the PO as a PDF.` };
  }
  try {
    if (format === 'x12') {
      const orders = readX12PurchaseOrders(decodeText(a.content), name);
      if (orders.length > 1) {
        const numbers = orders.map((o) => o.poNumber?.value ?? '(no number)').join(', ');
        return { kind: 'several', problem: `${name} carries ${orders.length} purchase orders (${numbers}); arflow enters one PO per email: forward each PO in its own email, or ask the customer to send one 850 per interchange.` };
      }
      return { kind: 'po', po: orders[0]! };
    }
    if (format === 'xml') return { kind: 'po', po: readOrderXml(a.content, name) };
    return { kind: 'po', po: readCsvPurchaseOrder(a.content, name) };
  } catch (err) {
    if (err instanceof X12Error) return { kind: 'problem', problem: `${name} cannot be read as an X12 850 purchase order: ${err.message}.` };
    if (err instanceof OrderXmlError) return { kind: 'problem', problem: `${name} cannot be read as an order: ${err.message}.` };
    if (err instanceof CsvPoError) return { kind: 'problem', problem: `${name} cannot be read as a CSV purchase order: ${err.message}.` };
    // A reader's own defect must not retry the email forever: a person sees the file and the message.
    return { kind: 'problem', problem: `${name} cannot be read: ${(err as Error).message}.` };
  }
}

/** The order XML inside a hybrid PDF (Order-X), read exactly; undefined when the PDF carries none. */
export async function readPdfEmbeddedOrder(pdf: Buffer, pdfName: string): Promise<StructuredResult> {
  const embedded = await pdfEmbeddedOrderXml(pdf);
  if (!embedded) return { kind: 'not_structured' };
  const name = `${pdfName} (embedded ${embedded.filename})`;
  try {
    return { kind: 'po', po: readOrderXml(embedded.xml, name) };
  } catch (err) {
    const reason = err instanceof OrderXmlError ? err.message : `the reader failed (${(err as Error).message})`;
    return { kind: 'problem', problem: `${pdfName} carries ${embedded.filename}, which cannot be read as an order: ${reason}.` };
  }
}

/** What a CSR is told about a structured PO that reads but lacks a number or lines. */
export function describePartial(po: ParsedPurchaseOrder): string {
  const unreadable = po.unreadableLines.length ? ` (${plural(po.unreadableLines.length, 'line')} could not be read)` : '';
  return `${po.documentName} has ${po.poNumber ? `PO number ${po.poNumber.value}` : 'no PO number'} and ${po.lines.length} order line(s) we could read${unreadable}.`;
}
