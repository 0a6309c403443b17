// Finds shipment confirmations in an email to the orders box (a packing slip or BOL PDF, a warehouse
// CSV/JSON feed attached), and recognises a supplier's invoice sent there by mistake. Anything else is
// left to the PO reader.
import { ShipmentReadError, type ShipmentConfirmation } from '../domain/shipment.js';
import { classifyDocumentKind } from './document-kind.js';
import type { EmailAttachment, ParsedEmail } from './email.js';
import { readPdfLayout } from './pdf-layout.js';
import { readShipmentDocument } from './shipment-document.js';
import { readShipmentCsv, readShipmentJson } from './shipment-feed.js';

export type ShipmentSearch =
  | { kind: 'none' }
  | { kind: 'vendor_invoice'; documentName: string; reason: string }
  | { kind: 'shipments'; confirmations: ShipmentConfirmation[] }
  | { kind: 'unreadable'; problems: string[] };

const isPdf = (a: EmailAttachment) => a.contentType === 'application/pdf' || /\.pdf$/i.test(a.filename ?? '');
const isCsv = (a: EmailAttachment) => /csv/i.test(a.contentType) || /\.csv$/i.test(a.filename ?? '');
const isJson = (a: EmailAttachment) => /json/i.test(a.contentType) || /\.json$/i.test(a.filename ?? '');
/** A warehouse feed names its slip/BOL column; a PO export does not. */
const FEED_HEADER = /\b(?:packing\s*slip|slip\s*(?:no|#|number)|bol|bill\s+of\s+lading|shipment\s*(?:no|id|number)|shipped|ship\s*date)\b/i;

export async function findShipmentConfirmations(email: ParsedEmail, ourCompanyName: string): Promise<ShipmentSearch> {
  const attachments = [...email.attachments, ...(email.forwarded?.attachments ?? [])];
  const confirmations: ShipmentConfirmation[] = [];
  const problems: string[] = [];
  for (const a of attachments) {
    const name = a.filename ?? 'an attachment';
    try {
      if (isPdf(a) && a.content.subarray(0, 1024).indexOf('%PDF-') >= 0) {
        const layout = await readPdfLayout(a.content).catch(() => undefined);
        if (!layout) continue; // the PO reader says why a PDF cannot be read
        const kind = classifyDocumentKind(layout.lines, { ourCompanyName });
        if (kind.kind === 'vendor_invoice') return { kind: 'vendor_invoice', documentName: name, reason: kind.reason };
        if (kind.kind === 'shipment_confirmation') confirmations.push(readShipmentDocument(layout.lines, name));
      } else if (isCsv(a) && FEED_HEADER.test(a.content.subarray(0, 2048).toString('utf8').split('\n')[0] ?? '')) {
        confirmations.push(...readShipmentCsv(a.content.toString('utf8'), name));
      } else if (isJson(a) && /"(?:packingSlip|packing_slip|slip|bol|billOfLading|shipments?|shippedAt|shipped_at)"/i.test(a.content.subarray(0, 4096).toString('utf8'))) {
        // Only a document that speaks of shipping is a warehouse feed; any other JSON is left to the PO readers.
        confirmations.push(...readShipmentJson(a.content.toString('utf8'), name));
      }
    } catch (err) {
      if (err instanceof ShipmentReadError) problems.push(...err.problems.map((p) => `${name}: ${p}`));
      else throw err;
    }
  }
  if (problems.length) return { kind: 'unreadable', problems };
  return confirmations.length ? { kind: 'shipments', confirmations } : { kind: 'none' };
}
