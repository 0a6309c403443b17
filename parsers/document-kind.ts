// What a document in the orders mailbox is, before anyone reads it for content: a customer's purchase order,
// our warehouse's packing slip or bill of lading, or a supplier's invoice sent to the orders box by mistake
// (it belongs with accounts payable). Decided by the words documents of each kind print (titles weigh most)
// and, for an invoice, by whether it bills us.
import { cellsOf, overlap } from './layout-text.js';

export type DocumentKind = 'purchase_order' | 'shipment_confirmation' | 'vendor_invoice' | 'unknown';

export interface DocumentKindDecision { kind: DocumentKind; reason: string }

interface Sign { kind: Exclude<DocumentKind, 'unknown'>; weight: number; pattern: RegExp; says: string }

const SIGNS: Sign[] = [
  { kind: 'shipment_confirmation', weight: 3, pattern: /\bpacking\s*(?:slip|list)\b/i, says: 'a packing slip title or number' },
  { kind: 'shipment_confirmation', weight: 3, pattern: /\bbill\s*of\s*lading\b|\bBOL\s*(?:#|no\b|number)/i, says: 'a bill of lading' },
  { kind: 'shipment_confirmation', weight: 3, pattern: /\b(?:delivery|d[ei]spatch)\s*note\b|\b(?:advance\s*)?ship(?:ping|ment)?\s*(?:notice|confirmation)\b/i, says: 'a delivery note or ship notice' },
  { kind: 'shipment_confirmation', weight: 2, pattern: /\b(?:qty\.?\s*)?shipped\b/i, says: 'a shipped quantity' },
  { kind: 'shipment_confirmation', weight: 1, pattern: /\bback\s*-?\s*order(?:ed)?\b|\bB\/O\b/i, says: 'backorders' },
  { kind: 'shipment_confirmation', weight: 1, pattern: /\btracking\b|\bPRO\s*(?:#|no\b|number|\/)/i, says: 'a tracking or PRO number' },
  { kind: 'shipment_confirmation', weight: 1, pattern: /\bcarrier\b/i, says: 'a carrier' },
  { kind: 'shipment_confirmation', weight: 1, pattern: /\bship(?:ped)?\s*date\b|\bdate\s*shipped\b/i, says: 'a ship date' },
  { kind: 'purchase_order', weight: 3, pattern: /\bpurchase\s*order\b/i, says: 'a purchase order title' },
  { kind: 'purchase_order', weight: 2, pattern: /^\s*order\s*$/im, says: 'an "ORDER" title' },
  { kind: 'purchase_order', weight: 1, pattern: /\bp\.?\s?o\.?\s*(?:#|no\b|no\.|number)|\border\s*(?:no\b|no\.|number|#)/i, says: 'a PO or order number label' },
  { kind: 'purchase_order', weight: 1, pattern: /\b(?:required|need(?:ed)?)\s*by\b|\brequested\s*(?:delivery|ship)?\s*date\b|\bdelivery\s*date\b/i, says: 'a requested date' },
  { kind: 'purchase_order', weight: 1, pattern: /\bunit\s*price\b|\bprice\s*each\b|\bnet\s*price\b/i, says: 'unit prices' },
  { kind: 'purchase_order', weight: 1, pattern: /\bauthori[sz]ed\s*by\b|\bbuyer\b/i, says: 'a buyer or authorisation' },
  { kind: 'vendor_invoice', weight: 3, pattern: /\binvoice\b/i, says: 'an invoice title or number' },
  { kind: 'vendor_invoice', weight: 3, pattern: /\bremit(?:tance)?\s*(?:to|address|payment)\b/i, says: 'a remit-to address' },
  { kind: 'vendor_invoice', weight: 2, pattern: /\b(?:amount|balance|total)\s*due\b/i, says: 'an amount due' },
];

/** Whether a "Bill To" block (same cell, or the lines under it in its column) names our company. */
function billsUs(lines: string[], companyName: string): boolean {
  const company = companyName.toLowerCase().replace(/\s+/g, ' ').trim();
  for (let i = 0; i < lines.length; i++) {
    for (const cell of cellsOf(lines[i]!)) {
      if (!/^(?:bill(?:ed)?\s*to|sold\s*to|customer)\s*:?/i.test(cell.text)) continue;
      if (cell.text.toLowerCase().includes(company)) return true;
      for (let j = i + 1; j < Math.min(lines.length, i + 4); j++) {
        if (cellsOf(lines[j]!).some((b) => overlap(b, cell) > 0 && b.text.toLowerCase().replace(/\s+/g, ' ').includes(company))) return true;
      }
    }
  }
  return false;
}

/**
 * Tells a purchase order, a shipment confirmation and a supplier's invoice apart, with the evidence.
 * `input` is layout lines (parsers/pdf-layout.ts) or plain text. `ourCompanyName` (settings' desk.companyName)
 * lets an invoice that bills us be recognised as a supplier's. Text with no title and few labels, such as an
 * order typed in an email, is `unknown`: the caller reads it as it did before.
 */
export function classifyDocumentKind(input: string[] | string, options: { ourCompanyName?: string } = {}): DocumentKindDecision {
  const lines = typeof input === 'string' ? input.split(/\r?\n/) : input;
  const text = lines.join('\n');
  const scores = new Map<DocumentKind, { score: number; says: string[] }>();
  const add = (kind: DocumentKind, weight: number, says: string) => {
    const entry = scores.get(kind) ?? { score: 0, says: [] };
    entry.score += weight;
    entry.says.push(says);
    scores.set(kind, entry);
  };
  for (const sign of SIGNS) if (sign.pattern.test(text)) add(sign.kind, sign.weight, sign.says);
  if (options.ourCompanyName && billsUs(lines, options.ourCompanyName)) add('vendor_invoice', 3, `a "Bill To" naming ${options.ourCompanyName}`);

  const ranked = [...scores.entries()].sort((a, b) => b[1].score - a[1].score);
  const [first, second] = ranked;
  const names: Record<DocumentKind, string> = { purchase_order: 'a purchase order', shipment_confirmation: 'a shipment confirmation', vendor_invoice: "a supplier's invoice", unknown: 'unknown' };
  if (!first || first[1].score < 3) {
    return { kind: 'unknown', reason: first ? `Too little to go on: only ${first[1].says.join(', ')}.` : 'No title or label of a purchase order, packing slip, bill of lading or invoice.' };
  }
  if (second && first[1].score - second[1].score < 2) {
    return { kind: 'unknown', reason: `It reads as ${names[first[0]]} (${first[1].says.join(', ')}) as much as ${names[second[0]]} (${second[1].says.join(', ')}).` };
  }
  return { kind: first[0], reason: `It reads as ${names[first[0]]}: ${first[1].says.join(', ')}.` };
}

/** The name the inbound workflow's issue uses for the same decision. */
export const looksLikeShipmentConfirmation = classifyDocumentKind;
